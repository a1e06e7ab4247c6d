package hq

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"caisse/pos"
	"caisse/storage"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Join registers the till at the head office at url (shop and till rows,
// found again for the same names) and stores the link in the till's
// database. Its events, from the first, go up with the next sync.
func Join(ctx context.Context, db *storage.DB, url, shop, till string) (storage.HQLink, error) {
	h, err := Dial(ctx, url)
	if err != nil {
		return storage.HQLink{}, err
	}
	defer h.Close()
	shopID, tillID, err := h.Register(ctx, shop, till)
	if err != nil {
		return storage.HQLink{}, err
	}
	l := storage.HQLink{URL: url, Shop: shop, ShopID: shopID, Till: till, TillID: tillID}
	if err := db.SetHQLink(ctx, l); err != nil {
		return l, err
	}
	return l, nil
}

// DialTimeout bounds connecting to the head office: a till never waits
// longer to learn it is offline.
const DialTimeout = 5 * time.Second

// Dial opens the head office with a short connect timeout.
func Dial(ctx context.Context, url string) (*HQ, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("the head office URL: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > DialTimeout {
		cfg.ConnConfig.ConnectTimeout = DialTimeout
	}
	return Open(ctx, cfg.ConnString()+connectTimeoutParam(cfg.ConnString(), cfg.ConnConfig.ConnectTimeout))
}

// connectTimeoutParam adds connect_timeout to a connection string that
// lacks it: a URL's parameter, or a keyword/value string's pair.
func connectTimeoutParam(conn string, d time.Duration) string {
	if strings.Contains(conn, "connect_timeout=") {
		return ""
	}
	param := "connect_timeout=" + strconv.Itoa(int(d.Seconds()))
	switch {
	case !strings.HasPrefix(conn, "postgres://") && !strings.HasPrefix(conn, "postgresql://"):
		return " " + param
	case strings.Contains(conn, "?"):
		return "&" + param
	}
	return "?" + param
}

// Status is what the window's top bar shows of the sync.
type Status struct {
	Online        bool
	Waiting       int // events the head office has not acknowledged
	LastError     error
	LastSync      time.Time // the last round that completed
	ConfigVersion int64
}

// Syncer moves one joined till's events up and its configuration and
// leases down. Run keeps it going (the window); Round does one round
// (`caisse sync --once`). A sale never waits for it: it reads what the
// sales committed and writes the till's database in its own transactions.
type Syncer struct {
	db *storage.DB
	// OnConfig is called after a configuration version was applied (the
	// window passes the till's Reload).
	OnConfig func(ctx context.Context) error
	// Poll is how often Run asks without a notification (default 30 s).
	Poll time.Duration
	// Batch is how many events go up per transaction (default 2000).
	Batch int
	// LeaseBlock is how many uses of a limited discount the till asks for
	// at a time; it asks again when fewer than half are left (default 10).
	LeaseBlock int64

	// cfg serialises taking a version: the pull, and a back-office edit's
	// push and local apply (Store), so an edit's version is applied here
	// with its audit entries, never first by the pull without them.
	cfg sync.Mutex

	mu     sync.Mutex
	hq     *HQ
	url    string
	status Status
	kick   chan struct{}
}

// NewSyncer returns a syncer for the till's database.
func NewSyncer(db *storage.DB) *Syncer {
	return &Syncer{db: db, Poll: 30 * time.Second, Batch: 2000, LeaseBlock: 10, kick: make(chan struct{}, 1)}
}

// Status returns the last known state of the sync.
func (s *Syncer) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// SyncState is the status as the window's top bar shows it
// (pos.SyncStatus).
func (s *Syncer) SyncState() pos.SyncState {
	st := s.Status()
	return pos.SyncState{Online: st.Online, Waiting: st.Waiting, LastError: st.LastError}
}

// Kick asks Run for a round now (after a sale, say); it never blocks.
func (s *Syncer) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Close closes the connection to the head office.
func (s *Syncer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hq != nil {
		s.hq.Close()
		s.hq = nil
	}
}

// ErrNotJoined is returned for a till that was never joined.
var ErrNotJoined = errors.New("this till is not joined to a head office: run `caisse join` first")

// Result is what one round did.
type Result struct {
	Sent     int64 // events stored at head office for the first time
	Waiting  int   // events still waiting
	Applied  int64 // the configuration version applied, 0 for none
	Leased   int64 // uses of limited discounts newly granted
	Returned int64 // uses given back
}

// Round does one round: every waiting event up, in batches, each
// acknowledged locally only after the head office committed it; then the
// latest configuration down; then the leases. On failure it returns what
// it did so far with the error, and the events waiting.
func (s *Syncer) Round(ctx context.Context) (Result, error) {
	res, err := s.round(ctx)
	if n, werr := s.db.Waiting(ctx); werr == nil {
		res.Waiting = n
	} else if err == nil {
		err = werr
	}
	s.mu.Lock()
	s.status.Waiting = res.Waiting
	s.status.Online = err == nil
	s.status.LastError = err
	if err == nil {
		s.status.LastSync = time.Now()
	}
	if res.Applied > 0 {
		s.status.ConfigVersion = res.Applied
	}
	s.mu.Unlock()
	return res, err
}

func (s *Syncer) round(ctx context.Context) (Result, error) {
	var res Result
	link, ok, err := s.db.HQLink(ctx)
	if err != nil {
		return res, err
	}
	if !ok {
		return res, ErrNotJoined
	}
	h, err := s.connect(ctx, link.URL)
	if err != nil {
		return res, err
	}
	if err := s.push(ctx, h, link, &res); err != nil {
		return res, s.dropOnFailure(err)
	}
	if err := s.pull(ctx, h, link, &res); err != nil {
		return res, s.dropOnFailure(err)
	}
	if err := s.leases(ctx, h, link, &res); err != nil {
		return res, s.dropOnFailure(err)
	}
	return res, nil
}

// connect returns the open head office, opening it when needed.
func (s *Syncer) connect(ctx context.Context, url string) (*HQ, error) {
	s.mu.Lock()
	h := s.hq
	if h != nil && s.url != url {
		h.Close()
		h, s.hq = nil, nil
	}
	s.mu.Unlock()
	if h != nil {
		return h, nil
	}
	h, err := Dial(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("the head office can't be reached: %w", err)
	}
	s.mu.Lock()
	s.hq, s.url = h, url
	s.mu.Unlock()
	return h, nil
}

// dropOnFailure forgets the pool after a failure, so the next round dials
// afresh (a restarted server, a new address).
func (s *Syncer) dropOnFailure(err error) error {
	s.Close()
	return err
}

// push sends every waiting event, a batch per transaction.
func (s *Syncer) push(ctx context.Context, h *HQ, link storage.HQLink, res *Result) error {
	for {
		events, err := s.db.PendingEvents(ctx, s.Batch)
		if err != nil || len(events) == 0 {
			return err
		}
		acked, stored, err := h.Ingest(ctx, link.TillID, events)
		if err != nil {
			return err
		}
		// The head office has committed: only now is the position recorded
		// here. A crash in between sends the batch again, harmlessly.
		if err := s.db.AckEvents(ctx, acked); err != nil {
			return err
		}
		res.Sent += stored
		if len(events) < s.Batch {
			return nil
		}
	}
}

// pull applies the shop's latest configuration, if newer.
func (s *Syncer) pull(ctx context.Context, h *HQ, link storage.HQLink, res *Result) error {
	s.cfg.Lock()
	version, applied, err := s.pullLocked(ctx, h, link)
	s.cfg.Unlock()
	if err != nil || !applied {
		return err
	}
	res.Applied = version
	if s.OnConfig != nil {
		if err := s.OnConfig(ctx); err != nil {
			return fmt.Errorf("reloading the till after configuration version %d: %w", version, err)
		}
	}
	return nil
}

func (s *Syncer) pullLocked(ctx context.Context, h *HQ, link storage.HQLink) (int64, bool, error) {
	have, err := s.db.ConfigVersion(ctx)
	if err != nil {
		return 0, false, err
	}
	version, c, ok, err := h.LatestConfig(ctx, link.ShopID, have)
	if err != nil || !ok {
		return 0, false, err
	}
	tc, err := c.TillConfig(version)
	if err != nil {
		return 0, false, err
	}
	applied, err := s.db.ReplaceSetup(ctx, tc)
	return version, applied, err
}

// leases gives back what a closed shift set aside, and tops up the leases
// of the limited discounts while the till sells: when it has a shift open,
// or when it works without shifts. When its last shift is closed, every
// unused use goes back.
func (s *Syncer) leases(ctx context.Context, h *HQ, link storage.HQLink, res *Result) error {
	open, anyShift, err := s.db.ShiftState(ctx, link.Till)
	if err != nil {
		return err
	}
	selling := open || !anyShift
	var back []storage.Lease
	if selling {
		back, err = s.db.PendingReturns(ctx)
	} else {
		back, err = s.db.ReserveReturns(ctx)
	}
	if err != nil {
		return err
	}
	for _, l := range back {
		recorded, err := h.Return(ctx, link.TillID, l.DiscountID, l.Returned)
		if err != nil {
			return err
		}
		if err := s.db.AckReturned(ctx, l.DiscountID, recorded); err != nil {
			return err
		}
		res.Returned += recorded - l.ReturnedAcked
	}
	if !selling {
		return nil
	}
	all, err := s.db.Leases(ctx)
	if err != nil {
		return err
	}
	for _, l := range all {
		if l.Limit <= 0 || l.Left()*2 >= s.LeaseBlock {
			continue
		}
		granted, err := h.Lease(ctx, link.TillID, l.DiscountID, l.Granted, s.LeaseBlock-l.Left())
		if err != nil {
			return err
		}
		if granted > l.Granted {
			if err := s.db.SetLeaseGranted(ctx, l.DiscountID, granted); err != nil {
				return err
			}
			res.Leased += granted - l.Granted
		}
	}
	return nil
}

// Run syncs until ctx is done: a round at once, then one whenever the head
// office announces a configuration change (LISTEN), Kick is called, or Poll
// has passed; while the head office can't be reached it retries, backing
// off up to Poll. It returns ctx's error.
func (s *Syncer) Run(ctx context.Context) error {
	notes := make(chan struct{}, 1)
	listenCtx, stop := context.WithCancel(ctx)
	defer stop()
	go s.listen(listenCtx, notes)
	backoff := time.Second
	for {
		wait := s.Poll
		if _, err := s.Round(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			wait = min(backoff, s.Poll)
			backoff = min(backoff*2, s.Poll)
		} else {
			backoff = time.Second
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			s.Close()
			return ctx.Err()
		case <-notes:
		case <-s.kick:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// listen holds a connection that LISTENs for configuration changes and
// signals notes for each one for this till's shop (or any, before the link
// is known); it reconnects after a failure.
func (s *Syncer) listen(ctx context.Context, notes chan<- struct{}) {
	backoff := time.Second
	for ctx.Err() == nil {
		start := time.Now()
		err := s.listenOnce(ctx, notes)
		if ctx.Err() != nil {
			return
		}
		_ = err // the rounds report the head office's state
		if time.Since(start) > time.Minute {
			backoff = time.Second // it was listening: try again soon
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		// While the head office is down, 5,000 tills must not dial it every
		// second: back off up to the poll.
		backoff = min(backoff*2, max(s.Poll, time.Second))
	}
}

func (s *Syncer) listenOnce(ctx context.Context, notes chan<- struct{}) error {
	link, ok, err := s.db.HQLink(ctx)
	if err != nil || !ok {
		return errors.Join(err, ErrNotJoined)
	}
	cctx, cancel := context.WithTimeout(ctx, DialTimeout)
	conn, err := pgx.Connect(cctx, link.URL)
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+ConfigChannel); err != nil {
		return err
	}
	// A change made while this connection was down is caught by this round.
	signal(notes)
	shop := strconv.FormatInt(link.ShopID, 10) + ":"
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if strings.HasPrefix(n.Payload, shop) {
			signal(notes)
		}
	}
}

func signal(c chan<- struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
