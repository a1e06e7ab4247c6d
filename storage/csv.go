package storage

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"caisse/pos"
)

// ---- orders export

// orderCSVHeader names the columns of ExportOrdersCSV: one row per order
// line, with its order's figures repeated. Amounts are decimals in the
// order's currency.
var orderCSVHeader = []string{
	"order_id", "order_number", "test", "created_at", "location_id", "till_id", "currency",
	"line", "product_id", "price_id", "title", "quantity", "unit_price", "subtotal",
	"line_discount", "amount", "order_discount", "net", "tax", "cross_sell",
	"order_total", "order_paid", "order_change", "order_tenders",
}

// ExportOrdersCSV writes the orders f selects as CSV, one row per line,
// oldest first, and returns how many orders it wrote. It reads one
// consistent snapshot and streams it: a year of sales never sits in memory.
func (db *DB) ExportOrdersCSV(ctx context.Context, w io.Writer, f OrderFilter) (int, error) {
	cw := csv.NewWriter(w)
	n := 0
	err := db.view(ctx, func(tx *Tx) error {
		if err := cw.Write(orderCSVHeader); err != nil {
			return err
		}
		var err error
		n, err = exportOrdersTx(ctx, tx, cw, f)
		return err
	})
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return n, fmt.Errorf("exporting orders: %w", err)
	}
	return n, nil
}

func exportOrdersTx(ctx context.Context, tx *Tx, cw *csv.Writer, f OrderFilter) (int, error) {
	cond, args := f.where()
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.id, o.number, o.test, o.created_at, o.location_id, o.till_id,
			o.currency, o.total, o.paid, o.change,
			(SELECT group_concat((t.value ->> 'method') || ':' || (t.value ->> 'amount'), ';') FROM json_each(o.tenders) t),
			l.pos, l.product_id, l.price_id, l.title, l.quantity, l.unit_price, l.subtotal, l.amount,
			l.order_share, l.net, l.tax, l.cross_sell
		FROM (SELECT * FROM `+f.from()+` WHERE `+cond+` ORDER BY o.created_at, o.seq`+limit+`) o
		JOIN order_lines l ON l.order_seq = o.seq
		ORDER BY o.created_at, o.seq, l.pos`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n, last := 0, ""
	for rows.Next() {
		rec, id, err := scanExportRow(rows)
		if err != nil {
			return n, err
		}
		if id != last {
			n, last = n+1, id
		}
		if err := cw.Write(pos.CSVRecord(rec)); err != nil {
			return n, err
		}
	}
	return n, rows.Err()
}

// scanExportRow reads one row of exportOrdersTx's query as a CSV record.
func scanExportRow(s scanner) ([]string, string, error) {
	var (
		id, loc, till, cur, product, price, title string
		tenders                                   *string
		number, createdAt, total, paid, change    int64
		unit, sub, amount, share, net, tax        int64
		test, crossSell                           int64
		line, qty                                 int
	)
	err := s.Scan(&id, &number, &test, &createdAt, &loc, &till, &cur, &total, &paid, &change, &tenders,
		&line, &product, &price, &title, &qty, &unit, &sub, &amount, &share, &net, &tax, &crossSell)
	if err != nil {
		return nil, "", err
	}
	c := pos.Currency(cur)
	m := func(minor int64) string { return pos.NewMoney(minor, c).String() }
	tenderList := ""
	if tenders != nil {
		tenderList = formatTenders(*tenders, c)
	}
	return []string{
		id, strconv.FormatInt(number, 10), strconv.FormatBool(test == 1), nsTime(createdAt).Format(time.RFC3339Nano),
		loc, till, cur, strconv.Itoa(line), product, price, title, strconv.Itoa(qty), m(unit), m(sub),
		m(sub - amount), m(amount), m(share), m(net), m(tax), strconv.FormatBool(crossSell == 1),
		m(total), m(paid), m(change), tenderList,
	}, id, nil
}

// formatTenders turns "card:1000;cash:2000" (minor units) into
// "card 10.00; cash 20.00".
func formatTenders(s string, c pos.Currency) string {
	var out []string
	for _, t := range strings.Split(s, ";") {
		method, minor, _ := strings.Cut(t, ":")
		n, err := strconv.ParseInt(minor, 10, 64)
		if err != nil {
			out = append(out, t)
			continue
		}
		out = append(out, method+" "+pos.NewMoney(n, c).String())
	}
	return strings.Join(out, "; ")
}

// ---- catalog import

// Catalog CSV columns. A product with several prices takes one row per
// price; its other columns may then be left empty on the rows after its
// first. collections are separated by "|".
var (
	catalogRequired = []string{"id", "title", "price_id", "amount", "currency"}
	catalogOptional = []string{"sku", "barcode", "collections", "type", "interval", "interval_count",
		"tax_behavior", "active", "favourite", "archived", "cross_sell"}
)

// ImportError lists every bad row of an import, by line number.
type ImportError struct {
	Problems []string // "line 7: ...", in English
	errs     []error  // the same, as refusals the window translates
}

func (e *ImportError) Error() string {
	if len(e.Problems) == 1 {
		return "the file was not imported: " + e.Problems[0]
	}
	return fmt.Sprintf("the file was not imported, %d problems:\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// Refusals gives the import's refusal and each bad row's, to be shown one
// a line (pos.Refusals).
func (e *ImportError) Refusals() []error {
	if len(e.errs) == 1 {
		return []error{pos.Errorf(pos.EInvalid, "the file was not imported: %w", e.errs[0])}
	}
	return append([]error{pos.Errorf(pos.EInvalid, "the file was not imported, %d problems:", len(e.errs))}, e.errs...)
}

// ImportResult says what an import did (pos.ImportResult).
type ImportResult = pos.ImportResult

// ImportCatalogCSV is ImportCatalog with no progress and the staff id
// "import".
func (db *DB) ImportCatalogCSV(ctx context.Context, r io.Reader) (ImportResult, error) {
	return db.ImportCatalog(ctx, r, ImportOptions{})
}

// problem is what is wrong on one line of a CSV file.
type problem struct {
	line int
	err  error
}

func newImportError(ps []problem) *ImportError {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].line < ps[j].line })
	e := &ImportError{}
	for _, p := range ps {
		err := pos.Errorf(pos.EInvalid, "line %d: %w", p.line, p.err)
		e.Problems = append(e.Problems, pos.ErrorMessage(err))
		e.errs = append(e.errs, err)
	}
	return e
}

// parseCatalogCSV reads a catalog CSV into the products of its good rows,
// with the line of each product's first row, and what is wrong with the
// others. A file it cannot use at all (no header) is an *ImportError.
func parseCatalogCSV(r io.Reader) ([]pos.Product, []int, []problem, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading the catalog: %w", err)
	}
	text, err := csvText(raw)
	if err != nil {
		return nil, nil, nil, newImportError([]problem{{1, err}})
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, nil, newImportError([]problem{{1, pos.Errorf(pos.EInvalid, "a header row is needed: %s,...", strings.Join(catalogRequired, ","))}})
	}
	cols, err := catalogColumns(header)
	if err != nil {
		return nil, nil, nil, newImportError([]problem{{1, err}})
	}
	var (
		products []pos.Product
		lines    []int
		problems []problem
		index    = map[string]int{}
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems = append(problems, problem{pe.StartLine, pos.Errorf(pos.EInvalid, "the line is not CSV: %s", pe.Err.Error())})
			continue
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("reading the catalog: %w", err)
		}
		line, _ := cr.FieldPos(0)
		row := csvRow{cols: cols, rec: rec}
		if row.blank() {
			continue
		}
		if len(rec) > len(header) {
			problems = append(problems, problem{line, pos.Errorf(pos.EInvalid, "the row has %d cells, the header names %d columns: an extra cell would be ignored", len(rec), len(header))})
			continue
		}
		if err := row.addTo(&products, index); err != nil {
			problems = append(problems, problem{line, err})
			continue
		}
		if len(lines) < len(products) {
			lines = append(lines, line)
		}
	}
	products, lines, bad := checkProducts(products, lines)
	problems = append(problems, bad...)
	if len(products) == 0 && len(problems) == 0 {
		problems = append(problems, problem{1, pos.Errorf(pos.EInvalid, "the file has no product rows")})
	}
	return products, lines, problems, nil
}

// checkProducts validates each product and the barcodes across the file,
// and returns the good products with their lines, and the problems.
func checkProducts(products []pos.Product, lines []int) ([]pos.Product, []int, []problem) {
	var (
		good      []pos.Product
		goodLines []int
		problems  []problem
		barcodes  = map[string]int{}
		skus      = map[string]int{}
	)
	for i := range products {
		p := &products[i]
		var msg error
		sku := strings.ToLower(p.SKU)
		if err := p.CheckText(); err != nil {
			msg = err
		} else if err := p.Validate(); err != nil {
			msg = err
		} else if first, dup := skus[sku]; dup && sku != "" {
			msg = pos.Errorf(pos.EInvalid, "product %s has the SKU %s of line %d (SKUs are unique whatever their case)", p.ID, p.SKU, first)
		} else if p.Barcode != "" {
			if err := pos.CheckBarcode(p.Barcode); err != nil {
				msg = pos.Errorf(pos.EInvalid, "product %s: %w", p.ID, err)
			} else if first, dup := barcodes[pos.NormalizeBarcode(p.Barcode)]; dup {
				msg = pos.Errorf(pos.EInvalid, "product %s has the barcode %s of line %d", p.ID, p.Barcode, first)
			} else {
				barcodes[pos.NormalizeBarcode(p.Barcode)] = lines[i]
			}
		}
		if msg != nil {
			problems = append(problems, problem{lines[i], msg})
			continue
		}
		if sku != "" {
			skus[sku] = lines[i]
		}
		good, goodLines = append(good, *p), append(goodLines, lines[i])
	}
	return good, goodLines, problems
}

// csvText checks that a catalog file is UTF-8 text, with or without a
// byte-order mark (removed), and turns old Mac line endings (CR alone,
// with no LF anywhere) into LF. UTF-16, Latin-1 or any invalid UTF-8, and
// NUL bytes, are refused with what to do: save the file as UTF-8.
func csvText(b []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return nil, pos.Errorf(pos.EInvalid, "the file is UTF-16 text: save the file as UTF-8 (CSV UTF-8 in a spreadsheet) and import it again")
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, pos.Errorf(pos.EInvalid, "the file holds NUL bytes (UTF-16 without a mark, or not text; line %d): save the file as UTF-8 (CSV UTF-8 in a spreadsheet) and import it again", 1+bytes.Count(b[:i], []byte("\n")))
	}
	if !utf8.Valid(b) {
		i := 0
		for i < len(b) {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return nil, pos.Errorf(pos.EInvalid, "the file is not UTF-8 (line %d has the byte %#x, Latin-1 or Windows-1252 perhaps): save the file as UTF-8 (CSV UTF-8 in a spreadsheet) and import it again", 1+bytes.Count(b[:i], []byte("\n")), b[i])
	}
	if bytes.IndexByte(b, '\n') < 0 && bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	return b, nil
}

// catalogColumns maps each known column name to its position.
func catalogColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	allowed := map[string]bool{}
	for _, c := range append(append([]string{}, catalogRequired...), catalogOptional...) {
		allowed[c] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !allowed[name] {
			return nil, pos.Errorf(pos.EInvalid, "unknown column %q (known: %s, %s)", pos.Clip(h, 80), strings.Join(catalogRequired, ", "), strings.Join(catalogOptional, ", "))
		}
		if _, dup := cols[name]; dup {
			return nil, pos.Errorf(pos.EInvalid, "the column %q appears twice", pos.Clip(name, 80))
		}
		cols[name] = i
	}
	for _, c := range catalogRequired {
		if _, ok := cols[c]; !ok {
			return nil, pos.Errorf(pos.EInvalid, "the column %q is missing", c)
		}
	}
	return cols, nil
}

// csvRow is one record read through the header's columns.
type csvRow struct {
	cols map[string]int
	rec  []string
}

func (r csvRow) get(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

func (r csvRow) blank() bool {
	for _, v := range r.rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// addTo adds the row's price to its product, starting the product on its
// first row.
func (r csvRow) addTo(products *[]pos.Product, index map[string]int) error {
	id := r.get("id")
	if id == "" {
		return pos.Errorf(pos.EInvalid, "the id is empty")
	}
	var prices []pos.Price
	if r.get("price_id") != "" || r.get("amount") != "" { // else a product without a price (yet)
		price, err := r.price()
		if err != nil {
			return pos.Errorf(pos.EInvalid, "product %s: %s", id, pos.ErrorMessage(err))
		}
		prices = append(prices, price)
	}
	i, seen := index[id]
	if !seen {
		p, err := r.product()
		if err != nil {
			return err
		}
		p.Prices = prices
		index[id] = len(*products)
		*products = append(*products, p)
		return nil
	}
	p := &(*products)[i]
	if err := r.sameProduct(p); err != nil {
		return err
	}
	for _, pr := range prices {
		if _, dup := p.Price(pr.ID); dup {
			return pos.Errorf(pos.EInvalid, "product %s: the price %s appears twice", id, pr.ID)
		}
		p.Prices = append(p.Prices, pr)
	}
	return nil
}

func (r csvRow) product() (pos.Product, error) {
	p := pos.Product{ID: r.get("id"), Title: r.get("title"), SKU: r.get("sku"), Barcode: r.get("barcode"),
		CrossSell: r.get("cross_sell")}
	for _, c := range strings.Split(r.get("collections"), "|") {
		if c = strings.TrimSpace(c); c != "" && !p.InCollection(c) {
			p.Collections = append(p.Collections, c)
		}
	}
	var err error
	if p.Favourite, err = parseBool(r.get("favourite"), false); err != nil {
		return p, pos.Errorf(pos.EInvalid, "favourite: %s", err)
	}
	if p.Archived, err = parseBool(r.get("archived"), false); err != nil {
		return p, pos.Errorf(pos.EInvalid, "archived: %s", err)
	}
	return p, nil
}

// sameProduct refuses a later row of a product that says something else
// about the product than its first row.
func (r csvRow) sameProduct(p *pos.Product) error {
	for name, want := range map[string]string{"title": p.Title, "sku": p.SKU, "barcode": p.Barcode, "cross_sell": p.CrossSell} {
		if v := r.get(name); v != "" && v != want {
			return pos.Errorf(pos.EInvalid, "product %s: %s %q differs from its first row's %q", p.ID, name, pos.Clip(v, 80), pos.Clip(want, 80))
		}
	}
	return nil
}

func (r csvRow) price() (pos.Price, error) {
	cur, err := pos.ParseCurrency(r.get("currency"))
	if err != nil {
		return pos.Price{}, err
	}
	amount, err := pos.ParseMoney(r.get("amount"), cur)
	if err != nil {
		return pos.Price{}, err
	}
	pr := pos.Price{ID: r.get("price_id"), Amount: amount, Type: pos.PriceType(orDefault(r.get("type"), string(pos.OneTime))),
		Interval: pos.Interval(r.get("interval")), TaxBehavior: pos.TaxBehavior(orDefault(r.get("tax_behavior"), string(pos.TaxUnspecified)))}
	if s := r.get("interval_count"); s != "" {
		if pr.IntervalCount, err = strconv.Atoi(s); err != nil {
			return pr, pos.Errorf(pos.EInvalid, "interval_count %q is not a whole number", pos.Clip(s, 80))
		}
	} else if pr.Type == pos.Recurring {
		pr.IntervalCount = 1
	}
	if pr.Active, err = parseBool(r.get("active"), true); err != nil {
		return pr, pos.Errorf(pos.EInvalid, "active: %s", err)
	}
	return pr, pr.Validate()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// parseBool reads yes/no, true/false, 1/0 (empty: def).
func parseBool(s string, def bool) (bool, error) {
	switch strings.ToLower(s) {
	case "":
		return def, nil
	case "1", "true", "yes", "y":
		return true, nil
	case "0", "false", "no", "n":
		return false, nil
	}
	return false, pos.Errorf(pos.EInvalid, "%q is not yes or no", pos.Clip(s, 80))
}
