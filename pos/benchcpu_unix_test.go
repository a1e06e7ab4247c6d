//go:build unix

package pos

import (
	"syscall"
	"testing"
	"time"
)

// quoteCPU is the process's CPU time (user + system). On a machine shared
// with other work the wall time per operation grows with the load; the CPU
// time per operation (cpu-ns/op) much less.
func quoteCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportQuoteCPU adds the CPU time per operation since start.
func reportQuoteCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(quoteCPU()-start)/float64(b.N), "cpu-ns/op")
}
