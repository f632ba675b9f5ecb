package soak

import (
	"os"
	"runtime"
)

// systemEnvironment records the machine facts that make timings
// comparable: CPUs, GOMAXPROCS (which follows cgroup CPU limits since Go
// 1.25), the kernel, WSL and cgroup limits. The Go settings come from the
// `godx env` collection, filled in by the caller.
func systemEnvironment() Environment {
	e := Environment{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0)}
	e.Hostname, _ = os.Hostname()
	e.LoadStart = loadAverage()
	platformEnvironment(&e)
	return e
}
