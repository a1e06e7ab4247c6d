package pos

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Sentence is a message for the cashier kept as an English format with %s
// verbs and its arguments, so a front can translate the format (its key)
// and put the same arguments back. String gives the English.
//
// Args are the arguments written in English ("$379.80", "12.5", "3",
// "1 Dec 2026 09:00 UTC"), what the scenario runner prints. Values, when
// set, are the same arguments as values (Money, Rate for a percentage, int,
// time.Time, string), one for each of Args, for a front end to write in
// its own locale; they are not stored.
type Sentence struct {
	Format string
	Args   []string `json:",omitempty"`
	Values []any    `json:"-"`
}

// SentenceTime is how a sentence writes a time in English.
const SentenceTime = "2 Jan 2006 15:04 MST"

// sentence makes a Sentence of English-formatted arguments: a Money as
// Display writes it, a Rate as its percentage ("12.5"), an int, a time in
// UTC (SentenceTime), a string as it is.
func sentence(format string, args ...any) Sentence {
	s := Sentence{Format: format}
	if len(args) == 0 {
		return s
	}
	s.Args = make([]string, len(args))
	typed := false
	for i, a := range args {
		switch v := a.(type) {
		case string:
			s.Args[i] = v
			continue
		case Money:
			s.Args[i] = v.Display()
		case Rate:
			s.Args[i] = v.Percent().String()
		case int:
			s.Args[i] = strconv.Itoa(v)
		case time.Time:
			s.Args[i] = v.UTC().Format(SentenceTime)
		default:
			s.Args[i] = fmt.Sprint(v)
		}
		typed = true
	}
	if typed {
		s.Values = args
	}
	return s
}

// String substitutes the arguments for the %s verbs in order.
func (s Sentence) String() string { return Fill(s.Format, s.Args) }

// Fill substitutes args for the %s verbs of format in order ("%%" is a
// percent sign). It is fmt.Sprintf for strings only, without its cost.
func Fill(format string, args []string) string {
	var b strings.Builder
	b.Grow(len(format) + 16*len(args))
	n := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '%' && i+1 < len(format) {
			switch format[i+1] {
			case 's':
				if n < len(args) {
					b.WriteString(args[n])
				}
				n++
				i++
				continue
			case '%':
				b.WriteByte('%')
				i++
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
