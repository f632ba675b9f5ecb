//go:build !darwin && !windows

package facts

// NativeCPU is not known outside macOS and Windows.
func (System) NativeCPU() (CPUInfo, error) { return CPUInfo{}, ErrNativeCPUUnknown }
