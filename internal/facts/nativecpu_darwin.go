package facts

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// NativeCPU reads hw.optional.arm64 (1 on Apple silicon, also when asked
// from a translated process) and sysctl.proc_translated (1 when this
// process runs under Rosetta 2), the way Delve does.
func (System) NativeCPU() (CPUInfo, error) {
	info := CPUInfo{Arch: runtime.GOARCH, Source: "runtime.GOARCH (no hw.optional.arm64)"}
	if v, err := unix.SysctlUint32("hw.optional.arm64"); err == nil {
		if v == 1 {
			info.Arch, info.Source = "arm64", "sysctl hw.optional.arm64=1"
		} else {
			info.Arch, info.Source = "amd64", "sysctl hw.optional.arm64=0"
		}
	}
	if v, err := unix.SysctlUint32("sysctl.proc_translated"); err == nil && v == 1 {
		info.Translated = true
	}
	return info, nil
}
