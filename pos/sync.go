package pos

// SyncState is what a till's window shows of its head-office sync: whether
// the last round reached the head office, how many events wait to go up,
// and the last error in words.
type SyncState struct {
	Online    bool
	Waiting   int   // events the head office has not acknowledged
	LastError error // nil when the last round succeeded
}

// LeaseSpentFormat refuses a code whose usage limit is shared by a chain's
// tills when this till's lease of it is spent (at EnterCode, and at payment
// when another sale spent the last use first). The till may be offline, or
// the head office may not have granted more yet: the words say both.
const LeaseSpentFormat = "There are no uses of %s left on this till: it can be used again once the till is back online and the head office grants it more."

// SyncStatus is the capability of a joined till's background sync that the
// window shows in its top bar. A till that never joined a head office has
// none (the window shows nothing).
type SyncStatus interface {
	SyncState() SyncState
}
