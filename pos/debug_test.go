package pos

import "testing"

func TestDebugBench(t *testing.T) {
	for _, bc := range []struct {
		seed              int64
		n, conf, q, codes int
	}{{1, 20, 30, 25, 5}, {2, 100, 1000, 40, 0}} {
		c, cat, ds, loc := benchCase(bc.seed, bc.n, bc.conf, bc.q, bc.codes)
		e, _ := buildEngine(c, cat, ds, loc, genNow)
		best, _ := e.optimize()
		t.Logf("cands %d product %d order %d ship %d best %d", len(e.cands), len(e.product), len(e.order), len(e.shipping), best.total)
		for _, g := range e.groups() {
			s := newSearch(e, g)
			for _, T := range append([]int64{0}, e.thresholdsFor(g)...) {
				r, ok := s.run(T)
				if T > 0 && (T <= r.S || e.lowerBoundAt(T) >= best.total) {
					continue
				}
				t.Logf("group %d pooled %d lines %d fixed %d T=%d -> ok %v S %d nodes %d", len(s.group), len(s.pooled), len(s.lines), len(s.fixed), T, ok, r.S, s.nodes)
			}
		}
	}
}
