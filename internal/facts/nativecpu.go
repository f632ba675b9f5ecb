package facts

import (
	"errors"
	"fmt"

	"github.com/godx-dev/godx/internal/exehead"
)

// NativeCPU is an optional part of OS: the machine's own CPU
// architecture, which differs from the architecture of a program that
// runs under emulation (Rosetta 2 on Apple silicon, x64 emulation on
// Windows on ARM). System implements it on macOS (sysctl) and Windows
// (IsWow64Process2); tests use factstest.WithCPU.
type NativeCPU interface {
	NativeCPU() (CPUInfo, error)
}

// CPUInfo describes the machine's CPU.
type CPUInfo struct {
	// Arch is the native architecture in GOARCH spelling ("arm64").
	Arch string
	// Translated reports that godx itself runs under emulation.
	Translated bool
	// Source says how it was learnt ("sysctl hw.optional.arm64=1").
	Source string
}

// ErrNativeCPUUnknown means the OS cannot tell its native CPU.
var ErrNativeCPUUnknown = errors.New("the native CPU architecture is not known on this OS")

// NativeCPU returns the machine's native CPU, or ErrNativeCPUUnknown.
func (f *Facts) NativeCPU() (CPUInfo, error) {
	n, ok := f.OS.(NativeCPU)
	if !ok {
		return CPUInfo{}, ErrNativeCPUUnknown
	}
	return n.NativeCPU()
}

// ExecutableArchs reads the CPU architectures (GOARCH spelling) an
// executable is built for from its header, never running it: every slice
// of a macOS universal (fat) Mach-O file, the machine of a PE (.exe) or
// ELF file. format is "Mach-O universal", "Mach-O", "PE" or "ELF"; a
// file in none of these formats (a shell script, a shim) is an error.
// It reads the header once (exehead), not the whole file.
func (f *Facts) ExecutableArchs(path string) (archs []string, format string, err error) {
	file, err := f.OS.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer file.Close()
	archs, format, err = exehead.Archs(file)
	if errors.Is(err, exehead.ErrUnknownFormat) {
		return nil, "", fmt.Errorf("%s is not a Mach-O, PE or ELF executable", path)
	}
	return archs, format, err
}
