package pos

import "time"

// StartOfDay is the first instant of t's calendar day in loc (the shop's
// time zone): a discount that "starts on day D" starts at D 00:00 local.
func StartOfDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// EndOfDay is the last instant of t's calendar day in loc: 23:59:59.999
// local. A discount that "ends on day D" takes EndOfDay(D) as its EndsAt,
// so it is still active all of D (Discount.Active is [StartsAt, EndsAt)).
// A day 23 or 25 hours long (a daylight-saving change) ends at its own
// 23:59:59.999.
func EndOfDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, int(999*time.Millisecond), loc)
}

// IsEndOfDay reports whether t is EndOfDay of its own day in loc (a form
// shows such an end as the day alone).
func IsEndOfDay(t time.Time, loc *time.Location) bool {
	return !t.IsZero() && t.Equal(EndOfDay(t, loc))
}

// IsStartOfDay reports whether t is StartOfDay of its own day in loc.
func IsStartOfDay(t time.Time, loc *time.Location) bool {
	return !t.IsZero() && t.Equal(StartOfDay(t, loc))
}
