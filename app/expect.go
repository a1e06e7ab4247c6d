package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// compareExpect compares the fields the expectation gives with the output,
// amounts as decimals ("5" equals "5.00"), and names each field that differs.
func compareExpect(expect json.RawMessage, out *output) ([]string, error) {
	var want any
	dec := json.NewDecoder(bytes.NewReader(expect))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		return nil, err
	}
	if _, ok := want.(map[string]any); !ok {
		return nil, fmt.Errorf("expect must be an object")
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	var got any
	dec = json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		return nil, err
	}
	var diffs []string
	compare("", want, got, &diffs)
	return diffs, nil
}

func compare(path string, want, got any, diffs *[]string) {
	name := path
	if name == "" {
		name = "output"
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: expected an object, got %s", name, show(got)))
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			gv, ok := g[k]
			if !ok {
				*diffs = append(*diffs, fmt.Sprintf("%s: expected %s, but the output has no such field", p, show(w[k])))
				continue
			}
			compare(p, w[k], gv, diffs)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: expected a list, got %s", name, show(got)))
			return
		}
		if len(w) != len(g) {
			*diffs = append(*diffs, fmt.Sprintf("%s: expected %d items, got %d: %s", name, len(w), len(g), show(got)))
			return
		}
		for i := range w {
			compare(fmt.Sprintf("%s[%d]", name, i), w[i], g[i], diffs)
		}
	default:
		if !scalarEqual(want, got) {
			*diffs = append(*diffs, fmt.Sprintf("%s: expected %s, got %s", name, show(want), show(got)))
		}
	}
}

func scalarEqual(want, got any) bool {
	if dw, ok := asDecimal(want); ok {
		if dg, ok := asDecimal(got); ok {
			return dw.Equal(dg)
		}
	}
	return fmt.Sprint(want) == fmt.Sprint(got) && sameKind(want, got)
}

func sameKind(a, b any) bool {
	switch a.(type) {
	case bool:
		_, ok := b.(bool)
		return ok
	case nil:
		return b == nil
	}
	return true
}

func asDecimal(v any) (decimal.Decimal, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	default:
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
