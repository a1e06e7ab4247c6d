package receipt

import (
	"bytes"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Paper widths in characters of the printer's font A.
const (
	Columns58 = 32 // 58 mm roll
	Columns80 = 48 // 80 mm roll
)

// ESC/POS commands used.
var (
	escInit      = []byte{0x1b, '@'}        // ESC @: reset
	escCodePage  = []byte{0x1b, 't', 16}    // ESC t 16: WPC1252
	escBoldOn    = []byte{0x1b, 'E', 1}     // ESC E 1
	escBoldOff   = []byte{0x1b, 'E', 0}     // ESC E 0
	escCenter    = []byte{0x1b, 'a', 1}     // ESC a 1
	escLeft      = []byte{0x1b, 'a', 0}     // ESC a 0
	gsTall       = []byte{0x1d, '!', 0x01}  // GS ! 1: double height (same columns)
	gsNormalSize = []byte{0x1d, '!', 0x00}  // GS ! 0
	escFeed      = []byte{0x1b, 'd', 4}     // ESC d 4: feed 4 lines
	gsCut        = []byte{0x1d, 'V', 66, 0} // GS V 66 0: feed to the cutter, partial cut
)

// ESCPOS renders lines for a thermal printer of the given columns (32 or
// 48): text in code page 1252, amounts right-aligned, a left text too long
// for its line wrapped onto the next, then a feed and a cut. A test receipt
// gets a TEST banner at the top and the bottom.
func ESCPOS(lines []Line, columns int, test bool) []byte {
	if columns < 16 {
		columns = Columns58
	}
	var b bytes.Buffer
	b.Write(escInit)
	b.Write(escCodePage)
	banner := func() {
		b.Write(escCenter)
		b.Write(escBoldOn)
		b.Write(gsTall)
		b.Write(encode1252("*** TEST ***"))
		b.WriteByte('\n')
		b.Write(gsNormalSize)
		b.Write(escBoldOff)
		b.Write(escLeft)
	}
	if test {
		banner()
	}
	for _, l := range lines {
		switch l.Style {
		case Rule:
			b.WriteString(strings.Repeat("-", columns))
			b.WriteByte('\n')
			continue
		case Center:
			b.Write(escCenter)
			for _, row := range wrap(l.Left, columns) {
				b.Write(encode1252(row))
				b.WriteByte('\n')
			}
			b.Write(escLeft)
			continue
		case Bold:
			b.Write(escBoldOn)
		case Big:
			b.Write(escBoldOn)
			b.Write(gsTall)
		}
		left := l.Left
		indent := ""
		if l.Style == Indent || l.Style == Muted {
			indent = "  "
		}
		for _, row := range columnsRows(indent+left, l.Right, columns) {
			b.Write(encode1252(row))
			b.WriteByte('\n')
		}
		switch l.Style {
		case Bold:
			b.Write(escBoldOff)
		case Big:
			b.Write(gsNormalSize)
			b.Write(escBoldOff)
		}
	}
	if test {
		banner()
	}
	b.Write(escFeed)
	b.Write(gsCut)
	return b.Bytes()
}

// columnsRows puts left and right on rows of width columns: right aligned
// on the last row, left wrapped at spaces when it does not fit beside it.
func columnsRows(left, right string, columns int) []string {
	rw := utf8.RuneCountInString(right)
	if rw == 0 {
		return wrap(left, columns)
	}
	if rw >= columns {
		return append(wrap(left, columns), pad(right, columns))
	}
	rows := wrap(left, columns)
	last := rows[len(rows)-1]
	if utf8.RuneCountInString(last)+1+rw <= columns {
		rows[len(rows)-1] = last + strings.Repeat(" ", columns-utf8.RuneCountInString(last)-rw) + right
		return rows
	}
	return append(rows, pad(right, columns))
}

func pad(right string, columns int) string {
	return strings.Repeat(" ", max(0, columns-utf8.RuneCountInString(right))) + right
}

// wrap breaks s into rows of at most columns characters, at spaces when it can.
func wrap(s string, columns int) []string {
	var rows []string
	r := []rune(s)
	for len(r) > columns {
		cut := columns
		for i := columns; i > columns/2; i-- {
			if r[i] == ' ' {
				cut = i
				break
			}
		}
		rows = append(rows, strings.TrimRight(string(r[:cut]), " "))
		r = []rune(strings.TrimLeft(string(r[cut:]), " "))
	}
	return append(rows, string(r))
}

// encode1252 writes s in Windows code page 1252 (what ESC t 16 selects),
// with golang.org/x/text/encoding/charmap: every character the code page
// has (€ ™ Š Ž Ÿ ‰ Œ “ ” …) at its place. Spaces of any kind print as a
// space and the minus sign as '-'; a character the code page lacks prints
// as its letter without the accent when that exists (ő → o), else '?'.
func encode1252(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r >= 0x80 && unicode.IsSpace(r) { // no-break and thin spaces
			out = append(out, ' ')
			continue
		}
		if b, ok := charmap.Windows1252.EncodeRune(r); ok {
			out = append(out, b)
			continue
		}
		out = append(out, fallback1252(r)...)
	}
	return out
}

// fallback1252 is what prints for a character code page 1252 lacks.
func fallback1252(r rune) []byte {
	switch {
	case unicode.IsSpace(r):
		return []byte{' '}
	case r == '−' || r == '‐' || r == '‑' || r == '‒':
		return []byte{'-'}
	}
	if l, ok := strokeLetters[r]; ok { // no accent to take off: the bare letter
		return []byte{l}
	}
	var out []byte
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		b, ok := charmap.Windows1252.EncodeRune(d)
		if !ok {
			return []byte{'?'}
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return []byte{'?'}
	}
	return out
}

// strokeLetters are letters with a stroke, which Unicode does not decompose.
var strokeLetters = map[rune]byte{'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i', 'Ŧ': 'T', 'ŧ': 't'}

// Printer is where ESC/POS receipts go: a file, or a device such as
// /dev/usb/lp0, and the paper's columns.
type Printer struct {
	Path    string
	Columns int
}

// Print writes lines to the printer's path (created or truncated when it is
// a file).
func (p Printer) Print(lines []Line, test bool) error {
	f, err := os.OpenFile(p.Path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(ESCPOS(lines, p.Columns, test)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// PlainText lays lines out as the printer does, without its commands: for
// a terminal or a text file.
func PlainText(lines []Line, columns int) string {
	var b strings.Builder
	for _, l := range lines {
		var rows []string
		switch l.Style {
		case Rule:
			rows = []string{strings.Repeat("-", columns)}
		case Center:
			for _, r := range wrap(l.Left, columns) {
				pad := max(0, (columns-utf8.RuneCountInString(r))/2)
				rows = append(rows, strings.Repeat(" ", pad)+r)
			}
		default:
			indent := ""
			if l.Style == Indent || l.Style == Muted {
				indent = "  "
			}
			rows = columnsRows(indent+l.Left, strings.ReplaceAll(l.Right, "−", "-"), columns)
		}
		for _, r := range rows {
			b.WriteString(strings.ReplaceAll(r, "−", "-"))
			b.WriteByte('\n')
		}
	}
	return b.String()
}
