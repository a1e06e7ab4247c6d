package pos

// SyncState is what a till's window shows of its head-office sync: whether
// the last round reached the head office, how many events wait to go up,
// and the last error in words.
type SyncState struct {
	Online    bool
	Waiting   int   // events the head office has not acknowledged
	LastError error // nil when the last round succeeded
}

// SyncStatus is the capability of a joined till's background sync that the
// window shows in its top bar. A till that never joined a head office has
// none (the window shows nothing).
type SyncStatus interface {
	SyncState() SyncState
}
