package pos

import (
	"testing"
	"time"
)

// A discount that ends on day D (a date without a time) is active all of
// D in the shop's time zone, and not the day after; one that starts on D
// is active from D 00:00 local.
func TestEndsOnDayIncludesTheDay(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	day := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	for _, tc := range []struct {
		name   string
		loc    *time.Location
		ends   time.Time // the day typed
		at     time.Time
		active bool
	}{
		{"Paris, the morning of D", paris, day(paris, 2026, 11, 30, 0, 0), day(paris, 2026, 11, 30, 9, 0), true},
		{"Paris, 23:59 on D", paris, day(paris, 2026, 11, 30, 0, 0), day(paris, 2026, 11, 30, 23, 59), true},
		{"Paris, midnight after D", paris, day(paris, 2026, 11, 30, 0, 0), day(paris, 2026, 12, 1, 0, 0), false},
		{"New York, 23:30 on D is after D in UTC", ny, day(ny, 2026, 11, 30, 0, 0), day(ny, 2026, 11, 30, 23, 30), true},
		{"New York, D+1 00:01", ny, day(ny, 2026, 11, 30, 0, 0), day(ny, 2026, 12, 1, 0, 1), false},
		{"Paris, the day summer time ends (25 hours)", paris, day(paris, 2026, 10, 25, 0, 0), day(paris, 2026, 10, 25, 23, 59), true},
		{"Paris, the day summer time starts (23 hours)", paris, day(paris, 2026, 3, 29, 0, 0), day(paris, 2026, 3, 30, 0, 0), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Discount{Enabled: true, StartsAt: StartOfDay(tc.ends.AddDate(0, 0, -3), tc.loc), EndsAt: EndOfDay(tc.ends, tc.loc).UTC()}
			if got := d.Active(tc.at); got != tc.active {
				t.Errorf("ends %v: active at %v = %v, want %v", d.EndsAt.In(tc.loc), tc.at, got, tc.active)
			}
			if e := d.EndsAt.In(tc.loc); e.Hour() != 23 || e.Minute() != 59 || e.Second() != 59 || e.Nanosecond() != int(999*time.Millisecond) || e.Day() != tc.ends.Day() {
				t.Errorf("ends at %v, want 23:59:59.999 on the %d", e, tc.ends.Day())
			}
			if !IsEndOfDay(d.EndsAt, tc.loc) || IsEndOfDay(d.EndsAt.Add(-time.Minute), tc.loc) {
				t.Error("IsEndOfDay")
			}
			if !IsStartOfDay(d.StartsAt, tc.loc) || d.StartsAt.In(tc.loc).Hour() != 0 {
				t.Errorf("starts at %v", d.StartsAt.In(tc.loc))
			}
		})
	}
}
