package pos

import (
	"errors"
	"strings"
	"unicode"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a member of staff may do.
type Role string

const (
	Cashier Role = "cashier"
	Manager Role = "manager"
)

// Staff is a cashier or a manager. The PIN is kept only as its bcrypt hash.
type Staff struct {
	ID      string
	Name    string
	Role    Role
	PINHash string
	Active  bool
}

// IsManager reports an active manager.
func (s *Staff) IsManager() bool { return s.Active && s.Role == Manager }

// Validate checks a member of staff (the PIN must already be hashed).
func (s *Staff) Validate() error {
	switch {
	case strings.TrimSpace(s.ID) == "":
		return Errorf(EInvalid, "a member of staff needs an id")
	case strings.TrimSpace(s.Name) == "":
		return Errorf(EInvalid, "a member of staff needs a name")
	case s.Role != Cashier && s.Role != Manager:
		return Errorf(EInvalid, "the role must be cashier or manager")
	case !strings.HasPrefix(s.PINHash, "$2"):
		return Errorf(EInvalid, "the PIN must be stored hashed")
	}
	return nil
}

// PINCost is the bcrypt cost of new PIN hashes; tests lower it.
var PINCost = bcrypt.DefaultCost

// CheckPINFormat says whether a PIN as typed is acceptable: 4 to 8 digits.
func CheckPINFormat(pin string) error {
	if len(pin) < 4 || len(pin) > 8 {
		return Errorf(EInvalid, "a PIN has 4 to 8 digits")
	}
	for _, r := range pin {
		if !unicode.IsDigit(r) || r > '9' {
			return Errorf(EInvalid, "a PIN has only digits")
		}
	}
	return nil
}

// HashPIN returns the bcrypt hash of a PIN (refusing a PIN of the wrong form).
func HashPIN(pin string) (string, error) {
	if err := CheckPINFormat(pin); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), PINCost)
	if err != nil {
		return "", Errorf(EInternal, "hashing the PIN: %v", err)
	}
	return string(h), nil
}

// PINMatches reports whether pin is the one hashed in hash.
func PINMatches(hash, pin string) bool {
	if hash == "" || pin == "" {
		return false
	}
	err := bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin))
	return err == nil
}

// ErrWrongPIN is returned when no member of staff (of the right role) has the PIN.
var ErrWrongPIN = Errorf(ENotAllowed, "Wrong PIN.")

// FindByPIN returns the active member of staff whose PIN it is, if any has
// role (or any role when role is ""). Two members with one PIN: the first.
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

// IsWrongPIN reports the error FindByPIN returns for a PIN nobody has.
func IsWrongPIN(err error) bool { return errors.Is(err, ErrWrongPIN) }

// ApprovalLimit is the manager's limit on custom discounts at the till: a
// percentage custom discount above Percent, or a fixed one above Amount,
// needs a manager's PIN. A zero field is no limit (the default: off).
type ApprovalLimit struct {
	Percent Rate
	Amount  Money
}

// Off reports a limit that never asks.
func (l ApprovalLimit) Off() bool { return l.Percent.IsZero() && l.Amount.IsZero() }

// Validate checks a limit (percent at most 100, amount not negative).
func (l ApprovalLimit) Validate() error {
	if l.Percent.Cmp(Rate{1, 1}) > 0 {
		return Errorf(EInvalid, "the percentage limit is at most 100")
	}
	if l.Amount.IsNegative() {
		return Errorf(EInvalid, "the amount limit cannot be negative")
	}
	return nil
}

// Needs reports whether custom discount d needs a manager's approval.
func (l ApprovalLimit) Needs(d CustomDiscount) bool {
	switch d.Type {
	case Percentage:
		return !l.Percent.IsZero() && d.Percent.Cmp(l.Percent) > 0
	case FixedAmount:
		if l.Amount.IsZero() {
			return false
		}
		// An amount in another currency than the limit cannot be compared: ask.
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
