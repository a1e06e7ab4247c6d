package receipt

import "os"

// escDrawerKick is ESC p 0 25 250: pulse the cash drawer on pin 2 for
// 50 ms on, 500 ms off (the printer's drawer port).
var escDrawerKick = []byte{0x1b, 'p', 0, 25, 250}

// OpenDrawer sends the drawer kick to the printer (the drawer hangs on its
// port), appending to a file rather than truncating it.
func (p Printer) OpenDrawer() error {
	f, err := os.OpenFile(p.Path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(escDrawerKick); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
