package hq

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"caisse/pos"
)

func TestJoinTwiceFindsTheSameTill(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	a := newTestTill(t, "till-a")
	first, err := Join(ctx, a.db, url, "Lyon", "till-a")
	must(t, err)
	again, err := Join(ctx, a.db, url, "Lyon", "till-a")
	must(t, err)
	if first != again || first.TillID == 0 || first.ShopID == 0 {
		t.Fatalf("joined as %+v, then %+v", first, again)
	}
	b := newTestTill(t, "till-b")
	other, err := Join(ctx, b.db, url, "Lyon", "till-b")
	must(t, err)
	if other.ShopID != first.ShopID || other.TillID == first.TillID {
		t.Fatalf("second till %+v, first %+v", other, first)
	}
	link, ok, err := a.db.HQLink(ctx)
	if err != nil || !ok || link != first {
		t.Fatalf("stored link %+v %v %v, want %+v", link, ok, err, first)
	}
	if n := count(t, h, `SELECT count(*) FROM tills`); n != 2 {
		t.Fatalf("%d tills registered, want 2", n)
	}
}

// A till that sold before joining sends those sales with its first sync;
// the head office then holds every order once, with the till's totals.
func TestSyncSendsSalesMadeBeforeJoining(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	tt := newTestTill(t, "till-a")
	tt.mustSell(t, 3)
	_, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	s := NewSyncer(tt.db)
	defer s.Close()
	res, err := s.Round(ctx)
	must(t, err)
	if res.Sent != 3 || res.Waiting != 0 {
		t.Fatalf("round %+v, want 3 sent and none waiting", res)
	}
	if got, want := hqOrders(t, h), tt.localOrders(t); !maps.Equal(got, want) {
		t.Fatalf("head office orders %v, till's %v", got, want)
	}
	if st := s.Status(); !st.Online || st.Waiting != 0 || st.LastError != nil {
		t.Fatalf("status %+v", st)
	}
}

// The head office commits a batch and the till dies before recording the
// acknowledgement: the next round sends the batch again, and every event,
// order and summary amount is still there once.
func TestResendAfterLostAckStoresEachEventOnce(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	tt := newTestTill(t, "till-a")
	link, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	tt.mustSell(t, 4)
	// What Round does, stopped after the head office's commit.
	events, err := tt.db.PendingEvents(ctx, 100)
	must(t, err)
	acked, stored, err := h.Ingest(ctx, link.TillID, events)
	must(t, err)
	if stored != 4 || acked != events[3].Seq {
		t.Fatalf("first send stored %d up to %d", stored, acked)
	}
	if n, _ := tt.db.Waiting(ctx); n != 4 {
		t.Fatalf("%d waiting after a lost ack, want 4", n)
	}
	tt.mustSell(t, 2)
	s := NewSyncer(tt.db)
	defer s.Close()
	res, err := s.Round(ctx)
	must(t, err)
	if res.Sent != 2 || res.Waiting != 0 {
		t.Fatalf("second round %+v, want the 2 new ones stored and none waiting", res)
	}
	if got, want := hqOrders(t, h), tt.localOrders(t); !maps.Equal(got, want) || len(got) != 6 {
		t.Fatalf("head office orders %v, till's %v", got, want)
	}
	if n := count(t, h, `SELECT count(*) FROM events`); n != 6 {
		t.Fatalf("%d events at head office, want 6", n)
	}
	var total int64
	for _, v := range tt.localOrders(t) {
		total += v
	}
	if got := count(t, h, `SELECT sum(total)::bigint FROM report_lines WHERE section = 'till'`); got != total {
		t.Fatalf("summary total %d, orders' %d", got, total)
	}
	if got := count(t, h, `SELECT sum(orders)::bigint FROM report_lines WHERE section = 'till'`); got != 6 {
		t.Fatalf("summary counts %d orders, want 6", got)
	}
	if got := count(t, h, `SELECT acked_seq FROM tills WHERE id = $1`, link.TillID); got != events[3].Seq+2 {
		t.Fatalf("head office position %d, want %d", got, events[3].Seq+2)
	}
}

// Shifts, cash movements and audit entries go up in the till's order, in
// the same stream as the orders.
func TestShiftsAndCashMovesGoUpInOrder(t *testing.T) {
	h, url := newHQ(t)
	ctx := context.Background()
	tt := newTestTill(t, "till-a")
	_, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	sh := newShift(t, tt)
	tt.mustSell(t, 1)
	ten, err := pos.ParsePercent("10")
	must(t, err)
	must(t, tt.db.SaveApprovalLimit(ctx, pos.ApprovalLimit{Percent: ten},
		pos.AuditEntry{At: time.Now(), StaffID: "m1", Action: "approval_limit", After: `{"percent":"10"}`}))
	closeShift(t, tt, sh)
	s := NewSyncer(tt.db)
	defer s.Close()
	_, err = s.Round(ctx)
	must(t, err)
	rows, err := h.pool.Query(ctx, `SELECT type FROM events ORDER BY seq`)
	must(t, err)
	var types []string
	for rows.Next() {
		var ty string
		must(t, rows.Scan(&ty))
		types = append(types, ty)
	}
	rows.Close()
	if got, want := strings.Join(types, " "), "shift.opened audit.entry cash.moved audit.entry order.completed audit.entry shift.closed audit.entry"; got != want {
		t.Fatalf("events at head office: %s, want %s", got, want)
	}
}

// An unreachable head office: the round fails, saying so, and counts the
// events waiting.
func TestSyncOfflineCountsWaiting(t *testing.T) {
	_, url := newHQ(t)
	ctx := context.Background()
	tt := newTestTill(t, "till-a")
	link, err := Join(ctx, tt.db, url, "Lyon", "till-a")
	must(t, err)
	tt.mustSell(t, 2)
	link.URL = "postgres://postgres@127.0.0.1:1/none?sslmode=disable"
	must(t, tt.db.SetHQLink(ctx, link))
	s := NewSyncer(tt.db)
	res, err := s.Round(ctx)
	if err == nil || !strings.Contains(err.Error(), "can't be reached") {
		t.Fatalf("offline round: %v", err)
	}
	if res.Waiting != 2 {
		t.Fatalf("%d waiting, want 2", res.Waiting)
	}
	if st := s.Status(); st.Online || st.Waiting != 2 || st.LastError == nil {
		t.Fatalf("status %+v", st)
	}
}

func TestDialAddsAConnectTimeout(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://h/db":                   "postgres://h/db?connect_timeout=5",
		"postgres://h/db?sslmode=disable":   "postgres://h/db?sslmode=disable&connect_timeout=5",
		"host=h dbname=db":                  "host=h dbname=db connect_timeout=5",
		"postgres://h/db?connect_timeout=2": "postgres://h/db?connect_timeout=2",
	} {
		if got := in + connectTimeoutParam(in, DialTimeout); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
