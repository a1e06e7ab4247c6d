package pos

import (
	"reflect"
	"testing"
	"time"
)

// A sentence writes its arguments in English (what the scenario runner
// prints) and keeps their values for a front end's locale.
func TestSentenceValues(t *testing.T) {
	r, err := ParsePercent("12.5")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 24, 9, 5, 0, 0, time.UTC)
	s := sentence("%s %s %s %s %s", NewMoney(137980, "USD"), r, 3, at, "Big basket")
	want := []string{"$1379.80", "12.5", "3", "24 Dec 2026 09:05 UTC", "Big basket"}
	if !reflect.DeepEqual(s.Args, want) {
		t.Errorf("Args %q, want %q", s.Args, want)
	}
	if len(s.Values) != 5 || s.Values[0] != NewMoney(137980, "USD") || s.Values[2] != 3 {
		t.Errorf("Values %v", s.Values)
	}
	if got := s.String(); got != "$1379.80 12.5 3 24 Dec 2026 09:05 UTC Big basket" {
		t.Errorf("String %q", got)
	}
	// Strings only: no values to carry.
	if s := sentence("%s is disabled.", "Staff"); s.Values != nil || s.String() != "Staff is disabled." {
		t.Errorf("%+v", s)
	}
}
