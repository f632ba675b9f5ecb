package host

import (
	"fmt"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// Emulation finds a go toolchain built for another CPU than the
// machine's, which then runs under emulation.
var Emulation = &check.Check{
	ID:    "host/emulation",
	Title: "CPU emulation",
	Doc: check.Doc{
		What: "Compares the machine's native CPU with the architecture of the go command. On macOS the native CPU comes from " +
			"`sysctl hw.optional.arm64` (1 on Apple silicon, even when asked from a translated process) and `sysctl.proc_translated` tells whether " +
			"godx itself runs under Rosetta 2; on Windows from IsWow64Process2's native machine. The go command's architecture is `go env GOHOSTARCH` " +
			"(the architecture of the go binary that answered), and the header of the resolved go binary (Mach-O, including universal files, or PE) " +
			"is read as evidence, never run.",
		Why: "An amd64 Go on an Apple silicon Mac runs under Rosetta 2, and an x64 Go on Windows on ARM under x64 emulation: the compiler and every " +
			"tool run translated (builds are markedly slower), programs are built for amd64 by default and run translated too, cgo links fail against " +
			"native arm64 libraries (`building for macOS-x86_64 but attempting to link with file built for macOS-arm64`), and Delve refuses to debug: " +
			"`can not run under Rosetta, check that the installed build of Go is right for your CPU architecture`.",
		How: "Warning when GOHOSTARCH (or, when the go command does not answer, the binary's header) differs from the native CPU and the binary " +
			"has no slice for the native CPU. Skipped on other systems (Linux has no equivalent query for user-mode emulation) and when the native " +
			"CPU cannot be read.",
		Fix: "Install Go for the machine's own architecture: the darwin-arm64 package from https://go.dev/dl/ on Apple silicon (with Homebrew, " +
			"the arm64 Homebrew under /opt/homebrew, not the Intel one under /usr/local), the windows-arm64 MSI on Windows on ARM; put it first on PATH " +
			"and reinstall Go tools (gopls, dlv) with it.",
		Errors: []string{
			"can not run under Rosetta, check that the installed build of Go is right for your CPU architecture",
			"Failed to launch: could not launch process: can not run under Rosetta, check that the installed build of Go is right for your CPU architecture",
			"ld: warning: building for macOS-x86_64 but attempting to link with file built for macOS-arm64",
		},
	},
	Run: runEmulation,
}

func runEmulation(pass *check.Pass) error {
	f := pass.Facts
	goos := f.GOOS()
	if goos != "darwin" && goos != "windows" {
		return check.Skip("emulation is detected on macOS and Windows only")
	}
	cpu, err := f.NativeCPU()
	if err != nil {
		return check.Skip("the native CPU is unknown: %v", err)
	}
	g, err := f.GoCommand()
	if err != nil {
		return check.Skip("no go command (go/installed reports it)")
	}
	ev := check.Evidence{check.F("native CPU", cpu.Arch+" ("+cpu.Source+")")}
	if cpu.Translated {
		ev = append(ev, check.F("godx itself", "runs under emulation (sysctl.proc_translated=1 or a foreign process machine)"))
	}
	ev = append(ev, check.F("go command", g.Resolved))
	archs, format, herr := f.ExecutableArchs(g.Resolved)
	if herr == nil {
		ev = append(ev, check.F(format+" header", strings.Join(archs, ", ")))
	}
	goArch := ""
	if ge, err := f.GoEnv(); err == nil && ge.Get("GOHOSTARCH") != "" {
		goArch = ge.Get("GOHOSTARCH")
		ev = append(ev, check.F("go env GOHOSTARCH", goArch))
	} else if herr == nil {
		goArch = archs[0]
		if slices.Contains(archs, cpu.Arch) {
			goArch = cpu.Arch // the system runs the native slice of a universal binary
		}
	}
	if goArch == "" {
		return check.Skip("the go command's architecture is unknown (go env failed; %v)", herr)
	}
	if goArch == cpu.Arch {
		pass.Observe(fmt.Sprintf("go is native %s", goArch), ev...)
		return nil
	}
	emu := "under emulation"
	switch {
	case goos == "darwin" && cpu.Arch == "arm64":
		emu = "under Rosetta 2"
	case goos == "windows" && cpu.Arch == "arm64":
		emu = "under x64 emulation"
	}
	detail := fmt.Sprintf("The compiler, the linker and every go command run translated, which makes builds markedly slower; programs are built for %s by default "+
		"(GOARCH follows the go command) and run %s too; cgo links against native %s libraries fail.", goArch, emu, cpu.Arch)
	if goos == "darwin" {
		detail += " Delve refuses to run: `can not run under Rosetta, check that the installed build of Go is right for your CPU architecture` " +
			"(VS Code: `Failed to launch: could not launch process: can not run under Rosetta, ...`), and a translated Go runtime is known to stall (golang/go#42700)."
	}
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("The go command at %s is built for %s, but this machine's CPU is %s: it runs %s.", g.Resolved, goArch, cpu.Arch, emu),
		Detail:   detail,
		Evidence: ev,
		Fix:      emulationFix(f, g, cpu.Arch),
	})
	return nil
}

// emulationFix says how to install a native Go.
func emulationFix(f *facts.Facts, g *facts.GoCommand, native string) *check.Fix {
	after := " Put it first on PATH, then reinstall Go tools (gopls, dlv, ...) with it so that they are native too."
	p := strings.ReplaceAll(g.Resolved, `\`, "/")
	switch {
	case f.GOOS() == "darwin" && (strings.HasPrefix(p, "/usr/local/Cellar/") || strings.HasPrefix(p, "/usr/local/Homebrew/")):
		return &check.Fix{
			Description: "This Go comes from the Intel Homebrew under /usr/local, which installs amd64 packages. Install Go with the Apple silicon Homebrew under /opt/homebrew " +
				"(or the darwin-arm64 package from https://go.dev/dl/), and put /opt/homebrew/bin before /usr/local/bin on PATH." + after,
			Commands: []string{"/opt/homebrew/bin/brew install go"},
		}
	case f.GOOS() == "darwin":
		return &check.Fix{
			Description: fmt.Sprintf("Install the darwin-%s package of Go from https://go.dev/dl/ (it replaces /usr/local/go)."+after, native),
		}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Install the windows-%s build of Go (the MSI from https://go.dev/dl/, or winget), then open a new terminal."+after, native),
		Commands:    []string{"winget install GoLang.Go --architecture " + native},
	}
}
