package pos

import (
	"math/rand"
	"slices"
	"testing"
)

// refSplit is the largest-remainder split as PRICING.md says it, one unit
// at a time to the largest remainder left (ties to the earlier line).
func refSplit(total int64, weights []int64) []int64 {
	parts := make([]int64, len(weights))
	var sum int64
	for _, w := range weights {
		sum += w
	}
	if sum == 0 || total == 0 {
		return parts
	}
	rems := make([]int64, len(weights))
	var given int64
	for i, w := range weights {
		parts[i], rems[i] = mulDiv(total, w, sum)
		given += parts[i]
	}
	for left := total - given; left > 0; left-- {
		best := -1
		for i, r := range rems {
			if weights[i] > 0 && (best < 0 || r > rems[best]) {
				best = i
			}
		}
		parts[best]++
		rems[best] = -1
	}
	return parts
}

// TestSplitMatchesOneUnitAtATime: the selection-based split gives what the
// one-unit-at-a-time method gives, on random weights with many ties, from
// 1 to 3,000 lines.
func TestSplitMatchesOneUnitAtATime(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for run := 0; run < 3000; run++ {
		n := 1 + r.Intn(40)
		if run%100 == 0 {
			n = 1 + r.Intn(3000)
		}
		ws := make([]int64, n)
		for i := range ws {
			switch r.Intn(4) {
			case 0:
				ws[i] = 0
			case 1:
				ws[i] = 1000 // ties
			default:
				ws[i] = int64(r.Intn(100000))
			}
		}
		total := int64(r.Intn(1000000))
		if got, want := Split(total, ws), refSplit(total, ws); !slices.Equal(got, want) {
			t.Fatalf("run %d: Split(%d, %v) = %v, want %v", run, total, ws, got, want)
		}
	}
}
