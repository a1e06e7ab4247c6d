package pos

import (
	"strings"
	"testing"
)

// A used-up code is refused with words that say why: on a till whose usage
// limits are leased from a head office, its lease is spent (the chain may
// have uses left, granted once the till is back online); on a till on its
// own, the limit is reached.
func TestSpentLeaseIsRefusedSayingWhy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		leased  bool
		used    int
		refused string // the refusal's words, "" for accepted
	}{
		{"own till, uses left", false, 2, ""},
		{"own till, limit reached", false, 3, "The code ONCE3 has reached its usage limit."},
		{"joined till, lease left", true, 2, ""},
		{"joined till, lease spent", true, 3, "There are no uses of ONCE3 left on this till: it can be used again once the till is back online and the head office grants it more."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := code(pctOff("once3", ClassOrder, "10"), "ONCE3")
			d.UsageLimit = 3
			f := newFixture(t, nil, []Product{prod("tea", "10.00")}, d)
			f.st.Leased = tc.leased
			f.st.Usage = map[string]int{"once3": tc.used}
			f.ok(f.till.Reload(ctx))
			f.add("tea", 1)
			err := f.till.EnterCode(ctx, "once3")
			if tc.refused == "" {
				f.ok(err)
				return
			}
			f.refused(err, ELimit)
			if msg := ErrorMessage(err); msg != tc.refused {
				t.Errorf("refused with %q, want %q", msg, tc.refused)
			}
			if tc.leased && strings.Contains(ErrorMessage(err), "usage limit") {
				t.Errorf("a spent lease is not the chain's limit: %q", ErrorMessage(err))
			}
		})
	}
}
