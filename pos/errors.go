package pos

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes, as in benbjohnson/wtf: a small closed set that fronts map to
// behaviour (the runner to exit statuses, the window to where it shows the
// message). The message is always a sentence a cashier can read.
const (
	EInvalid      = "invalid"       // bad input: amount, percent, quantity
	ENotFound     = "not_found"     // no such product, price, line, code
	EConflict     = "conflict"      // the request contradicts the cart's state
	ENotAllowed   = "not_allowed"   // a rule forbids it (cross-sell quantity, split line)
	ELimit        = "limit_reached" // a code limit or usage limit
	EClosed       = "closed"        // the cart was completed: start a new one
	EPayment      = "payment"       // tenders do not cover or exceed what is due
	EInternal     = "internal"      // storage or other failure
	EUnauthorized = "unauthorized"  // needs a manager
	// ESignIn: nobody is signed in at the till (the window shows sign-in).
	ESignIn = "sign_in"
	// ENeedsApproval: the change needs a permission the signed-in member of
	// staff lacks; a manager's PIN (Till.Approve) allows it once. The
	// error's Permission names it (NeedsApproval).
	ENeedsApproval = "needs_approval"
	// ELocked: too many wrong PINs; that member of staff is locked out
	// until a time (the message says when).
	ELocked = "locked"
)

// Error is a refusal with a code and a message for the cashier. Format and
// Args are the English message before formatting, so a front can translate
// the format (its key) and format it again with the same arguments.
type Error struct {
	Code    string
	Message string
	Format  string // %w of Errorf is kept as %v here
	Args    []any
	// Err is the cause an Errorf format wrapped with %w (nil if none).
	Err error
	// Permission is what an ENeedsApproval refusal needs.
	Permission Permission
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the wrapped cause, so errors.Is/As see through an *Error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error. As with fmt.Errorf, a %w verb wraps its error
// argument (Unwrap returns it); the message shows it as %v would.
func Errorf(code, format string, args ...any) *Error {
	w := fmt.Errorf(format, args...)
	e := &Error{Code: code, Message: w.Error(), Format: format, Args: args}
	switch u := w.(type) {
	case interface{ Unwrap() error }:
		e.Err = u.Unwrap()
	case interface{ Unwrap() []error }:
		e.Err = w
	}
	if e.Err != nil {
		e.Format = strings.ReplaceAll(format, "%w", "%v")
	}
	return e
}

// amountsShown writes e's English message with its amounts as a cashier
// reads them ("$6.00", Money.Display) while its Args keep the Money values,
// which a front end writes the locale's way.
func amountsShown(e *Error) *Error {
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		if m, ok := a.(Money); ok {
			a = m.Display()
		}
		args[i] = a
	}
	e.Message = fmt.Sprintf(e.Format, args...)
	return e
}

// Refusals is an error made of several refusals (a catalog import's bad
// rows): a front end shows each, in its language, on a line of its own.
type Refusals interface {
	error
	Refusals() []error
}

// needsApproval is the refusal of a change that needs perm.
func needsApproval(perm Permission, format string, args ...any) *Error {
	return &Error{Code: ENeedsApproval, Message: fmt.Sprintf(format, args...), Format: format, Args: args, Permission: perm}
}

// NeedsApproval reports a refusal a manager's approval (Till.Approve with
// the returned permission) would allow.
func NeedsApproval(err error) (Permission, bool) {
	var e *Error
	if errors.As(err, &e) && e.Code == ENeedsApproval {
		return e.Permission, true
	}
	return "", false
}

// ErrorCode returns the code of err, EInternal for a foreign error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the cashier-facing message of err.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "Internal error: " + err.Error()
}
