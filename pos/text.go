package pos

import (
	"unicode"
	"unicode/utf8"
)

// Clip cuts s to at most n characters, ending it with "…" when cut, so an
// error message never repeats a whole pasted file back (docs/rules.md).
// Invalid UTF-8 is shown as U+FFFD.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n && utf8.ValidString(s) {
		return s
	}
	out := make([]rune, 0, n+1)
	for _, r := range s {
		if len(out) == n {
			out = append(out, '…')
			break
		}
		out = append(out, r)
	}
	return string(out)
}

// maxEcho is how much of a value the till's messages repeat.
const maxEcho = 80

// clip is Clip at maxEcho, for the till's own messages.
func clip(s string) string { return Clip(s, maxEcho) }

// Lengths of text fields: an id, code or SKU is at most MaxCodeLen
// characters (so a message that repeats one stays short), a title at most
// MaxTitleLen.
const (
	MaxCodeLen  = 80
	MaxTitleLen = 200
)

// CheckCode refuses an id, code or SKU that is not clean text: invalid
// UTF-8, NUL or any control character, a bidirectional override or
// isolate, or a zero-width character. Such a value could look like another
// one on screen and on a receipt while being a different key.
func CheckCode(field, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EInvalid, "%s %q is not valid UTF-8 text.", field, clip(s))
	}
	if n := utf8.RuneCountInString(s); n > MaxCodeLen {
		return Errorf(EInvalid, "%s %q is too long (%d characters; at most %d).", field, clip(s), n, MaxCodeLen)
	}
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			return Errorf(EInvalid, "%s %q contains a control character (U+%04X).", field, clip(s), r)
		case isBidiControl(r) || isZeroWidth(r):
			return Errorf(EInvalid, "%s %q contains an invisible character (U+%04X).", field, clip(s), r)
		}
	}
	return nil
}

// CheckTitle refuses a title or name that is not valid UTF-8 or holds NUL
// or another control character (a title is shown and printed as it is).
func CheckTitle(field, s string) error {
	if !utf8.ValidString(s) {
		return Errorf(EInvalid, "%s %q is not valid UTF-8 text.", field, clip(s))
	}
	if n := utf8.RuneCountInString(s); n > MaxTitleLen {
		return Errorf(EInvalid, "%s %q is too long (%d characters; at most %d).", field, clip(s), n, MaxTitleLen)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return Errorf(EInvalid, "%s %q contains a control character (U+%04X).", field, clip(s), r)
		}
	}
	return nil
}

// isBidiControl: the embedding, override and isolate marks (U+202A..202E,
// U+2066..2069) and the directional marks (U+200E, 200F, 061C).
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// isZeroWidth: zero-width space, non-joiner, joiner, word joiner,
// invisible operators and the byte-order mark used as a zero-width
// no-break space, and the soft hyphen.
func isZeroWidth(r rune) bool {
	return (r >= 0x200B && r <= 0x200D) || (r >= 0x2060 && r <= 0x2064) || r == 0xFEFF || r == 0x00AD || r == 0x180E
}

// CheckText refuses a product whose id, SKU, barcode, price ids,
// collections or cross-sell are not clean codes (CheckCode), or whose
// title is not clean text (CheckTitle). Every write of a product calls it
// (back office, import, scenario files, seeding); a stored product is read
// back without it, so an older file still opens.
func (p *Product) CheckText() error {
	if err := CheckCode("the product id", p.ID); err != nil {
		return err
	}
	field := func(name string) string { return "product " + p.ID + ": the " + name }
	checks := []error{
		CheckTitle(field("title"), p.Title),
		CheckCode(field("SKU"), p.SKU),
		CheckCode(field("barcode"), p.Barcode),
		CheckCode(field("cross-sell"), p.CrossSell),
	}
	for _, c := range p.Collections {
		checks = append(checks, CheckCode(field("collection"), c))
	}
	for _, pr := range p.Prices {
		checks = append(checks, CheckCode(field("price id"), pr.ID))
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

// CheckText refuses a discount whose id, code or targets are not clean
// codes, or whose title is not clean text.
func (d *Discount) CheckText() error {
	if err := CheckCode("the discount id", d.ID); err != nil {
		return err
	}
	field := func(name string) string { return "discount " + d.ID + ": the " + name }
	checks := []error{CheckTitle(field("title"), d.Title), CheckCode(field("code"), d.Code)}
	for _, t := range []*Target{&d.Target, targetOf(d.Buy), targetOfGet(d.Get)} {
		if t == nil {
			continue
		}
		for _, id := range t.Products {
			checks = append(checks, CheckCode(field("product"), id))
		}
		for _, c := range t.Collections {
			checks = append(checks, CheckCode(field("collection"), c))
		}
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}

func targetOf(b *BuyRule) *Target {
	if b == nil {
		return nil
	}
	return &b.Target
}

func targetOfGet(g *GetRule) *Target {
	if g == nil {
		return nil
	}
	return &g.Target
}

// CSVCell makes a value safe for a spreadsheet: a cell starting with =, +,
// -, @, a tab or a carriage return would be read as a formula (CSV
// injection), so it gets a leading apostrophe. A plain number such as
// "-12.50" is the one exception: it stays a number.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if !plainNegative(s) {
			return "'" + s
		}
	}
	return s
}

// CSVRecord applies CSVCell to every cell of a record, in place.
func CSVRecord(rec []string) []string {
	for i := range rec {
		rec[i] = CSVCell(rec[i])
	}
	return rec
}

// plainNegative reports "-" followed by digits with at most one dot inside.
func plainNegative(s string) bool {
	digits, dot := 0, false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return s[0] == '-' && digits > 0
}
