package pos

import "strings"

// NormalizeBarcode returns the GTIN-13 form of an EAN-13, UPC-A (12 digits)
// or EAN-8 code: the code left-padded with zeros to 13 digits, as GS1 compares
// GTINs. A UPC-A 036000291452 and its EAN-13 form 0036000291452 are the same
// product. Padding keeps the check digit valid (its weights count from the
// right). Anything else is returned trimmed, unchanged.
func NormalizeBarcode(code string) string {
	code = strings.TrimSpace(code)
	switch len(code) {
	case 8, 12:
	default:
		return code
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return code
		}
	}
	return strings.Repeat("0", 13-len(code)) + code
}

// BarcodeForms lists every way the same product's code can be written: its
// GTIN-13 form, and the 12- and 8-digit forms its leading zeros allow. A
// store that keeps codes as typed finds a clash by looking for any of them.
func BarcodeForms(code string) []string {
	n := NormalizeBarcode(code)
	out := []string{n}
	if len(n) == 13 && n[0] == '0' {
		out = append(out, n[1:])
		if strings.HasPrefix(n, "00000") {
			out = append(out, n[5:])
		}
	}
	return out
}
