package pos

import (
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Currency is an ISO 4217 code such as "USD".
type Currency string

// minorUnits lists the currencies whose minor unit is not 2 decimals, plus the
// common 2-decimal ones so that an unknown code can be refused.
var minorUnits = map[Currency]int32{
	"USD": 2, "EUR": 2, "CAD": 2, "GBP": 2, "AUD": 2, "NZD": 2, "CHF": 2,
	"SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2, "CZK": 2, "MXN": 2, "BRL": 2,
	"CNY": 2, "HKD": 2, "SGD": 2, "INR": 2, "ZAR": 2, "ILS": 2, "TRY": 2,
	"MAD": 2, "XAF": 0, "XOF": 0,
	"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "PYG": 0, "UGX": 0,
	"BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3, "IQD": 3, "LYD": 3,
}

// Digits is the number of decimals of the currency's minor unit.
func (c Currency) Digits() int32 {
	if d, ok := minorUnits[c]; ok {
		return d
	}
	return 2
}

// Known reports whether the currency is in the till's ISO 4217 table.
func (c Currency) Known() bool { _, ok := minorUnits[c]; return ok }

// ParseCurrency upper-cases and checks an ISO 4217 code.
func ParseCurrency(s string) (Currency, error) {
	c := Currency(strings.ToUpper(strings.TrimSpace(s)))
	if !c.Known() {
		return "", Errorf(EInvalid, "unknown currency %q", clip(s))
	}
	return c, nil
}

// Limits that keep every computation exact in int64 (docs/rules.md, "Amount
// limits", proves the sums). Input beyond them is refused, naming the field.
const (
	// MaxMinor is the largest price, fixed discount, shipping charge or
	// custom discount: 10,000,000.00 in a 2-decimal currency.
	MaxMinor = int64(1_000_000_000)
	// MaxQuantity is the most units of one line; MaxLines the most lines.
	MaxQuantity = 99_999
	MaxLines    = 500
	// MaxTotal bounds every figure of one cart: the lines' subtotal
	// (MaxLines × MaxQuantity × MaxMinor), tax of at most 100 % on it,
	// and shipping and its tax.
	MaxTotal = MaxLines*MaxQuantity*MaxMinor*2 + 2*MaxMinor
	// MaxTender is the largest single payment (≥ MaxTotal, so any cart can
	// be paid at once) and MaxTenders the most payments of one sale:
	// MaxTenders × MaxTender < 2^63.
	MaxTender  = int64(100_000_000_000_000_000)
	MaxTenders = 50
	// MaxAmount bounds any amount read from text (ParseMoney).
	MaxAmount = MaxTender
)

// Money is an exact amount in one currency, held as an integer count of the
// currency's minor units (cents for USD, yen for JPY, fils for KWD). It is
// parsed from and printed as a decimal; it is never a float.
type Money struct {
	minor int64
	cur   Currency
}

// NewMoney builds an amount from minor units.
func NewMoney(minor int64, cur Currency) Money { return Money{minor, cur} }

// Zero is no money in cur.
func Zero(cur Currency) Money { return Money{0, cur} }

// ParseMoney reads a decimal amount such as "12.50". It refuses an amount
// whose value needs more decimals than the currency has ("5.000" is fine in
// USD, "5.005" is not) and amounts beyond MaxAmount (each field then has
// its own, smaller, bound: MaxMinor for prices).
func ParseMoney(s string, cur Currency) (Money, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return Money{}, Errorf(EInvalid, "%q is not an amount", clip(s))
	}
	return MoneyFromDecimal(d, cur)
}

// MoneyFromDecimal converts an exact decimal, refusing extra decimals.
func MoneyFromDecimal(d decimal.Decimal, cur Currency) (Money, error) {
	digits := cur.Digits()
	scaled := d.Shift(digits)
	if !scaled.Equal(scaled.Truncate(0)) {
		return Money{}, Errorf(EInvalid, "%s has more decimals than %s allows (%d)", d.String(), cur, digits)
	}
	if scaled.Abs().GreaterThan(decimal.NewFromInt(MaxAmount)) {
		return Money{}, Errorf(EInvalid, "%s is too large an amount", clip(d.String()))
	}
	return Money{scaled.IntPart(), cur}, nil
}

func (m Money) Minor() int64             { return m.minor }
func (m Money) Currency() Currency       { return m.cur }
func (m Money) IsZero() bool             { return m.minor == 0 }
func (m Money) IsNegative() bool         { return m.minor < 0 }
func (m Money) Decimal() decimal.Decimal { return decimal.New(m.minor, -m.cur.Digits()) }

// String prints the amount with exactly the currency's minor units: "12.50", "1200", "1.250".
func (m Money) String() string {
	if m.minor == math.MinInt64 {
		return m.stringSlow()
	}
	var buf [32]byte
	return string(m.appendPlain(buf[:0]))
}

// appendPlain appends String's digits to b, in one pass and without
// allocating (b has room). m.minor is not math.MinInt64.
func (m Money) appendPlain(b []byte) []byte {
	digits := int(m.cur.Digits())
	v := m.minor
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	var tmp [20]byte
	d := strconv.AppendInt(tmp[:0], v, 10)
	switch {
	case digits <= 0:
		return append(b, d...)
	case len(d) <= digits:
		b = append(b, '0', '.')
		for i := len(d); i < digits; i++ {
			b = append(b, '0')
		}
		return append(b, d...)
	}
	b = append(b, d[:len(d)-digits]...)
	b = append(b, '.')
	return append(b, d[len(d)-digits:]...)
}

// stringSlow is String written step by step: the reference appendPlain
// must match (TestMoneyStringFast), and the path for math.MinInt64.
func (m Money) stringSlow() string {
	digits := int(m.cur.Digits())
	v := m.minor
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if digits > 0 {
		if len(s) <= digits {
			s = strings.Repeat("0", digits-len(s)+1) + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// AddChecked adds b to a, reporting false instead of wrapping around when
// the sum leaves int64.
func AddChecked(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// MulChecked multiplies a by b, reporting false when the product leaves
// int64 (128-bit product, math/bits).
func MulChecked(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua = uint64(-a)
	}
	if b < 0 {
		ub = uint64(-b)
	}
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > 1<<63-1 {
		if neg && hi == 0 && lo == 1<<63 {
			return -1 << 63, true
		}
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// Add and Sub assume both amounts are in the same currency.
func (m Money) Add(o Money) Money { return Money{m.minor + o.minor, m.cur} }
func (m Money) Sub(o Money) Money { return Money{m.minor - o.minor, m.cur} }

// Cmp compares two amounts of the same currency.
func (m Money) Cmp(o Money) int {
	switch {
	case m.minor < o.minor:
		return -1
	case m.minor > o.minor:
		return 1
	}
	return 0
}

// Format prints the amount with its currency code, "USD 12.50". The UI uses
// locale-aware formatting on top of String.
func (m Money) Format() string { return fmt.Sprintf("%s %s", m.cur, m.String()) }

// Rate is an exact non-negative ratio num/den used for percentages and tax
// rates: 8.25% is {825, 10000}.
type Rate struct{ num, den int64 }

// maxPercentDecimals bounds the decimals of a percentage so products stay in 128 bits.
const maxPercentDecimals = 6

// ParsePercent reads a percentage such as "12.5" as a Rate of 0.125.
func ParsePercent(s string) (Rate, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return Rate{}, Errorf(EInvalid, "%q is not a percentage", clip(s))
	}
	return PercentFromDecimal(d)
}

// PercentFromDecimal converts a percentage decimal to a Rate.
func PercentFromDecimal(d decimal.Decimal) (Rate, error) {
	if d.IsNegative() {
		return Rate{}, Errorf(EInvalid, "a percentage cannot be negative (%s)", d.String())
	}
	if d.GreaterThan(decimal.NewFromInt(1000)) {
		return Rate{}, Errorf(EInvalid, "%s%% is too large", d.String())
	}
	shifted := d.Shift(maxPercentDecimals)
	if !shifted.Equal(shifted.Truncate(0)) {
		return Rate{}, Errorf(EInvalid, "%s has more than %d decimals", d.String(), maxPercentDecimals)
	}
	num, den := shifted.IntPart(), int64(100)
	for i := 0; i < maxPercentDecimals; i++ {
		den *= 10
	}
	g := gcd(num, den)
	if g > 1 {
		num, den = num/g, den/g
	}
	return Rate{num, den}, nil
}

// IsZero reports a zero rate.
func (r Rate) IsZero() bool { return r.num == 0 }

// Percent returns the rate as a percentage decimal ("12.5").
func (r Rate) Percent() decimal.Decimal {
	if r.den == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(r.num).Mul(decimal.NewFromInt(100)).Div(decimal.NewFromInt(r.den))
}

// Cmp compares two rates.
func (r Rate) Cmp(o Rate) int {
	a1, a0 := bits.Mul64(uint64(r.num), uint64(o.den))
	b1, b0 := bits.Mul64(uint64(o.num), uint64(r.den))
	switch {
	case a1 < b1 || (a1 == b1 && a0 < b0):
		return -1
	case a1 > b1 || (a1 == b1 && a0 > b0):
		return 1
	}
	return 0
}

// Of returns rate × amount rounded half away from zero (amount ≥ 0).
func (r Rate) Of(amount int64) int64 {
	if r.num == 0 || amount <= 0 {
		return 0
	}
	return mulDivRound(amount, r.num, r.den)
}

// Inside returns the tax inside a tax-inclusive amount: amount × r / (1 + r).
func (r Rate) Inside(amount int64) int64 {
	if r.num == 0 || amount <= 0 {
		return 0
	}
	return mulDivRound(amount, r.num, r.den+r.num)
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// mulDivRound returns a×n/d rounded half away from zero, for a, n ≥ 0 and
// d > 0, in 128-bit intermediate arithmetic (a×n never overflows). Callers
// keep n/d ≤ 10 (rates ≤ 1000 %) and a ≤ MaxTotal, so the quotient is at
// most 10 × MaxTotal < 2^63 and the saturation below is unreachable.
func mulDivRound(a, n, d int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(n))
	if hi >= uint64(d) {
		return int64(^uint64(0) >> 1) // saturate; unreachable within the limits
	}
	q, r := bits.Div64(hi, lo, uint64(d))
	if r >= uint64(d)-r {
		q++
	}
	return int64(q)
}

// mulDiv returns floor(a×n/d) and the remainder, for a, n ≥ 0 and d > 0.
func mulDiv(a, n, d int64) (int64, int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(n))
	if hi >= uint64(d) {
		return int64(^uint64(0) >> 1), 0
	}
	q, r := bits.Div64(hi, lo, uint64(d))
	return int64(q), int64(r)
}

// Split divides total over parts in proportion to weights with the
// largest-remainder method (ties go to the earlier part), so the parts always
// add up exactly to total. Parts with weight 0 get 0; when every weight is 0
// the whole goes to nothing and Split returns all zeros (total must then be 0).
// total and weights must be ≥ 0.
func Split(total int64, weights []int64) []int64 {
	parts := make([]int64, len(weights))
	SplitInto(parts, total, weights)
	return parts
}

// SplitInto is Split writing into parts (len(parts) == len(weights)).
func SplitInto(parts []int64, total int64, weights []int64) {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	for i := range parts {
		parts[i] = 0
	}
	if sum == 0 || total == 0 {
		return
	}
	var given int64
	for i, w := range weights {
		q, _ := mulDiv(total, w, sum)
		parts[i] = q
		given += q
	}
	left := total - given // fewer than the lines of positive weight
	if left <= 0 {
		return
	}
	// The left units go to the largest remainders, ties to the earlier
	// line: a selection of the left first lines in that order, O(n)
	// expected (a sort past a depth limit: O(n log n) at worst).
	var small [16]remainder
	rems := small[:0]
	for i, w := range weights {
		if w > 0 {
			_, r := mulDiv(total, w, sum)
			rems = append(rems, remainder{r, i})
		}
	}
	selectFirst(rems, int(left), 2*bits.Len(uint(len(rems))))
	for _, x := range rems[:left] {
		parts[x.i]++
	}
}

// remainder is a line's remainder in a largest-remainder split.
type remainder struct {
	r int64
	i int
}

// before orders remainders: the larger first, then the earlier line.
func (a remainder) before(b remainder) bool { return a.r > b.r || (a.r == b.r && a.i < b.i) }

// selectFirst reorders x so that its first k elements are the k first in
// the order of before (in any order among themselves): quickselect with
// the middle element as pivot, then a sort when depth runs out.
func selectFirst(x []remainder, k, depth int) {
	for len(x) > 1 && k > 0 && k < len(x) {
		if depth == 0 {
			slices.SortFunc(x, func(a, b remainder) int {
				if a.before(b) {
					return -1
				}
				if b.before(a) {
					return 1
				}
				return 0
			})
			return
		}
		depth--
		p := x[len(x)/2]
		// three-way partition: before p, equal to p (only p: the order is total), after
		lo, hi := 0, len(x)-1
		for i := 0; i <= hi; {
			switch {
			case x[i].before(p):
				x[lo], x[i] = x[i], x[lo]
				lo++
				i++
			case p.before(x[i]):
				x[hi], x[i] = x[i], x[hi]
				hi--
			default:
				i++
			}
		}
		// x[:lo] before p, x[lo:hi+1] is p, x[hi+1:] after p
		switch {
		case k <= lo:
			x = x[:lo]
		case k <= hi+1:
			return
		default:
			k -= hi + 1
			x = x[hi+1:]
		}
	}
}

// MarshalJSON writes Money as {"currency":"USD","amount":"12.50"}.
func (m Money) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"currency":%q,"amount":%q}`, string(m.cur), m.String())), nil
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (m *Money) UnmarshalJSON(b []byte) error {
	var v struct{ Currency, Amount string }
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Currency == "" && v.Amount == "" {
		*m = Money{}
		return nil
	}
	x, err := ParseMoney(v.Amount, Currency(v.Currency))
	if err != nil {
		return err
	}
	*m = x
	return nil
}

// MarshalJSON writes a Rate as its percentage, "12.5".
func (r Rate) MarshalJSON() ([]byte, error) { return json.Marshal(r.Percent().String()) }

// UnmarshalJSON reads a percentage string.
func (r *Rate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	x, err := ParsePercent(s)
	if err != nil {
		return err
	}
	*r = x
	return nil
}

var symbols = map[Currency]string{"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "HKD": "$", "SGD": "$", "MXN": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "KRW": "₩", "INR": "₹"}

// Display is the amount as a cashier reads it in a sentence: "$6.00",
// "€12.50", "¥1200", or "KWD 1.250" for a currency without a common symbol.
func (m Money) Display() string {
	if m.minor == math.MinInt64 {
		return m.displaySlow()
	}
	var buf [48]byte
	b := buf[:0]
	v := m
	if v.minor < 0 {
		b = append(b, '-')
		v.minor = -v.minor
	}
	if sym, ok := symbols[m.cur]; ok {
		b = append(b, sym...)
	} else {
		b = append(b, m.cur...)
		b = append(b, ' ')
	}
	return string(v.appendPlain(b))
}

// displaySlow is Display written step by step (see stringSlow).
func (m Money) displaySlow() string {
	s := m.stringSlow()
	neg := m.minor < 0
	if neg {
		s = s[1:]
	}
	if sym, ok := symbols[m.cur]; ok {
		s = sym + s
	} else {
		s = string(m.cur) + " " + s
	}
	if neg {
		return "-" + s
	}
	return s
}
