package pos

import (
	"testing"
)

func init() { PINCost = TestPINCost }

// testActor is the trusted manager the tests' tills act as (Options.Actor).
var testActor = &Staff{ID: "tester", Name: "Tester", Role: Manager, Active: true}

func TestPINHashing(t *testing.T) {
	tests := []struct {
		pin, try string
		hashErr  bool
		match    bool
	}{
		{"1234", "1234", false, true},
		{"1234", "1235", false, false},
		{"1234", "", false, false},
		{"12345678", "12345678", false, true},
		{"123", "", true, false},
		{"123456789", "", true, false},
		{"12a4", "", true, false},
		{"١٢٣٤", "", true, false}, // Arabic-Indic digits are not a PIN
	}
	for _, tt := range tests {
		h, err := HashPIN(tt.pin)
		if (err != nil) != tt.hashErr {
			t.Errorf("HashPIN(%q) error %v, want error %v", tt.pin, err, tt.hashErr)
			continue
		}
		if err != nil {
			continue
		}
		if h == tt.pin || len(h) < 50 {
			t.Errorf("HashPIN(%q) = %q: not an argon2id hash", tt.pin, h)
		}
		if got := PINMatches(h, tt.try); got != tt.match {
			t.Errorf("PINMatches(hash of %q, %q) = %v, want %v", tt.pin, tt.try, got, tt.match)
		}
	}
	h1, _ := HashPIN("1234")
	h2, _ := HashPIN("1234")
	if h1 == h2 {
		t.Error("two hashes of one PIN are equal: no salt")
	}
}

func TestFindByPIN(t *testing.T) {
	mh, _ := HashPIN("1234")
	ch, _ := HashPIN("0000")
	oh, _ := HashPIN("9999")
	staff := []Staff{
		{ID: "c", Name: "Cam", Role: Cashier, PINHash: ch, Active: true},
		{ID: "m", Name: "Mia", Role: Manager, PINHash: mh, Active: true},
		{ID: "old", Name: "Old", Role: Manager, PINHash: oh, Active: false},
	}
	tests := []struct {
		pin  string
		role Role
		want string
	}{
		{"1234", Manager, "m"},
		{"1234", "", "m"},
		{"0000", Manager, ""}, // a cashier cannot approve
		{"0000", Cashier, "c"},
		{"9999", Manager, ""}, // inactive
		{"5555", "", ""},
	}
	for _, tt := range tests {
		s, err := FindByPIN(staff, tt.pin, tt.role)
		if s.ID != tt.want || (tt.want == "") != IsWrongPIN(err) {
			t.Errorf("FindByPIN(%q, %q) = %q, %v; want %q", tt.pin, tt.role, s.ID, err, tt.want)
		}
	}
}

func TestApprovalLimit(t *testing.T) {
	usd := Currency("USD")
	pct := func(s string) Rate { r, _ := ParsePercent(s); return r }
	tests := []struct {
		name  string
		limit ApprovalLimit
		d     CustomDiscount
		want  bool
	}{
		{"off", ApprovalLimit{}, CustomDiscount{Type: Percentage, Percent: pct("100")}, false},
		{"under percent", ApprovalLimit{Percent: pct("20")}, CustomDiscount{Type: Percentage, Percent: pct("20")}, false},
		{"over percent", ApprovalLimit{Percent: pct("20")}, CustomDiscount{Type: Percentage, Percent: pct("20.5")}, true},
		{"percent limit only, amount", ApprovalLimit{Percent: pct("20")}, CustomDiscount{Type: FixedAmount, Amount: NewMoney(99999, usd)}, false},
		{"at amount", ApprovalLimit{Amount: NewMoney(1000, usd)}, CustomDiscount{Type: FixedAmount, Amount: NewMoney(1000, usd)}, false},
		{"over amount", ApprovalLimit{Amount: NewMoney(1000, usd)}, CustomDiscount{Type: FixedAmount, Amount: NewMoney(1001, usd)}, true},
		{"other currency", ApprovalLimit{Amount: NewMoney(1000, usd)}, CustomDiscount{Type: FixedAmount, Amount: NewMoney(1, "EUR")}, true},
	}
	for _, tt := range tests {
		if got := tt.limit.Needs(tt.d); got != tt.want {
			t.Errorf("%s: Needs = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheckManagersLeft(t *testing.T) {
	staff := []Staff{
		{ID: "m", Role: Manager, Active: true},
		{ID: "c", Role: Cashier, Active: true},
	}
	tests := []struct {
		changed Staff
		ok      bool
	}{
		{Staff{ID: "m", Role: Cashier, Active: true}, false},
		{Staff{ID: "m", Role: Manager, Active: false}, false},
		{Staff{ID: "m", Role: Manager, Active: true}, true},
		{Staff{ID: "c", Role: Cashier, Active: false}, true},
		{Staff{ID: "n", Role: Cashier, Active: true}, true},
	}
	for i, tt := range tests {
		if err := CheckManagersLeft(staff, tt.changed); (err == nil) != tt.ok {
			t.Errorf("%d: %v, want ok %v", i, err, tt.ok)
		}
	}
	// A second manager may step down.
	staff = append(staff, Staff{ID: "m2", Role: Manager, Active: true})
	if err := CheckManagersLeft(staff, Staff{ID: "m", Role: Cashier, Active: true}); err != nil {
		t.Error(err)
	}
}
