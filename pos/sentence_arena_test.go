package pos

import (
	"reflect"
	"testing"
	"time"
)

// sentences.sentence gives what sentence gives, however many sentences
// share its arrays, and one sentence's arguments never reach another's.
func TestSentencesShareMemorySafely(t *testing.T) {
	argSets := [][]any{
		nil,
		{"Bakery"},
		{"Bakery", "Tops, Hats", NewMoney(125, "USD")},
		{NewMoney(-5, "EUR"), 3, "x"},
		{time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), mustPercent(t, "12.5")},
		{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"},
	}
	var sb sentences
	var got, want []Sentence
	for round := 0; round < 40; round++ {
		for _, args := range argSets {
			got = append(got, sb.sentence("%s and %s", args...))
			want = append(want, sentence("%s and %s", args...))
		}
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("sentence %d = %#v, want %#v", i, got[i], want[i])
		}
		if len(got[i].Args) > 0 {
			got[i].Args = append(got[i].Args, "more") // must not write over the next sentence's
		}
		if len(got[i].Values) > 0 {
			got[i].Values = append(got[i].Values, "more")
		}
	}
	for i := range got {
		if n := len(want[i].Args); !reflect.DeepEqual(got[i].Args[:n], want[i].Args) {
			t.Fatalf("sentence %d's Args changed to %q, want %q", i, got[i].Args[:n], want[i].Args)
		}
		if n := len(want[i].Values); !reflect.DeepEqual(got[i].Values[:n], want[i].Values) {
			t.Fatalf("sentence %d's Values changed to %v, want %v", i, got[i].Values[:n], want[i].Values)
		}
	}
}

func mustPercent(t *testing.T, s string) Rate {
	t.Helper()
	r, err := ParsePercent(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
