package pos

import (
	"errors"
	"testing"
)

// The refusals of an amount above the largest keep their English wording
// ("$…", Money.Display) and hand the amounts to a front end as Money
// values, which it writes the locale's way.
func TestLargestAmountRefusalsCarryMoney(t *testing.T) {
	loc := &Location{ID: "shop", Currency: "USD", DefaultTaxBehavior: TaxExclusive}
	f := newFixture(t, loc, []Product{prod("p", "5.00")})
	f.add("p", 1)
	q := f.q()
	_, _, payErr := settle(q, []Tender{{Method: Cash, Amount: NewMoney(MaxTender+1, "USD")}})
	cases := []struct {
		name    string
		err     error
		code    string
		message string
		args    []Money
	}{
		{"shipping", f.till.SetShipping(ctx, NewMoney(MaxMinor+1, "USD")), EInvalid,
			"Shipping of $10000000.01 is refused: the largest is $10000000.00.",
			[]Money{NewMoney(MaxMinor+1, "USD"), NewMoney(MaxMinor, "USD")}},
		{"payment", payErr, EPayment,
			"A payment of $1000000000000000.01 is refused: the largest is $1000000000000000.00.",
			[]Money{NewMoney(MaxTender+1, "USD"), NewMoney(MaxTender, "USD")}},
	}
	for _, c := range cases {
		var e *Error
		if !errors.As(c.err, &e) {
			t.Fatalf("%s: %v is not a refusal", c.name, c.err)
		}
		if e.Code != c.code || e.Error() != c.message {
			t.Errorf("%s: %s %q, want %s %q", c.name, e.Code, e.Error(), c.code, c.message)
		}
		if len(e.Args) != len(c.args) {
			t.Fatalf("%s: args %v", c.name, e.Args)
		}
		for i, a := range e.Args {
			if m, ok := a.(Money); !ok || m != c.args[i] {
				t.Errorf("%s: argument %d is %T %v, want the Money %s", c.name, i+1, a, a, c.args[i].Display())
			}
		}
	}
}
