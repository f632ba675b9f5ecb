package facts

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/windows"

	"github.com/godx-dev/godx/internal/exehead"
)

// NativeCPU asks IsWow64Process2 for the native machine. An x64 process
// on Windows on ARM is not WOW64: its process machine is reported as
// unknown, so emulation shows as a native machine that differs from this
// process's architecture.
func (System) NativeCPU() (CPUInfo, error) {
	var process, native uint16
	if err := windows.IsWow64Process2(windows.CurrentProcess(), &process, &native); err != nil {
		return CPUInfo{}, fmt.Errorf("IsWow64Process2: %w", err)
	}
	arch := exehead.PEMachine(native)
	return CPUInfo{
		Arch:       arch,
		Translated: arch != runtime.GOARCH,
		Source:     fmt.Sprintf("IsWow64Process2: native machine 0x%X", native),
	}, nil
}
