package storage

import (
	"context"
	"strconv"
	"time"

	"caisse/pos"
)

// Settings keys of the receipt printer.
const (
	settingPrinterPath    = "printer_path"
	settingPrinterColumns = "printer_columns"
)

// Printer returns where ESC/POS receipts go (a file or a device path; ""
// when none is set) and the paper's columns (32 or 48; 48 by default).
func (db *DB) Printer(ctx context.Context) (path string, columns int, err error) {
	columns = 48
	err = db.view(ctx, func(tx *Tx) error {
		p, _, err := settingTx(ctx, tx, settingPrinterPath)
		if err != nil {
			return err
		}
		c, ok, err := settingTx(ctx, tx, settingPrinterColumns)
		if err != nil {
			return err
		}
		path = p
		if n, err := strconv.Atoi(c); ok && err == nil && (n == 32 || n == 48) {
			columns = n
		}
		return nil
	})
	if err != nil {
		return "", 0, wrapf(err, "reading the printer settings")
	}
	return path, columns, nil
}

// SetPrinter saves the receipt printer's path ("" for none) and columns.
func (db *DB) SetPrinter(ctx context.Context, path string, columns int, audit ...pos.AuditEntry) error {
	if columns != 32 && columns != 48 {
		return pos.Errorf(pos.EInvalid, "A receipt printer has 32 (58 mm) or 48 (80 mm) columns.")
	}
	err := db.update(ctx, func(tx *Tx) error {
		if err := setSettingTx(ctx, tx, settingPrinterPath, path); err != nil {
			return err
		}
		if err := setSettingTx(ctx, tx, settingPrinterColumns, strconv.Itoa(columns)); err != nil {
			return err
		}
		return appendAuditTx(ctx, tx, audit...)
	})
	if err != nil {
		return wrapf(err, "saving the printer settings")
	}
	return nil
}

// ReportData returns the live orders and the returns (test ones included;
// reports skip them) made from ≤ created_at < to.
func (db *DB) ReportData(ctx context.Context, from, to time.Time) ([]*pos.Order, []pos.Return, error) {
	live := false
	orders, err := db.Orders(ctx, OrderFilter{From: from, To: to, Test: &live})
	if err != nil {
		return nil, nil, err
	}
	returns, err := db.ReturnsBetween(ctx, from, to)
	if err != nil {
		return nil, nil, err
	}
	return orders, returns, nil
}
