package facts

import (
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"errors"
	"fmt"
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

// peMachineArch names a PE/COFF machine type (IMAGE_FILE_MACHINE_*) in
// GOARCH spelling.
func peMachineArch(m uint16) string {
	switch m {
	case 0x8664:
		return "amd64"
	case 0xaa64:
		return "arm64"
	case 0x14c:
		return "386"
	case 0x1c4:
		return "arm"
	}
	return fmt.Sprintf("machine 0x%x", m)
}

// ExecutableArchs reads the CPU architectures (GOARCH spelling) an
// executable is built for from its header, never running it: every slice
// of a macOS universal (fat) Mach-O file, the machine of a PE (.exe) or
// ELF file. format is "Mach-O", "Mach-O universal", "PE" or "ELF"; a
// file in none of these formats (a shell script, a shim) is an error.
func (f *Facts) ExecutableArchs(path string) (archs []string, format string, err error) {
	file, err := f.OS.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer file.Close()
	if fat, err := macho.NewFatFile(file); err == nil {
		for _, a := range fat.Arches {
			archs = append(archs, machoArch(a.Cpu))
		}
		return archs, "Mach-O universal", nil
	}
	if m, err := macho.NewFile(file); err == nil {
		return []string{machoArch(m.Cpu)}, "Mach-O", nil
	}
	if p, err := pe.NewFile(file); err == nil {
		return []string{peMachineArch(p.Machine)}, "PE", nil
	}
	if e, err := elf.NewFile(file); err == nil {
		return []string{elfArch(e.Machine)}, "ELF", nil
	}
	return nil, "", fmt.Errorf("%s is not a Mach-O, PE or ELF executable", path)
}

func machoArch(c macho.Cpu) string {
	switch c {
	case macho.CpuAmd64:
		return "amd64"
	case macho.CpuArm64:
		return "arm64"
	case macho.Cpu386:
		return "386"
	case macho.CpuArm:
		return "arm"
	}
	return c.String()
}

func elfArch(m elf.Machine) string {
	switch m {
	case elf.EM_X86_64:
		return "amd64"
	case elf.EM_AARCH64:
		return "arm64"
	case elf.EM_386:
		return "386"
	case elf.EM_ARM:
		return "arm"
	case elf.EM_RISCV:
		return "riscv64"
	}
	return m.String()
}
