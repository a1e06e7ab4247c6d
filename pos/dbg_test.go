package pos
import ("testing";"fmt")
var dbgLeaf func(S int64, nodes int)
func TestDbgF1(t *testing.T) {
	dbgLeaf = func(S int64, nodes int) { fmt.Println("best", S, "at node", nodes) }
	defer func() { dbgLeaf = nil }()
	c, cat, ds, loc := familyF1(1)
	e, _ := buildEngine(c, cat, ds, loc, genNow)
	e.optimize()
	fmt.Println("nodes", e.nodes, "cands", len(e.cands), "lines", len(e.lines))
}
