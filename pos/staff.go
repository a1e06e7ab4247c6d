package pos

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Role is what a member of staff may do: a set of permissions (Permissions).
type Role string

const (
	Cashier Role = "cashier"
	Manager Role = "manager"
)

// Staff is a cashier or a manager. The PIN is kept only as its hash
// (argon2id, PHC string; old bcrypt hashes still verify and are re-hashed
// at the next sign-in). The lockout fields are kept in the database.
type Staff struct {
	ID      string
	Name    string
	Role    Role
	PINHash string
	Active  bool
	// FailedPINs counts wrong PINs since the last right one or lockout.
	FailedPINs int
	// Lockouts counts lockouts since the last right PIN or a manager's
	// clearing; each lasts twice as long as the one before.
	Lockouts int
	// LockedUntil: no PIN of this member is checked before then.
	LockedUntil time.Time
	// DemoPIN: the PIN is still the demo one a new database got.
	DemoPIN bool
}

// IsManager reports an active manager.
func (s *Staff) IsManager() bool { return s.Active && s.Role == Manager }

// Can reports whether the member of staff is active and their role has perm.
func (s *Staff) Can(perm Permission) bool { return s.Active && s.Role.Has(perm) }

// Info is the member of staff without the PIN hash.
func (s *Staff) Info() StaffInfo {
	return StaffInfo{ID: s.ID, Name: s.Name, Role: s.Role, Active: s.Active, LockedUntil: s.LockedUntil, DemoPIN: s.DemoPIN}
}

// StaffInfo is what the sign-in picker and the back office see of a member
// of staff: never the PIN's hash.
type StaffInfo struct {
	ID          string
	Name        string
	Role        Role
	Active      bool
	LockedUntil time.Time // zero or past: not locked
	DemoPIN     bool      // still the demo PIN of a new database
}

// Locked reports whether the member is locked out at now.
func (s StaffInfo) Locked(now time.Time) bool { return s.LockedUntil.After(now) }

// Validate checks a member of staff (the PIN must already be hashed).
func (s *Staff) Validate() error {
	switch {
	case strings.TrimSpace(s.ID) == "":
		return Errorf(EInvalid, "a member of staff needs an id")
	case strings.TrimSpace(s.Name) == "":
		return Errorf(EInvalid, "a member of staff needs a name")
	case s.Role != Cashier && s.Role != Manager:
		return Errorf(EInvalid, "the role must be cashier or manager")
	case !strings.HasPrefix(s.PINHash, "$2") && !strings.HasPrefix(s.PINHash, "$argon2id$"):
		return Errorf(EInvalid, "the PIN must be stored hashed")
	}
	// Clean text (pos/text.go): a member is signed in by id or name, and
	// the name is printed on receipts, so neither may hide characters.
	if err := CheckCode("the staff id", s.ID); err != nil {
		return err
	}
	return CheckTitle("the staff name", s.Name)
}

// PINParams are argon2id's costs.
type PINParams struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultPINCost makes one PIN check cost about 100 ms or more on the shop's
// till (measured by BenchmarkPINCheck; see docs/rules.md).
var DefaultPINCost = PINParams{Time: 3, Memory: 64 * 1024, Threads: 1}

// PINCost is the argon2id cost of new PIN hashes; tests lower it
// (TestPINCost). A hash made with other costs is re-hashed at the next
// sign-in.
var PINCost = DefaultPINCost

// TestPINCost is a cheap cost for tests.
var TestPINCost = PINParams{Time: 1, Memory: 64, Threads: 1}

const (
	pinKeyLen  = 32
	pinSaltLen = 16
)

// MinPINDigits and MaxPINDigits bound every PIN; MinManagerPINDigits bounds
// a manager's.
const (
	MinPINDigits        = 4
	MinManagerPINDigits = 6
	MaxPINDigits        = 8
)

// CheckPINFormat says whether a PIN as typed is acceptable: 4 to 8 digits.
func CheckPINFormat(pin string) error {
	if len(pin) < MinPINDigits || len(pin) > MaxPINDigits {
		return Errorf(EInvalid, "a PIN has 4 to 8 digits")
	}
	for _, r := range pin {
		if !unicode.IsDigit(r) || r > '9' {
			return Errorf(EInvalid, "a PIN has only digits")
		}
	}
	return nil
}

// CheckPINForRole is CheckPINFormat, and at least 6 digits for a manager.
func CheckPINForRole(role Role, pin string) error {
	if err := CheckPINFormat(pin); err != nil {
		return err
	}
	if role == Manager && len(pin) < MinManagerPINDigits {
		return Errorf(EInvalid, "a manager's PIN has at least 6 digits")
	}
	return nil
}

// HashPIN returns the argon2id hash of a PIN as a PHC string
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash), refusing a PIN of the wrong form.
func HashPIN(pin string) (string, error) {
	if err := CheckPINFormat(pin); err != nil {
		return "", err
	}
	return hashPIN(pin, PINCost)
}

func hashPIN(pin string, p PINParams) (string, error) {
	salt := make([]byte, pinSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", Errorf(EInternal, "hashing the PIN: %w", err)
	}
	key := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, pinKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// parseArgon2 reads a PHC argon2id string.
func parseArgon2(hash string) (p PINParams, salt, key []byte, ok bool) {
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, false
	}
	if p.Time == 0 || p.Threads == 0 || p.Memory == 0 || p.Memory > 4<<20 || p.Time > 100 {
		return p, nil, nil, false
	}
	enc := base64.RawStdEncoding
	var err error
	if salt, err = enc.DecodeString(parts[4]); err != nil {
		return p, nil, nil, false
	}
	if key, err = enc.DecodeString(parts[5]); err != nil || len(key) == 0 || len(key) > 128 {
		return p, nil, nil, false
	}
	return p, salt, key, true
}

// PINMatches reports whether pin is the one hashed in hash (argon2id, or an
// old bcrypt hash).
func PINMatches(hash, pin string) bool {
	if hash == "" || pin == "" {
		return false
	}
	if strings.HasPrefix(hash, "$2") {
		return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin)) == nil
	}
	p, salt, key, ok := parseArgon2(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// PINNeedsRehash reports a hash that is not argon2id at today's cost (an
// old bcrypt hash): the next right PIN replaces it.
func PINNeedsRehash(hash string) bool {
	p, _, _, ok := parseArgon2(hash)
	return !ok || p != PINCost
}

// ErrWrongPIN is returned when no member of staff (of the right role) has the PIN.
var ErrWrongPIN = Errorf(ENotAllowed, "Wrong PIN.")

// FindByPIN returns the active member of staff whose PIN it is, if any has
// role (or any role when role is ""). Two members with one PIN: the first.
// It keeps no count of wrong PINs: the till signs in by member
// (Till.SignIn), which does.
func FindByPIN(staff []Staff, pin string, role Role) (Staff, error) {
	for _, s := range staff {
		if !s.Active || (role != "" && s.Role != role) {
			continue
		}
		if PINMatches(s.PINHash, pin) {
			return s, nil
		}
	}
	return Staff{}, ErrWrongPIN
}

// IsWrongPIN reports the error a wrong PIN gives.
func IsWrongPIN(err error) bool { return errors.Is(err, ErrWrongPIN) }

// Lockout: MaxPINTries wrong PINs in a row lock the member for
// FirstLockout, and each further lockout lasts twice as long as the last.
const (
	MaxPINTries  = 5
	FirstLockout = time.Minute
	maxLockout   = 24 * time.Hour
)

// LockoutFor is how long the n-th lockout (from 1) lasts: 1, 2, 4, …
// minutes, at most a day.
func LockoutFor(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	if n > 12 {
		return maxLockout
	}
	return min(FirstLockout<<(n-1), maxLockout)
}

// Demo staff: what a new database gets (README). Change the PINs in a real
// shop: the back office says so while they are in use.
const (
	DemoManagerPIN = "123456"
	DemoCashierPIN = "0000"
)

var demoHashes struct {
	sync.Mutex
	cost   PINParams
	hashes []string
}

// DemoStaff returns the demo manager (id "manager", PIN 123456) and cashier
// (id "cashier", PIN 0000) with their PINs hashed, marked DemoPIN. The
// hashes are made once per process (and PINCost).
func DemoStaff() ([]Staff, error) {
	demo := []struct {
		id, name, pin string
		role          Role
	}{
		{"manager", "Manager", DemoManagerPIN, Manager},
		{"cashier", "Cashier", DemoCashierPIN, Cashier},
	}
	demoHashes.Lock()
	defer demoHashes.Unlock()
	if demoHashes.hashes == nil || demoHashes.cost != PINCost {
		var hs []string
		for _, d := range demo {
			h, err := HashPIN(d.pin)
			if err != nil {
				return nil, err
			}
			hs = append(hs, h)
		}
		demoHashes.hashes, demoHashes.cost = hs, PINCost
	}
	out := make([]Staff, len(demo))
	for i, d := range demo {
		out[i] = Staff{ID: d.id, Name: d.name, Role: d.role, PINHash: demoHashes.hashes[i], Active: true, DemoPIN: true}
	}
	return out, nil
}

// ApprovalLimit is the manager's limit on what a cashier may do alone:
// custom discounts whose total on the cart goes above Percent of the
// subtotal before custom discounts, or above Amount, and refunds above
// Refund, need a manager. A zero field is no limit on that dimension.
type ApprovalLimit struct {
	Percent Rate
	Amount  Money
	Refund  Money
}

// DefaultApprovalLimit is what a new database gets: 20%, 50.00 of custom
// discounts and 50.00 of refund, in the location's currency.
func DefaultApprovalLimit(cur Currency) ApprovalLimit {
	fifty := int64(50)
	for i := int32(0); i < cur.Digits(); i++ {
		fifty *= 10
	}
	return ApprovalLimit{Percent: Rate{1, 5}, Amount: NewMoney(fifty, cur), Refund: NewMoney(fifty, cur)}
}

// Off reports a limit that never asks.
func (l ApprovalLimit) Off() bool {
	return l.Percent.IsZero() && l.Amount.IsZero() && l.Refund.IsZero()
}

// Validate checks a limit (percent at most 100, amounts not negative).
func (l ApprovalLimit) Validate() error {
	if l.Percent.Cmp(Rate{1, 1}) > 0 || l.Percent.num < 0 {
		return Errorf(EInvalid, "the percentage limit is at most 100")
	}
	if l.Amount.IsNegative() || l.Refund.IsNegative() {
		return Errorf(EInvalid, "the amount limit cannot be negative")
	}
	return nil
}

// AllowsCustom reports whether custom discounts taking amount off a cart
// whose subtotal before custom discounts is base stay within the limit.
func (l ApprovalLimit) AllowsCustom(amount, base Money) bool {
	if amount.Minor() <= 0 {
		return true
	}
	if !l.Percent.IsZero() && !withinRate(amount.Minor(), base.Minor(), l.Percent) {
		return false
	}
	if !l.Amount.IsZero() && (l.Amount.Currency() != amount.Currency() || amount.Cmp(l.Amount) > 0) {
		return false
	}
	return true
}

// AllowsRefund reports whether a refund of total stays within the limit.
func (l ApprovalLimit) AllowsRefund(total Money) bool {
	if l.Refund.IsZero() || total.Minor() <= 0 {
		return true
	}
	return l.Refund.Currency() == total.Currency() && total.Cmp(l.Refund) <= 0
}

// withinRate: amount/base ≤ r (base 0: only amount 0).
func withinRate(amount, base int64, r Rate) bool {
	if base <= 0 {
		return amount <= 0
	}
	// amount*den ≤ num*base, in 128 bits.
	a1, a0 := bits.Mul64(uint64(amount), uint64(r.den))
	b1, b0 := bits.Mul64(uint64(r.num), uint64(base))
	return a1 < b1 || (a1 == b1 && a0 <= b0)
}

// Needs reports whether custom discount d alone needs a manager's approval
// (the till checks the cart's total, CustomLevel; this is for a screen's hint).
func (l ApprovalLimit) Needs(d CustomDiscount) bool {
	switch d.Type {
	case Percentage:
		return !l.Percent.IsZero() && d.Percent.Cmp(l.Percent) > 0
	case FixedAmount:
		if l.Amount.IsZero() {
			return false
		}
		return d.Amount.Currency() != l.Amount.Currency() || d.Amount.Cmp(l.Amount) > 0
	}
	return false
}

// StaffAudit is what the audit log keeps of a member of staff: never the
// PIN nor its hash, only whether it changed.
type StaffAudit struct {
	ID, Name   string
	Role       Role
	Active     bool
	PINChanged bool `json:",omitempty"`
}

// CheckManagersLeft refuses a change to staff that would leave no active
// manager (nobody could open the back office).
func CheckManagersLeft(staff []Staff, changed Staff) error {
	for _, s := range staff {
		if s.ID != changed.ID && s.IsManager() {
			return nil
		}
	}
	if changed.IsManager() {
		return nil
	}
	return Errorf(ENotAllowed, "At least one active manager must remain.")
}
