package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runScenario(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cmdScenario(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every scenario the project keeps, and the shared examples when present,
// run through the runner with their expectations met.
func TestScenarioFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/scenarios/*.json")
	shared, _ := filepath.Glob("../../shared/scenarios/examples/*.json")
	files = append(files, shared...)
	if len(files) < 10 {
		t.Fatalf("only %d scenario files found", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			code, out, errs := runScenario(t, f)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("output is not one JSON object: %v", err)
			}
		})
	}
}

const okScenario = `{"currency": "USD",
  "products": [{"id": "mug", "prices": [{"id": "mug-usd", "amount": "20.00", "currency": "USD", "type": "one_time"}]}],
  "steps": [{"add": "mug", "quantity": 2}],
  "expect": {"total": "40", "lines": [{"quantity": 2}]}}`

func TestScenarioUnusableFilesExit2WithOneLine(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"not json", `{"currency": `, "not a scenario"},
		{"unknown field", `{"currency": "USD", "colour": "red"}`, `unknown field "colour"`},
		{"unknown nested field", `{"currency": "USD", "products": [{"id": "a", "weight": 3}]}`, `unknown field "weight"`},
		{"unknown product", `{"currency": "USD", "steps": [{"add": "ghost"}]}`, `unknown product "ghost"`},
		{"too many decimals in a price", `{"currency": "USD", "products": [{"id": "a", "prices": [{"id": "p", "amount": "1.005", "currency": "USD", "type": "one_time"}]}]}`, "more decimals"},
		{"too many decimals in a step", `{"currency": "USD", "products": [{"id": "a", "prices": [{"id": "p", "amount": "1.00", "currency": "USD", "type": "one_time"}]}], "steps": [{"add": "a"}, {"shipping": "2.001"}]}`, "more decimals"},
		{"two actions in a step", `{"currency": "USD", "steps": [{"code": "A", "remove_code": "B"}]}`, "exactly one action"},
		{"unknown currency", `{"currency": "XYZ"}`, "currency"},
		{"zero-width in a product id", `{"currency": "USD", "products": [{"id": "mug\u200b", "prices": [{"id": "p", "amount": "1.00", "currency": "USD", "type": "one_time"}]}]}`, "invisible character"},
		{"bidi override in a code", `{"currency": "USD", "discounts": [{"id": "d", "method": "code", "code": "SAVE\u202e10", "class": "order", "value": {"type": "percentage", "percent": "10"}}]}`, "invisible character"},
		{"NUL in a discount id", `{"currency": "USD", "discounts": [{"id": "d\u0000", "method": "automatic", "class": "order", "value": {"type": "percentage", "percent": "10"}}]}`, "control character"},
		{"bad discount", `{"currency": "USD", "discounts": [{"id": "d", "method": "code", "class": "order", "value": {"type": "percentage", "percent": "10"}}]}`, "needs a code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := writeFile(t, "bad.json", tc.body)
			code, out, errs := runScenario(t, f)
			if code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, errs)
			}
			if out != "" {
				t.Fatalf("printed output for an unusable file: %q", out)
			}
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], f+": ") || !strings.Contains(lines[0], tc.want) {
				t.Fatalf("stderr %q: want one line naming the file and %q", errs, tc.want)
			}
		})
	}
	code, _, _ := runScenario(t, filepath.Join(t.TempDir(), "missing.json"))
	if code != 2 {
		t.Fatalf("a missing file exits %d", code)
	}
}

func TestScenarioExpectMismatchNamesFields(t *testing.T) {
	body := strings.Replace(okScenario, `"total": "40"`, `"total": "41.00", "subtotal": "40.00", "codes": ["X"]`, 1)
	code, out, errs := runScenario(t, writeFile(t, "s.json", body))
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errs, "total: expected \"41.00\", got \"40.00\"") || !strings.Contains(errs, "codes: expected 1 items, got 0") {
		t.Fatalf("stderr does not name the differing fields: %q", errs)
	}
	if strings.Contains(errs, "subtotal") {
		t.Fatalf("a matching field was reported: %q", errs)
	}
	if out == "" {
		t.Fatal("the output should still be printed")
	}
}

func TestScenarioSeveralFilesOneLineEach(t *testing.T) {
	a := writeFile(t, "a.json", okScenario)
	b := writeFile(t, "b.json", `{"currency": "USD"}`)
	bad := writeFile(t, "c.json", `nope`)
	code, out, errs := runScenario(t, a, b, bad)
	if code != 2 {
		t.Fatalf("exit %d, want 2 when one file is unusable", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want one JSON object per usable file, got %d lines", len(lines))
	}
	if !strings.Contains(errs, bad) {
		t.Fatalf("stderr should name %s: %q", bad, errs)
	}
}

func TestScenarioRefusalsAreReportedNotFatal(t *testing.T) {
	body := `{"currency": "USD",
	  "products": [{"id": "mug", "prices": [{"id": "mug-usd", "amount": "20.00", "currency": "USD", "type": "one_time"}]}],
	  "steps": [{"add": "mug"}, {"set_quantity": {"line": 1, "quantity": 0}}, {"line_discount": {"line": 1, "percent": "150"}},
	            {"line_discount": {"line": 1, "percent": "-5"}}, {"cart_discount": {"amount": "-1.00"}}, {"remove_line": 7}, {"code": "NOPE"}],
	  "expect": {"total": "20.00", "errors": [{"step": 2}, {"step": 3}, {"step": 4}, {"step": 5}, {"step": 6}, {"step": 7}]}}`
	code, out, errs := runScenario(t, writeFile(t, "s.json", body))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v struct {
		Errors []struct {
			Step    int
			Message string
		}
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	for _, e := range v.Errors {
		if e.Message == "" {
			t.Fatalf("step %d refused without a message", e.Step)
		}
	}
}

func TestScenarioDBRecordsTestOrders(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shop.db")
	body := strings.Replace(okScenario, `"steps": [{"add": "mug", "quantity": 2}]`,
		`"steps": [{"add": "mug", "quantity": 2}, {"pay": [{"method": "cash", "amount": "50"}]}]`, 1)
	f := writeFile(t, "s.json", body)
	var ids []string
	for i := 1; i <= 2; i++ {
		code, out, errs := runScenario(t, "--db", db, f)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var v struct {
			Order struct {
				ID     string
				Number int64
				Test   bool
				Change string
			}
		}
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		if !v.Order.Test || v.Order.Number != int64(i) || v.Order.Change != "10.00" {
			t.Fatalf("run %d: order %+v", i, v.Order)
		}
		ids = append(ids, v.Order.ID)
	}
	if ids[0] == ids[1] {
		t.Fatal("two orders share an id")
	}
	// A file that defines nothing uses the database's own products.
	code, _, errs := runScenario(t, "--db", db, writeFile(t, "t.json", `{"currency": "USD", "steps": [{"add": "mug"}], "expect": {"total": "20.00"}}`))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
}

// Finding 3: a scenario that exits 2 had already written to --db (prices,
// a discount, an order), and runs left carts behind. Now the file is
// checked whole first, and runs keep their carts in memory.
func TestScenarioDBAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "shop.db")
	if code, _, errs := runScenario(t, "--db", dbPath, writeFile(t, "ok.json", okScenario)); code != 0 {
		t.Fatalf("a good run: exit %d %s", code, errs)
	}
	before, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, body string }{
		{"unknown product after products and discounts", `{"currency": "USD",
  "products": [{"id": "tee", "prices": [{"id": "tee-usd", "amount": "0.01", "currency": "USD", "type": "one_time"}]}],
  "discounts": [{"id": "big", "method": "automatic", "class": "order", "value": {"type": "percentage", "percent": "90"}}],
  "steps": [{"add": "tee"}, {"add": "ghost"}]}`},
		{"expect is not an object", `{"currency": "USD", "steps": [{"add": "mug"}, {"pay": [{"method": "cash", "amount": "20"}]}], "expect": [1, 2]}`},
		{"a bad amount in a late step", `{"currency": "USD", "steps": [{"add": "mug"}, {"pay": [{"method": "cash", "amount": "20"}]}, {"new_cart": {}}, {"shipping": "1.001"}]}`},
		{"a bad custom discount", `{"currency": "USD", "steps": [{"add": "mug"}, {"pay": [{"method": "cash", "amount": "20"}]}, {"cart_discount": {"percent": "1", "amount": "2"}}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runScenario(t, "--db", dbPath, writeFile(t, "bad.json", tc.body))
			if code != 2 || out != "" {
				t.Fatalf("exit %d, output %q (stderr %q), want 2 and nothing", code, out, errs)
			}
			after, err := os.ReadFile(dbPath)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Fatal("the database changed")
			}
		})
	}
	// A run that stops without paying leaves no cart.
	unpaid := `{"currency": "USD", "steps": [{"add": "mug", "quantity": 3}]}`
	if code, _, errs := runScenario(t, "--db", dbPath, writeFile(t, "unpaid.json", unpaid)); code != 0 {
		t.Fatalf("unpaid run: exit %d %s", code, errs)
	}
	conn, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var carts, orders int
	if err := conn.QueryRow("SELECT count(*) FROM carts").Scan(&carts); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow("SELECT count(*) FROM orders").Scan(&orders); err != nil {
		t.Fatal(err)
	}
	if carts != 0 || orders != 0 {
		t.Fatalf("%d carts and %d orders left (okScenario does not pay)", carts, orders)
	}
}
