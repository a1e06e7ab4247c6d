package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"caisse/pos"
)

// saveProductTx adds or replaces a product with its prices and collections.
// A new product goes to the end of the catalog; a replaced one keeps its place.
func saveProductTx(ctx context.Context, tx *Tx, p pos.Product) error {
	if err := p.CheckText(); err != nil { // first: the messages below repeat the id
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if err := catalogWriteTx(ctx, tx); err != nil {
		return err
	}
	if p.SKU != "" {
		other, err := holderTx(ctx, tx, `SELECT id FROM products WHERE lower(sku) = lower(?) AND id <> ?`, p.SKU, p.ID)
		if err != nil {
			return err
		}
		if other != "" {
			return pos.Errorf(pos.EConflict, "product %s: product %s already has the SKU %s (SKUs are unique whatever their case)", p.ID, other, p.SKU)
		}
	}
	if p.Barcode != "" {
		if err := pos.CheckBarcode(p.Barcode); err != nil {
			return pos.Errorf(pos.EInvalid, "product %s: %s", p.ID, pos.ErrorMessage(err))
		}
	}
	other, err := barcodeHolderTx(ctx, tx, p.Barcode, p.ID)
	if err != nil {
		return err
	}
	if other != "" {
		return pos.Errorf(pos.EConflict, "product %s: product %s already has the barcode %s", p.ID, other, p.Barcode)
	}
	var crossSell any
	if p.CrossSell != "" {
		crossSell = p.CrossSell
	}
	_, err = tx.exec(ctx, `INSERT INTO products (id, position, title, sku, barcode, cross_sell, archived, favourite)
		VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM products), ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, sku = excluded.sku,
			barcode = excluded.barcode, cross_sell = excluded.cross_sell,
			archived = excluded.archived, favourite = excluded.favourite`,
		p.ID, p.Title, p.SKU, p.Barcode, crossSell, boolInt(p.Archived), boolInt(p.Favourite))
	if err != nil {
		return fmt.Errorf("writing product %s: %w", p.ID, err)
	}
	if err := savePricesTx(ctx, tx, p); err != nil {
		return err
	}
	return saveCollectionsTx(ctx, tx, p)
}

// catalogWriteTx is called before a product is written: it refuses while
// an import is being applied (its checks hold only for the catalog they
// were made against) and counts the write (settingCatalogVersion), so an
// import checked before it is not applied over it.
func catalogWriteTx(ctx context.Context, tx *Tx) error {
	if _, pending, err := settingTx(ctx, tx, settingImport); err != nil || pending {
		if err != nil {
			return err
		}
		return pos.Errorf(pos.EConflict, "A catalog import is being applied: try again in a moment.")
	}
	_, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`, settingCatalogVersion)
	if err != nil {
		return fmt.Errorf("counting the catalog's changes: %w", err)
	}
	return nil
}

func savePricesTx(ctx context.Context, tx *Tx, p pos.Product) error {
	if _, err := tx.exec(ctx, `DELETE FROM prices WHERE product_id = ?`, p.ID); err != nil {
		return fmt.Errorf("replacing the prices of %s: %w", p.ID, err)
	}
	for i, pr := range p.Prices {
		_, err := tx.exec(ctx, `INSERT INTO prices (product_id, id, position, amount, currency,
				type, interval, interval_count, tax_behavior, active)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, pr.ID, i, pr.Amount.Minor(), string(pr.Amount.Currency()), string(pr.Type),
			string(pr.Interval), pr.IntervalCount, string(pr.TaxBehavior), boolInt(pr.Active))
		if err != nil {
			return fmt.Errorf("writing price %s of %s: %w", pr.ID, p.ID, err)
		}
	}
	return nil
}

func saveCollectionsTx(ctx context.Context, tx *Tx, p pos.Product) error {
	if _, err := tx.exec(ctx, `DELETE FROM product_collections WHERE product_id = ?`, p.ID); err != nil {
		return fmt.Errorf("replacing the collections of %s: %w", p.ID, err)
	}
	for i, c := range p.Collections {
		_, err := tx.exec(ctx, `INSERT INTO product_collections (product_id, collection, position)
			VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, p.ID, c, i)
		if err != nil {
			return fmt.Errorf("writing collection %s of %s: %w", c, p.ID, err)
		}
	}
	return nil
}

// holderTx runs query, which selects the id of another row holding a value
// that must be unique, and returns that id ("" when none). An empty value is
// never a clash.
func holderTx(ctx context.Context, tx *Tx, query, value, id string) (string, error) {
	if value == "" {
		return "", nil
	}
	var other string
	err := tx.queryRow(ctx, query, value, id).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("checking %q is unique: %w", value, err)
	}
	return other, nil
}

// barcodeHolderTx returns the other product whose barcode is the same code
// in any form (a UPC-A and its EAN-13 form are one code: pos.BarcodeForms),
// or "". Codes are stored as typed.
func barcodeHolderTx(ctx context.Context, tx *Tx, code, id string) (string, error) {
	if code == "" {
		return "", nil
	}
	forms := pos.BarcodeForms(code)
	for len(forms) < 3 {
		forms = append(forms, forms[0])
	}
	var other string
	err := tx.queryRow(ctx, `SELECT id FROM products WHERE barcode IN (?, ?, ?) AND id <> ? ORDER BY position LIMIT 1`,
		forms[0], forms[1], forms[2], id).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("checking the barcode %q is unique: %w", code, err)
	}
	return other, nil
}

// checkCrossSellsTx refuses a catalog where a cross-sell names no product,
// with the product's name (the foreign key would only say "constraint failed").
func checkCrossSellsTx(ctx context.Context, tx *Tx) error {
	var id, cs string
	err := tx.queryRow(ctx, `SELECT p.id, p.cross_sell FROM products p
		WHERE p.cross_sell IS NOT NULL AND NOT EXISTS (SELECT 1 FROM products c WHERE c.id = p.cross_sell)
		LIMIT 1`).Scan(&id, &cs)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("checking cross-sells: %w", err)
	}
	return pos.Errorf(pos.EInvalid, "product %s: its cross-sell %s is not in the catalog", id, cs)
}

// productsTx returns every product in catalog order.
func productsTx(ctx context.Context, tx *Tx) ([]pos.Product, error) {
	rows, err := tx.query(ctx, `SELECT id, title, sku, barcode, coalesce(cross_sell, ''), archived, favourite
		FROM products ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("reading products: %w", err)
	}
	defer rows.Close()
	var out []pos.Product
	index := map[string]int{}
	for rows.Next() {
		var p pos.Product
		var archived, favourite int64
		if err := rows.Scan(&p.ID, &p.Title, &p.SKU, &p.Barcode, &p.CrossSell, &archived, &favourite); err != nil {
			return nil, fmt.Errorf("reading products: %w", err)
		}
		p.Archived, p.Favourite = archived == 1, favourite == 1
		index[p.ID] = len(out)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading products: %w", err)
	}
	if err := attachPricesTx(ctx, tx, out, index); err != nil {
		return nil, err
	}
	if err := attachCollectionsTx(ctx, tx, out, index); err != nil {
		return nil, err
	}
	return out, nil
}

func attachPricesTx(ctx context.Context, tx *Tx, products []pos.Product, index map[string]int) error {
	rows, err := tx.query(ctx, `SELECT product_id, id, amount, currency, type, interval,
			interval_count, tax_behavior, active
		FROM prices ORDER BY product_id, position`)
	if err != nil {
		return fmt.Errorf("reading prices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			productID, cur, typ, interval, behavior string
			amount, active                          int64
			pr                                      pos.Price
		)
		err := rows.Scan(&productID, &pr.ID, &amount, &cur, &typ, &interval, &pr.IntervalCount, &behavior, &active)
		if err != nil {
			return fmt.Errorf("reading prices: %w", err)
		}
		pr.Amount = pos.NewMoney(amount, pos.Currency(cur))
		pr.Type, pr.Interval, pr.TaxBehavior = pos.PriceType(typ), pos.Interval(interval), pos.TaxBehavior(behavior)
		pr.Active = active == 1
		if i, ok := index[productID]; ok {
			products[i].Prices = append(products[i].Prices, pr)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading prices: %w", err)
	}
	return nil
}

func attachCollectionsTx(ctx context.Context, tx *Tx, products []pos.Product, index map[string]int) error {
	rows, err := tx.query(ctx, `SELECT product_id, collection FROM product_collections
		ORDER BY product_id, position`)
	if err != nil {
		return fmt.Errorf("reading collections: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var productID, c string
		if err := rows.Scan(&productID, &c); err != nil {
			return fmt.Errorf("reading collections: %w", err)
		}
		if i, ok := index[productID]; ok {
			products[i].Collections = append(products[i].Collections, c)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading collections: %w", err)
	}
	return nil
}

// ---- discounts

// saveDiscountTx adds or replaces a discount and its targets.
func saveDiscountTx(ctx context.Context, tx *Tx, d pos.Discount) error {
	if err := d.CheckText(); err != nil { // first: the messages below repeat the id
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if !storableTime(d.StartsAt) || !storableTime(d.EndsAt) {
		return pos.Errorf(pos.EInvalid, "discount %s: its dates must be between the years 1678 and 2262", d.ID)
	}
	codeKey := pos.NormalizeCode(d.Code)
	other, err := holderTx(ctx, tx, `SELECT id FROM discounts WHERE code_key = ? AND id <> ?`, codeKey, d.ID)
	if err != nil {
		return err
	}
	if other != "" {
		return pos.Errorf(pos.EConflict, "discount %s: discount %s already has the code %s", d.ID, other, codeKey)
	}
	var buyQty, getQty, getPercent any
	if d.IsBuyXGetY() {
		buyQty, getQty, getPercent = d.Buy.Quantity, d.Get.Quantity, rateText(d.Get.Percent)
	}
	_, err = tx.exec(ctx, `INSERT INTO discounts (id, position, title, method, code, code_key, class,
			value_type, value_percent, value_amount, value_currency, once_per_order,
			buy_quantity, get_quantity, get_percent, uses_per_order,
			min_subtotal, min_subtotal_currency, min_quantity,
			combines_product, combines_order, combines_shipping, enabled, starts_at, ends_at, usage_limit)
		VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM discounts), ?, ?, ?, ?, ?,
			?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, method = excluded.method,
			code = excluded.code, code_key = excluded.code_key, class = excluded.class,
			value_type = excluded.value_type, value_percent = excluded.value_percent,
			value_amount = excluded.value_amount, value_currency = excluded.value_currency,
			once_per_order = excluded.once_per_order, buy_quantity = excluded.buy_quantity,
			get_quantity = excluded.get_quantity, get_percent = excluded.get_percent,
			uses_per_order = excluded.uses_per_order, min_subtotal = excluded.min_subtotal,
			min_subtotal_currency = excluded.min_subtotal_currency, min_quantity = excluded.min_quantity,
			combines_product = excluded.combines_product, combines_order = excluded.combines_order,
			combines_shipping = excluded.combines_shipping, enabled = excluded.enabled,
			starts_at = excluded.starts_at, ends_at = excluded.ends_at, usage_limit = excluded.usage_limit`,
		d.ID, d.Title, string(d.Method), d.Code, codeKey, string(d.Class),
		string(d.Value.Type), rateText(d.Value.Percent), d.Value.Amount.Minor(), string(d.Value.Amount.Currency()),
		boolInt(d.Value.OncePerOrder), buyQty, getQty, getPercent, d.UsesPerOrder,
		d.MinSubtotal.Minor(), string(d.MinSubtotal.Currency()), d.MinQuantity,
		boolInt(d.Combines.Product), boolInt(d.Combines.Order), boolInt(d.Combines.Shipping),
		boolInt(d.Enabled), timeValue(d.StartsAt), timeValue(d.EndsAt), d.UsageLimit)
	if err != nil {
		return fmt.Errorf("writing discount %s: %w", d.ID, err)
	}
	return saveTargetsTx(ctx, tx, d)
}

// target rows: rule 'target', 'buy' or 'get' × kind 'product' or 'collection'.
type targetRule struct {
	rule string
	t    pos.Target
}

func targetRules(d pos.Discount) []targetRule {
	rules := []targetRule{{"target", d.Target}}
	if d.Buy != nil {
		rules = append(rules, targetRule{"buy", d.Buy.Target})
	}
	if d.Get != nil {
		rules = append(rules, targetRule{"get", d.Get.Target})
	}
	return rules
}

func saveTargetsTx(ctx context.Context, tx *Tx, d pos.Discount) error {
	if _, err := tx.exec(ctx, `DELETE FROM discount_targets WHERE discount_id = ?`, d.ID); err != nil {
		return fmt.Errorf("replacing the targets of %s: %w", d.ID, err)
	}
	for _, r := range targetRules(d) {
		for kind, refs := range map[string][]string{"product": r.t.Products, "collection": r.t.Collections} {
			for i, ref := range refs {
				_, err := tx.exec(ctx, `INSERT INTO discount_targets (discount_id, rule, kind, position, ref)
					VALUES (?, ?, ?, ?, ?)`, d.ID, r.rule, kind, i, ref)
				if err != nil {
					return fmt.Errorf("writing the targets of %s: %w", d.ID, err)
				}
			}
		}
	}
	return nil
}

// discountsTx returns every discount in set-up order.
func discountsTx(ctx context.Context, tx *Tx) ([]pos.Discount, error) {
	rows, err := tx.query(ctx, `SELECT id, title, method, code, class, value_type, value_percent,
			value_amount, value_currency, once_per_order, buy_quantity, get_quantity, get_percent,
			uses_per_order, min_subtotal, min_subtotal_currency, min_quantity,
			combines_product, combines_order, combines_shipping, enabled, starts_at, ends_at, usage_limit
		FROM discounts ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("reading discounts: %w", err)
	}
	defer rows.Close()
	var out []pos.Discount
	index := map[string]int{}
	for rows.Next() {
		d, err := scanDiscount(rows)
		if err != nil {
			return nil, err
		}
		index[d.ID] = len(out)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading discounts: %w", err)
	}
	if err := attachTargetsTx(ctx, tx, out, index); err != nil {
		return nil, err
	}
	return out, nil
}

func scanDiscount(rows *sql.Rows) (pos.Discount, error) {
	var (
		d                                                  pos.Discount
		method, class, valueType, valuePercent, valueCur   string
		minCur                                             string
		valueAmount, minSubtotal                           int64
		oncePerOrder, cProduct, cOrder, cShipping, enabled int64
		buyQty, getQty, startsAt, endsAt                   sql.NullInt64
		getPercent                                         sql.NullString
	)
	err := rows.Scan(&d.ID, &d.Title, &method, &d.Code, &class, &valueType, &valuePercent,
		&valueAmount, &valueCur, &oncePerOrder, &buyQty, &getQty, &getPercent,
		&d.UsesPerOrder, &minSubtotal, &minCur, &d.MinQuantity,
		&cProduct, &cOrder, &cShipping, &enabled, &startsAt, &endsAt, &d.UsageLimit)
	if err != nil {
		return d, fmt.Errorf("reading discounts: %w", err)
	}
	d.Method, d.Class = pos.Source(method), pos.Class(class)
	d.Value = pos.Value{Type: pos.ValueType(valueType), Amount: pos.NewMoney(valueAmount, pos.Currency(valueCur)),
		OncePerOrder: oncePerOrder == 1}
	if d.Value.Percent, err = parseRate(valuePercent); err != nil {
		return d, fmt.Errorf("discount %s: percent: %w", d.ID, err)
	}
	if buyQty.Valid && getQty.Valid {
		d.Buy = &pos.BuyRule{Quantity: int(buyQty.Int64)}
		d.Get = &pos.GetRule{Quantity: int(getQty.Int64)}
		if d.Get.Percent, err = parseRate(getPercent.String); err != nil {
			return d, fmt.Errorf("discount %s: get percent: %w", d.ID, err)
		}
	}
	d.MinSubtotal = pos.NewMoney(minSubtotal, pos.Currency(minCur))
	d.Combines = pos.Combines{Product: cProduct == 1, Order: cOrder == 1, Shipping: cShipping == 1}
	d.Enabled = enabled == 1
	d.StartsAt, d.EndsAt = timeFrom(startsAt), timeFrom(endsAt)
	return d, nil
}

func attachTargetsTx(ctx context.Context, tx *Tx, discounts []pos.Discount, index map[string]int) error {
	rows, err := tx.query(ctx, `SELECT discount_id, rule, kind, ref FROM discount_targets
		ORDER BY discount_id, rule, kind, position`)
	if err != nil {
		return fmt.Errorf("reading discount targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, rule, kind, ref string
		if err := rows.Scan(&id, &rule, &kind, &ref); err != nil {
			return fmt.Errorf("reading discount targets: %w", err)
		}
		i, ok := index[id]
		if !ok {
			continue
		}
		t := targetOf(&discounts[i], rule)
		if t == nil {
			return fmt.Errorf("discount %s: a %s target without a buy X get Y rule", id, rule)
		}
		if strings.EqualFold(kind, "product") {
			t.Products = append(t.Products, ref)
		} else {
			t.Collections = append(t.Collections, ref)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading discount targets: %w", err)
	}
	return nil
}

// targetOf returns the Target a stored rule fills, nil if d has no such rule.
func targetOf(d *pos.Discount, rule string) *pos.Target {
	switch {
	case rule == "target":
		return &d.Target
	case rule == "buy" && d.Buy != nil:
		return &d.Buy.Target
	case rule == "get" && d.Get != nil:
		return &d.Get.Target
	}
	return nil
}
