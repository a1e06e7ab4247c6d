package pos

import (
	"math"
	"strings"
	"testing"
)

func TestMinorUnits(t *testing.T) {
	for _, tc := range []struct {
		cur  Currency
		want int32
	}{{"USD", 2}, {"EUR", 2}, {"CAD", 2}, {"GBP", 2}, {"JPY", 0}, {"KRW", 0}, {"BHD", 3}, {"KWD", 3}} {
		if got := tc.cur.Digits(); got != tc.want {
			t.Errorf("%s: %d decimals, want %d", tc.cur, got, tc.want)
		}
	}
	if _, err := ParseCurrency("XXX"); err == nil {
		t.Error("an unknown currency was accepted")
	}
}

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in    string
		cur   Currency
		minor int64
		ok    bool
		out   string
	}{
		{"5.000", "USD", 500, true, "5.00"},
		{"5.005", "USD", 0, false, ""},
		{"5", "USD", 500, true, "5.00"},
		{"1200", "JPY", 1200, true, "1200"},
		{"1200.5", "JPY", 0, false, ""},
		{"1.250", "KWD", 1250, true, "1.250"},
		{"1.2505", "KWD", 0, false, ""},
		{"-3.10", "EUR", -310, true, "-3.10"},
		{"abc", "USD", 0, false, ""},
		{"1e3", "USD", 100000, true, "1000.00"},
		{"1000000000000000.00", "USD", MaxAmount, true, "1000000000000000.00"},
		{"1000000000000000.01", "USD", 0, false, ""},
		{"-1000000000000000.01", "USD", 0, false, ""},
		{"99999999999999999999999", "USD", 0, false, ""},
	} {
		m, err := ParseMoney(tc.in, tc.cur)
		if (err == nil) != tc.ok {
			t.Errorf("ParseMoney(%q, %s): err %v, want ok=%v", tc.in, tc.cur, err, tc.ok)
			continue
		}
		if tc.ok && (m.Minor() != tc.minor || m.String() != tc.out) {
			t.Errorf("ParseMoney(%q, %s) = %d %q, want %d %q", tc.in, tc.cur, m.Minor(), m.String(), tc.minor, tc.out)
		}
	}
}

func TestRoundingHalfAwayFromZero(t *testing.T) {
	ten, _ := ParsePercent("10")
	half, _ := ParsePercent("50")
	for _, tc := range []struct {
		r      Rate
		amount int64
		want   int64
	}{
		{ten, 25, 3}, // 2.5 → 3
		{ten, 24, 2}, // 2.4 → 2
		{ten, 35, 4}, // 3.5 → 4 (not banker's 4; 4 either way)
		{ten, 45, 5}, // 4.5 → 5 (banker's would give 4)
		{half, 1, 1}, // 0.5 → 1
		{half, 3, 2}, // 1.5 → 2
		{ten, 0, 0},  // nothing
		{half, 5, 3}, // 2.5 → 3
	} {
		if got := tc.r.Of(tc.amount); got != tc.want {
			t.Errorf("%s%% of %d = %d, want %d", tc.r.Percent(), tc.amount, got, tc.want)
		}
	}
	rate, _ := ParsePercent("8.25")
	if got := rate.Of(10000); got != 825 {
		t.Errorf("8.25%% of 100.00 = %d, want 825", got)
	}
	if got, _ := ParsePercent("10"); got.Inside(1100) != 100 {
		t.Errorf("tax inside 11.00 at 10%% = %d, want 100", got.Inside(1100))
	}
}

func TestSplitLargestRemainder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   int64
		weights []int64
		want    []int64
	}{
		{"$50 over $50 and $100 (never 16.50 + 33.50)", 5000, []int64{5000, 10000}, []int64{1667, 3333}},
		{"$5.00 over three equal lines (never 5.01)", 500, []int64{100, 100, 100}, []int64{167, 167, 166}},
		{"ties go to the earlier line", 1, []int64{100, 100}, []int64{1, 0}},
		{"zero weights take nothing", 300, []int64{0, 100, 200}, []int64{0, 100, 200}},
		{"nothing to split", 0, []int64{5, 5}, []int64{0, 0}},
		{"all of it", 700, []int64{300, 400}, []int64{300, 400}},
	} {
		got := Split(tc.total, tc.weights)
		var sum int64
		for i := range got {
			sum += got[i]
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
				break
			}
		}
		if sum != tc.total {
			t.Errorf("%s: parts add up to %d, not %d", tc.name, sum, tc.total)
		}
	}
}

func TestParsePercent(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{{"10", true}, {"12.5", true}, {"0.000001", true}, {"0.0000001", false}, {"-5", false}, {"x", false}, {"100", true}} {
		if _, err := ParsePercent(tc.in); (err == nil) != tc.ok {
			t.Errorf("ParsePercent(%q): err %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func TestNewIDUniqueAndOrdered(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for i := 0; i < 1000; i++ {
		id := NewID(genNow.Add(timeMs(i)))
		if len(id) != 26 || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		if id <= prev {
			t.Fatalf("ids not time-ordered: %s after %s", id, prev)
		}
		seen[id], prev = true, id
	}
}

func TestMoneyDisplay(t *testing.T) {
	for _, tc := range []struct {
		m    Money
		want string
	}{{usd(600), "$6.00"}, {NewMoney(1250, "EUR"), "€12.50"}, {NewMoney(1200, "JPY"), "¥1200"}, {NewMoney(1250, "KWD"), "KWD 1.250"}, {usd(-5), "-$0.05"}} {
		if got := tc.m.Display(); got != tc.want {
			t.Errorf("Display = %q, want %q", got, tc.want)
		}
	}
}

func TestClipCutsEchoedInput(t *testing.T) {
	long := strings.Repeat("é", 200)
	_, err := ParseMoney(long, "USD")
	if err == nil || strings.Contains(ErrorMessage(err), strings.Repeat("é", 81)) || !strings.Contains(ErrorMessage(err), "…") {
		t.Fatalf("ParseMoney echoes too much: %v", err)
	}
	if got := Clip("short", 80); got != "short" {
		t.Fatalf("Clip changed a short string: %q", got)
	}
	if got := Clip("a\xffb", 80); got != "a\ufffdb" {
		t.Fatalf("Clip kept invalid UTF-8: %q", got)
	}
}

// Finding 8: a title "=cmd|' /C calc'!A0" reached the spreadsheet as a
// formula. Every risky first character gets an apostrophe; plain negative
// numbers stay numbers.
func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
		"+1+2":               "'+1+2",
		"-1+2":               "'-1+2",
		"@SUM(A1)":           "'@SUM(A1)",
		"\tx":                "'\tx",
		"\rx":                "'\rx",
		"-12.50":             "-12.50",
		"-3":                 "-3",
		"-":                  "'-",
		"-.5":                "'-.5",
		"-5.":                "'-5.",
		"-1.2.3":             "'-1.2.3",
		"Mug":                "Mug",
		"":                   "",
		"12.50":              "12.50",
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// String and Display are written in one pass; they must give what the
// step-by-step versions give, for every digit count and sign.
func TestMoneyStringFast(t *testing.T) {
	curs := []Currency{"USD", "JPY", "KWD", "EUR", "XXX", "CLF", ""}
	vals := []int64{0, 1, -1, 9, 10, -10, 99, 100, 101, 999, 1000, 1234, -1234, 100000, 12345678, -5, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	for i := int64(1); i < 1e18; i *= 7 {
		vals = append(vals, i, -i, i+3)
	}
	for _, c := range curs {
		for _, v := range vals {
			m := NewMoney(v, c)
			if got, want := m.String(), m.stringSlow(); got != want {
				t.Errorf("NewMoney(%d, %q).String() = %q, want %q", v, c, got, want)
			}
			if got, want := m.Display(), m.displaySlow(); got != want {
				t.Errorf("NewMoney(%d, %q).Display() = %q, want %q", v, c, got, want)
			}
		}
	}
}
