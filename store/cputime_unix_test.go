//go:build unix

package store

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used. Benchmarks report it next
// to wall time because the machines they run on are often shared.
func cpuTime() time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
