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
	if writeArgs(s.Args, args) {
		s.Values = args
	}
	return s
}

// writeArgs writes args in English into out (as sentence says), reporting
// whether one of them is not a string.
func writeArgs(out []string, args []any) (typed bool) {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = v
			continue
		case Money:
			out[i] = v.Display()
		case Rate:
			out[i] = v.Percent().String()
		case int:
			out[i] = strconv.Itoa(v)
		case time.Time:
			out[i] = v.UTC().Format(SentenceTime)
		default:
			out[i] = fmt.Sprint(v)
		}
		typed = true
	}
	return typed
}

// sentences makes Sentences as sentence does, their Args and Values cut
// from a few shared arrays: for the many sentences of one quote.
type sentences struct {
	args []string
	vals []any
}

const sentenceChunk = 48 // arguments per shared array

func (b *sentences) sentence(format string, args ...any) Sentence {
	s := Sentence{Format: format}
	n := len(args)
	if n == 0 {
		return s
	}
	if cap(b.args)-len(b.args) < n {
		b.args = make([]string, 0, max(sentenceChunk, n))
	}
	k := len(b.args)
	b.args = b.args[:k+n]
	s.Args = b.args[k : k+n : k+n]
	if writeArgs(s.Args, args) {
		if cap(b.vals)-len(b.vals) < n {
			b.vals = make([]any, 0, max(sentenceChunk, n))
		}
		k := len(b.vals)
		b.vals = append(b.vals, args...)
		s.Values = b.vals[k : k+n : k+n]
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
