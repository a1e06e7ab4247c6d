// Package icon draws Caisse's application icon: a till receipt on a rounded
// teal square. assets/icongen writes it to assets/icon.png; the window uses
// the same drawing, so the two never drift apart.
package icon

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"

	"fyne.io/fyne/v2"
)

var (
	teal  = color.RGBA{0x00, 0x69, 0x5c, 0xff}
	paper = color.RGBA{0xfa, 0xfa, 0xf5, 0xff}
	ink   = color.RGBA{0x26, 0x32, 0x38, 0xff}
	amber = color.RGBA{0xff, 0xb3, 0x00, 0xff}
)

// Draw returns the icon at size×size pixels.
func Draw(size int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	r := s * 0.18
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			if inRounded(fx, fy, 0, 0, s, s, r) {
				img.Set(x, y, teal)
			}
			// The receipt: a paper strip with a zigzag bottom edge.
			px0, px1, py0, py1 := s*0.27, s*0.73, s*0.14, s*0.84
			if fx >= px0 && fx < px1 && fy >= py0 && fy < py1 {
				tooth := s * 0.046
				zig := math.Abs(math.Mod(fx-px0, 2*tooth) - tooth) // 0..tooth
				if fy < py1-tooth+zig {
					img.Set(x, y, paper)
				}
			}
			// Text lines on the receipt.
			for i, w := range []float64{0.30, 0.22, 0.26, 0.18} {
				ly := s * (0.24 + float64(i)*0.09)
				if fy >= ly && fy < ly+s*0.035 && fx >= s*0.33 && fx < s*(0.33+w) {
					img.Set(x, y, ink)
				}
			}
			// The total, underlined in amber.
			if fy >= s*0.62 && fy < s*0.68 && fx >= s*0.33 && fx < s*0.67 {
				img.Set(x, y, amber)
			}
		}
	}
	return img
}

func inRounded(x, y, x0, y0, x1, y1, r float64) bool {
	if x < x0 || x >= x1 || y < y0 || y >= y1 {
		return false
	}
	cx := math.Max(x0+r, math.Min(x, x1-r))
	cy := math.Max(y0+r, math.Min(y, y1-r))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
}

// PNG encodes the icon.
func PNG(size int) []byte {
	var b bytes.Buffer
	_ = png.Encode(&b, Draw(size))
	return b.Bytes()
}

var (
	once sync.Once
	res  fyne.Resource
)

// Resource is the 256-pixel icon for fyne.App.SetIcon.
func Resource() fyne.Resource {
	once.Do(func() { res = fyne.NewStaticResource("icon.png", PNG(256)) })
	return res
}
