package pos

import "strings"

// Sentence is a message for the cashier kept as an English format with %s
// verbs and its arguments, so a front can translate the format (its key)
// and put the same arguments back. String gives the English.
type Sentence struct {
	Format string
	Args   []string `json:",omitempty"`
}

func sentence(format string, args ...string) Sentence { return Sentence{format, args} }

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
