package storage

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

// splitOrder is a sale of two 50.00 lines (no discount, no tax) paid card
// 50.00 + cash 50.00.
func splitOrder(at time.Time) *pos.Order {
	q := pos.Quote{Currency: usd, Subtotal: money(100_00), Total: money(100_00), Tax: money(0), ExclusiveTax: money(0),
		Shipping: money(0), ShippingDiscount: money(0), Units: 2}
	for i := 1; i <= 2; i++ {
		q.Lines = append(q.Lines, pos.QuoteLine{Pos: i, LineID: int64(i), ProductID: fmt.Sprintf("p%d", i), PriceID: fmt.Sprintf("p%d-usd", i),
			Title: fmt.Sprintf("Product %d", i), Quantity: 1, UnitPrice: money(50_00), Subtotal: money(50_00), Amount: money(50_00),
			OrderShare: money(0), Net: money(50_00), Tax: money(0), TaxBehavior: pos.TaxInclusive})
	}
	return &pos.Order{ID: pos.NewID(at), LocationID: "loc-1", TillID: "till-0", CartID: pos.NewID(at), CreatedAt: at,
		Currency: usd, Quote: q, Paid: money(100_00), Change: money(0),
		Tenders: []pos.Tender{{Method: pos.Card, Amount: money(50_00)}, {Method: pos.Cash, Amount: money(50_00)}}}
}

// helperReturn is a till that returns one line of each order it is given,
// as pos.Till.Return does (the refund worked out from the order and its
// returns, then recorded), with a barrier in between: on "prep ID" it works
// the refund out and answers "ready" with its tenders; on "go" it records it and answers
// "ok" with the tenders recorded, as JSON, or "refused" with the reason.
func helperReturn(db *DB, till string, line int, in io.Reader, out io.Writer) error {
	s := bufio.NewScanner(in)
	var r pos.Return
	for s.Scan() {
		cmd, arg, _ := strings.Cut(s.Text(), " ")
		switch cmd {
		case "prep":
			o, err := db.Order(ctx, arg)
			if err != nil {
				return err
			}
			prev, err := db.Returns(ctx, arg)
			if err != nil {
				return err
			}
			if r, err = pos.Refund(o, prev, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: line, Quantity: 1}}}); err != nil {
				return err
			}
			now := time.Now()
			r.ID, r.TillID, r.CreatedAt = pos.NewID(now), till, now
			b, err := json.Marshal(r.Tenders)
			if err != nil {
				return err
			}
			fmt.Fprintln(out, "ready", string(b))
		case "go":
			if err := db.CompleteReturn(ctx, &r); err != nil {
				fmt.Fprintln(out, "refused", pos.ErrorMessage(err))
				continue
			}
			b, err := json.Marshal(r.Tenders)
			if err != nil {
				return err
			}
			fmt.Fprintln(out, "ok", string(b))
		default:
			return fmt.Errorf("unknown command %q", s.Text())
		}
	}
	return s.Err()
}

// lineTill is a helper process driven a line at a time.
type lineTill struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Scanner
	stderr strings.Builder
}

func startLineTill(tb testing.TB, path, tillID string, line int) *lineTill {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"=return", envDB+"="+path, envTill+"="+tillID, fmt.Sprintf("%s=%d", envLine, line))
	lt := &lineTill{cmd: cmd}
	cmd.Stderr = &lt.stderr
	var err error
	if lt.in, err = cmd.StdinPipe(); err != nil {
		tb.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	lt.out = bufio.NewScanner(out)
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		lt.in.Close()
		if err := cmd.Wait(); err != nil {
			tb.Errorf("till %s: %v\n%s", tillID, err, lt.stderr.String())
		}
	})
	return lt
}

func (lt *lineTill) send(tb testing.TB, line string) {
	tb.Helper()
	if _, err := fmt.Fprintln(lt.in, line); err != nil {
		tb.Fatalf("writing to a till: %v\n%s", err, lt.stderr.String())
	}
}

func (lt *lineTill) answer(tb testing.TB) string {
	tb.Helper()
	if !lt.out.Scan() {
		tb.Fatalf("a till stopped: %v\n%s", lt.out.Err(), lt.stderr.String())
	}
	return lt.out.Text()
}

// TestRefundTendersTwoTills: two till processes return different lines of
// one order paid card 50.00 + cash 50.00, at the same moment, 200 times
// (200 orders). Both work their refund out before either records it, so
// both ask for the card; the store decides the tenders again inside each
// write: the card never gives back more than it paid, both returns go
// through and together give back exactly the order's total.
func TestRefundTendersTwoTills(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two tills")
	}
	const races = 200
	path := filepath.Join(t.TempDir(), "refunds.db")
	db := MustOpenDBAt(t, path)
	ids := make([]string, races)
	at := time.Now().UTC()
	for i := range ids {
		o := splitOrder(at.Add(time.Duration(i) * time.Millisecond))
		mustComplete(t, db, o)
		ids[i] = o.ID
	}
	tills := []*lineTill{startLineTill(t, path, "till-1", 1), startLineTill(t, path, "till-2", 2)}
	start := time.Now()
	staleCard, secondFirst := 0, 0
	wantCard := mustJSON(t, []pos.Tender{{Method: pos.Card, Amount: money(50_00)}})
	for _, id := range ids {
		for _, tl := range tills {
			tl.send(t, "prep "+id)
		}
		for _, tl := range tills {
			a := tl.answer(t)
			res, ok := strings.CutPrefix(a, "ready ")
			if !ok {
				t.Fatalf("order %s: a till answered %q", id, a)
			}
			var preview []pos.Tender
			if err := json.Unmarshal([]byte(res), &preview); err != nil {
				t.Fatal(err)
			}
			if mustJSON(t, preview) == wantCard {
				staleCard++
			}
		}
		for _, tl := range tills { // the barrier: both previews are done, both write now
			tl.send(t, "go")
		}
		answered := make([][]pos.Tender, len(tills))
		for i, tl := range tills {
			a := tl.answer(t)
			res, ok := strings.CutPrefix(a, "ok ")
			if !ok {
				t.Fatalf("order %s: till %d: %s", id, i+1, a)
			}
			if err := json.Unmarshal([]byte(res), &answered[i]); err != nil {
				t.Fatal(err)
			}
		}
		rets, err := db.Returns(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(rets) != 2 {
			t.Fatalf("order %s: %d returns recorded", id, len(rets))
		}
		refunded := map[pos.TenderMethod]int64{}
		var total int64
		for _, r := range rets {
			var tenders int64
			for _, tn := range r.Tenders {
				refunded[tn.Method] += tn.Amount.Minor()
				tenders += tn.Amount.Minor()
			}
			if tenders != r.Total.Minor() || r.Total.Minor() != r.Lines[0].Refund.Minor() {
				t.Fatalf("order %s, return %s: tenders %d, total %s, line %s", id, r.NumberLabel(), tenders, r.Total, r.Lines[0].Refund)
			}
			total += r.Total.Minor()
			// What the till was told is what was recorded.
			i := r.Lines[0].Pos - 1
			if mustJSON(t, answered[i]) != mustJSON(t, r.Tenders) {
				t.Fatalf("order %s: till %d was told %v, the store holds %v", id, i+1, answered[i], r.Tenders)
			}
		}
		first := rets[0]
		if rets[1].Number < first.Number {
			first = rets[1]
		}
		if first.Lines[0].Pos == 2 {
			secondFirst++
		}
		if refunded[pos.Card] > 50_00 || refunded[pos.Card]+refunded[pos.Cash] != 100_00 || total != 100_00 {
			t.Fatalf("order %s: refunded %v, total %d; the card paid 50.00 and the order 100.00", id, refunded, total)
		}
	}
	elapsed := time.Since(start)
	t.Logf("%d races in %s (%s each); till 2 wrote first in %d of them; %d of %d previews asked the card for 50.00",
		races, elapsed.Round(time.Millisecond), (elapsed / races).Round(time.Microsecond), secondFirst, staleCard, 2*races)
	if staleCard != 2*races {
		t.Errorf("only %d of %d previews asked for the card: the tills did not race", staleCard, 2*races)
	}
}

// TestRefundTendersDecidedInTheWrite: two refunds of different lines of a
// card 50.00 + cash 50.00 order, both worked out before either is recorded
// (both say card 50.00): the second one recorded goes to cash, and the
// caller is told so. A refund chosen all in cash stays all in cash.
func TestRefundTendersDecidedInTheWrite(t *testing.T) {
	db := MustOpenDB(t)
	o := splitOrder(time.Now().UTC())
	mustComplete(t, db, o)
	preview := func(line int, allCash bool) pos.Return {
		t.Helper()
		prev, err := db.Returns(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, err := pos.Refund(o, prev, pos.ReturnRequest{Lines: []pos.ReturnLineRequest{{Pos: line, Quantity: 1}}, AllCash: allCash})
		if err != nil {
			t.Fatal(err)
		}
		r.ID, r.TillID, r.CreatedAt = pos.NewID(time.Now()), fmt.Sprintf("till-%d", line), time.Now()
		return r
	}
	card := mustJSON(t, []pos.Tender{{Method: pos.Card, Amount: money(50_00)}})
	cash := mustJSON(t, []pos.Tender{{Method: pos.Cash, Amount: money(50_00)}})
	r1, r2 := preview(1, false), preview(2, false)
	if mustJSON(t, r1.Tenders) != card || mustJSON(t, r2.Tenders) != card {
		t.Fatalf("previews: %v, %v", r1.Tenders, r2.Tenders)
	}
	for _, r := range []*pos.Return{&r1, &r2} {
		if err := db.CompleteReturn(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if mustJSON(t, r1.Tenders) != card || mustJSON(t, r2.Tenders) != cash {
		t.Fatalf("recorded: %v, %v; want the card, then cash", r1.Tenders, r2.Tenders)
	}
	stored, err := db.Returns(ctx, o.ID)
	if err != nil || len(stored) != 2 || mustJSON(t, stored[1].Tenders) != cash {
		t.Fatalf("stored %+v, %v", stored, err)
	}

	// All in cash, chosen while the card could still take it: stays cash.
	o2 := splitOrder(time.Now().UTC().Add(time.Second))
	mustComplete(t, db, o2)
	o = o2
	r3 := preview(1, true)
	if err := db.CompleteReturn(ctx, &r3); err != nil {
		t.Fatal(err)
	}
	if mustJSON(t, r3.Tenders) != cash {
		t.Fatalf("all in cash recorded as %v", r3.Tenders)
	}
}
