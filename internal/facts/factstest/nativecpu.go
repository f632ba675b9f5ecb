package factstest

import "github.com/godx-dev/godx/internal/facts"

// WithCPU is a fake machine that knows its native CPU (facts.NativeCPU).
type WithCPU struct {
	*OS
	Info facts.CPUInfo
	Err  error
}

// NativeCPU implements facts.NativeCPU.
func (w WithCPU) NativeCPU() (facts.CPUInfo, error) { return w.Info, w.Err }
