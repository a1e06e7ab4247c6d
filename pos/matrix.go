package pos

import "time"

// Matrix says, for every pair of active discounts, whether they combine.
type Matrix struct {
	// Discounts are the active discounts, in set-up order; Cells[i][j] is
	// Discounts[i] against Discounts[j] (Cells[i][i] is the zero cell).
	Discounts []Discount
	Cells     [][]MatrixCell
}

// MatrixCell is one pair of discounts.
type MatrixCell struct {
	Combines bool
	// OneSided: one of the two allows the other's class and the other does
	// not, so they never combine although the manager ticked one box.
	OneSided bool
	// Fix, for a one-sided pair, is the flag that makes them combine.
	Fix *CombineFix
}

// CombineFix is one "combines with" flag to tick on one discount.
type CombineFix struct {
	DiscountID string
	Class      Class // tick Combines.With(Class)
}

// Apply ticks the flag on d.
func (f CombineFix) Apply(d *Discount) {
	switch f.Class {
	case ClassProduct:
		d.Combines.Product = true
	case ClassOrder:
		d.Combines.Order = true
	case ClassShipping:
		d.Combines.Shipping = true
	}
}

// CombinationMatrix lays out every active discount (at now) against every
// other. A pair combines when each allows the other's class (CombinesWith).
func CombinationMatrix(discounts []Discount, now time.Time) Matrix {
	var m Matrix
	for i := range discounts {
		if discounts[i].Active(now) {
			m.Discounts = append(m.Discounts, discounts[i])
		}
	}
	m.Cells = make([][]MatrixCell, len(m.Discounts))
	for i := range m.Discounts {
		m.Cells[i] = make([]MatrixCell, len(m.Discounts))
		a := &m.Discounts[i]
		for j := range m.Discounts {
			if i == j {
				continue
			}
			b := &m.Discounts[j]
			ab, ba := a.Combines.With(b.Class), b.Combines.With(a.Class)
			c := MatrixCell{Combines: ab && ba, OneSided: ab != ba}
			switch {
			case ab && !ba:
				c.Fix = &CombineFix{DiscountID: b.ID, Class: a.Class}
			case ba && !ab:
				c.Fix = &CombineFix{DiscountID: a.ID, Class: b.Class}
			}
			m.Cells[i][j] = c
		}
	}
	return m
}

// OneSided returns the one-sided pairs (i < j) of the matrix.
func (m Matrix) OneSided() [][2]int {
	var out [][2]int
	for i := range m.Cells {
		for j := i + 1; j < len(m.Cells); j++ {
			if m.Cells[i][j].OneSided {
				out = append(out, [2]int{i, j})
			}
		}
	}
	return out
}

// DiscountStatus is how the back office groups discounts.
type DiscountStatus string

const (
	StatusActive    DiscountStatus = "active"
	StatusScheduled DiscountStatus = "scheduled"
	StatusExpired   DiscountStatus = "expired"
	StatusDisabled  DiscountStatus = "disabled"
)

// Status says whether d is disabled, not started yet, ended, or active at now.
func (d *Discount) Status(now time.Time) DiscountStatus {
	switch {
	case !d.Enabled:
		return StatusDisabled
	case !d.StartsAt.IsZero() && now.Before(d.StartsAt):
		return StatusScheduled
	case !d.EndsAt.IsZero() && !now.Before(d.EndsAt):
		return StatusExpired
	}
	return StatusActive
}

// FixCreates returns the pairs (discount ids) that fix would leave
// one-sided and were not before: ticking "combines with order discounts"
// on a product discount makes it one-sided with every order discount that
// does not combine with product discounts.
func FixCreates(discounts []Discount, fix CombineFix, now time.Time) [][2]string {
	before := CombinationMatrix(discounts, now)
	after := make([]Discount, len(discounts))
	copy(after, discounts)
	for i := range after {
		if after[i].ID == fix.DiscountID {
			fix.Apply(&after[i])
		}
	}
	m := CombinationMatrix(after, now)
	was := map[[2]string]bool{}
	for _, p := range before.OneSided() {
		was[[2]string{before.Discounts[p[0]].ID, before.Discounts[p[1]].ID}] = true
	}
	var out [][2]string
	for _, p := range m.OneSided() {
		k := [2]string{m.Discounts[p[0]].ID, m.Discounts[p[1]].ID}
		if !was[k] {
			out = append(out, k)
		}
	}
	return out
}
