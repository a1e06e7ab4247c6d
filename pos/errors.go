package pos

import (
	"errors"
	"fmt"
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
)

// Error is a refusal with a code and a message for the cashier. Format and
// Args are the English message before formatting, so a front can translate
// the format (its key) and format it again with the same arguments.
type Error struct {
	Code    string
	Message string
	Format  string
	Args    []any
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an *Error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
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
