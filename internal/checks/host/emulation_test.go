package host

import (
	"debug/macho"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// emulationMachO is a minimal 64-bit Mach-O executable header.
func emulationMachO(cpu macho.Cpu) []byte {
	b := make([]byte, 32)
	le := binary.LittleEndian
	le.PutUint32(b[0:], macho.Magic64)
	le.PutUint32(b[4:], uint32(cpu))
	le.PutUint32(b[8:], 3)
	le.PutUint32(b[12:], uint32(macho.TypeExec))
	return b
}

// emulationFat is a universal file holding the given slices.
func emulationFat(cpus ...macho.Cpu) []byte {
	be := binary.BigEndian
	head := make([]byte, 8+20*len(cpus))
	be.PutUint32(head[0:], macho.MagicFat)
	be.PutUint32(head[4:], uint32(len(cpus)))
	var body []byte
	for i, c := range cpus {
		slice := emulationMachO(c)
		e := head[8+20*i:]
		be.PutUint32(e[0:], uint32(c))
		be.PutUint32(e[4:], 3)
		be.PutUint32(e[8:], uint32(len(head)+len(body)))
		be.PutUint32(e[12:], uint32(len(slice)))
		body = append(body, slice...)
	}
	data := append(head, body...)
	return data
}

// emulationPE is a minimal PE file for machine m.
func emulationPE(m uint16) []byte {
	b := make([]byte, 0x80+4+20)
	b[0], b[1] = 'M', 'Z'
	binary.LittleEndian.PutUint32(b[0x3c:], 0x80)
	copy(b[0x80:], "PE\x00\x00")
	binary.LittleEndian.PutUint16(b[0x84:], m)
	return b
}

// emulationMac is a fake Mac whose go command at bin is built for
// goArch (GOHOSTARCH and the Mach-O header).
func emulationMac(t *testing.T, native, goArch, goroot string) factstest.WithCPU {
	cpu := macho.CpuArm64
	if goArch == "amd64" {
		cpu = macho.CpuAmd64
	}
	o := factstest.NewMachine(t).Darwin().Home("/Users/me").Arch(goArch).
		Go(goroot, "go1.26.8").
		Executable(goroot+"/bin/go", string(emulationMachO(cpu))).
		Path(goroot + "/bin")
	return factstest.WithCPU{OS: o.OS, Info: facts.CPUInfo{Arch: native, Source: "sysctl hw.optional.arm64=1"}}
}

func TestEmulation_RosettaGo(t *testing.T) {
	m := emulationMac(t, "arm64", "amd64", "/usr/local/go")
	r := checktest.Run(t, Emulation, m, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "built for amd64", "CPU is arm64", "Rosetta 2", "can not run under Rosetta", "Mach-O header: amd64", "darwin-arm64")
	if fd.Fix == nil || strings.Contains(fd.Fix.Description, "Homebrew") {
		t.Errorf("fix %+v", fd.Fix)
	}
}

func TestEmulation_IntelHomebrew(t *testing.T) {
	m := emulationMac(t, "arm64", "amd64", "/usr/local/Cellar/go/1.26.8/libexec")
	r := checktest.Run(t, Emulation, m, facts.Options{})
	checktest.Only(t, r, check.Warning, "Intel Homebrew", "/opt/homebrew/bin/brew install go")
}

func TestEmulation_NativeMacIsClean(t *testing.T) {
	r := checktest.Run(t, Emulation, emulationMac(t, "arm64", "arm64", "/usr/local/go"), facts.Options{})
	checktest.Clean(t, r)
	if r.Summary != "go is native arm64" {
		t.Errorf("summary = %q", r.Summary)
	}
	// An Intel Mac with an amd64 Go is native too.
	r = checktest.Run(t, Emulation, emulationMac(t, "amd64", "amd64", "/usr/local/go"), facts.Options{})
	checktest.Clean(t, r)
}

func TestEmulation_UniversalBinaryWithoutGoEnv(t *testing.T) {
	// No working `go env`: the header decides, and a universal binary
	// with an arm64 slice runs natively.
	o := factstest.NewMachine(t).Darwin().
		Path("/opt/go/bin")
	o.Executable("/opt/go/bin/go", string(emulationFat(macho.CpuAmd64, macho.CpuArm64)))
	r := checktest.Run(t, Emulation, factstest.WithCPU{OS: o.OS, Info: facts.CPUInfo{Arch: "arm64"}}, facts.Options{})
	checktest.Clean(t, r)
	o.Executable("/opt/go/bin/go", string(emulationFat(macho.CpuAmd64)))
	r = checktest.Run(t, Emulation, factstest.WithCPU{OS: o.OS, Info: facts.CPUInfo{Arch: "arm64"}}, facts.Options{})
	checktest.Only(t, r, check.Warning, "Mach-O universal header: amd64")
}

func TestEmulation_WindowsOnARM(t *testing.T) {
	o := factstest.NewMachine(t).Windows().Home(`C:\Users\me`).
		Go(`C:\Program Files\Go`, "go1.26.8").
		Executable(`C:\Program Files\Go\bin\go.exe`, string(emulationPE(0x8664))).
		Path(`C:\Program Files\Go\bin`)
	r := checktest.Run(t, Emulation, factstest.WithCPU{OS: o.OS, Info: facts.CPUInfo{Arch: "arm64", Source: "IsWow64Process2: native machine 0xAA64"}}, facts.Options{})
	checktest.Only(t, r, check.Warning, "x64 emulation", "PE header: amd64", "winget install GoLang.Go --architecture arm64")
}

func TestEmulation_Skips(t *testing.T) {
	o := factstest.NewMachine(t).
		Go("/usr/local/go", "go1.26.8").
		Path("/usr/local/go/bin")
	checktest.Skipped(t, checktest.Run(t, Emulation, o, facts.Options{})) // linux
	o.OSName = "darwin"
	checktest.Skipped(t, checktest.Run(t, Emulation, o, facts.Options{}), "native CPU") // no NativeCPU
}
