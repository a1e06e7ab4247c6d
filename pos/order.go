package pos

import "time"

// TenderMethod is how a customer pays.
type TenderMethod string

const (
	Cash  TenderMethod = "cash"
	Card  TenderMethod = "card"
	Other TenderMethod = "other"
)

// Tender is one payment toward a sale.
type Tender struct {
	Method TenderMethod
	Amount Money
}

// Order is a completed sale: what was sold, how it was priced, how it was
// paid. It is stored whole, so returns and reports never re-run the rules.
type Order struct {
	ID         string // globally unique across tills (see NewID)
	Number     int64  // per location; test orders have a series of their own
	Test       bool
	LocationID string
	TillID     string
	CartID     string
	CreatedAt  time.Time
	Currency   Currency
	Quote      Quote
	Tenders    []Tender
	Paid       Money
	Change     Money
	StaffID    string `json:",omitempty"` // who took the payment
	StaffName  string `json:",omitempty"` // their name, for receipts
	Note       string `json:",omitempty"` // the cart's note, printed on the receipt
}

// NumberLabel is how the order number is shown: "#1042", or "TEST-7".
func (o *Order) NumberLabel() string {
	if o.Test {
		return "TEST-" + itoa(o.Number)
	}
	return "#" + itoa(o.Number)
}

// Event types of the append-only stream a sync ships to head office.
const EventOrderCompleted = "order.completed"

// Event is one entry of the append-only event stream.
type Event struct {
	Seq     int64 // local, increasing; the cursor for `caisse events --after`
	ID      string
	Type    string
	OrderID string
	TillID  string
	At      time.Time
	Payload []byte // JSON
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
