package pos

// Permission is one thing a member of staff may do at the till. A role is a
// set of permissions: a manager has them all, a cashier PermSell.
type Permission string

const (
	// PermSell: ring up, park, take payment, give custom discounts and
	// refunds within the limits, cash in, open and close shifts.
	PermSell Permission = "sell"
	// PermDiscountAboveLimit: custom discounts above the approval limit.
	PermDiscountAboveLimit Permission = "discount_above_limit"
	// PermRefundAboveLimit: a return whose refund is above the refund limit.
	PermRefundAboveLimit Permission = "refund_above_limit"
	// PermTestMode: switch test mode on or off.
	PermTestMode Permission = "test_mode"
	// PermCashOut: take cash out of the drawer.
	PermCashOut Permission = "cash_out"
	// PermNoSale: open the drawer without a sale.
	PermNoSale Permission = "no_sale"
	// PermBackOffice: every back-office change (catalog, discounts,
	// location, limits, staff, settings) and reading the audit log.
	PermBackOffice Permission = "back_office"
)

// AllPermissions lists every permission.
var AllPermissions = []Permission{PermSell, PermDiscountAboveLimit, PermRefundAboveLimit, PermTestMode, PermCashOut, PermNoSale, PermBackOffice}

// Permissions is the role's set of permissions.
func (r Role) Permissions() []Permission {
	switch r {
	case Manager:
		return append([]Permission(nil), AllPermissions...)
	case Cashier:
		return []Permission{PermSell}
	}
	return nil
}

// Has reports whether the role has perm.
func (r Role) Has(perm Permission) bool {
	for _, p := range r.Permissions() {
		if p == perm {
			return true
		}
	}
	return false
}

// ScenarioRunner is the trusted actor of `caisse scenario`: a manager
// named in the audit log as the scenario runner.
var ScenarioRunner = Staff{ID: "scenario-runner", Name: "scenario runner", Role: Manager, Active: true}
