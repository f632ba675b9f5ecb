package checks

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
)

// ToolsDlv checks that Delve supports the Go version the project's
// programs are built with, and that it was built for this machine.
var ToolsDlv = &check.Check{
	ID:    "tools/dlv",
	Title: "Delve (dlv)",
	Doc: check.Doc{
		What: "Finds every dlv the shell or the editor would run (PATH, GOBIN or GOPATH/bin, VS Code's go.alternateTools and go.toolsGopath, and a `tool` directive in go.mod) " +
			"and reads each binary's build information without running it: the Delve release (main module version), the Go that built it, and the GOOS/GOARCH it was built for. " +
			"It then works out which Go toolchain builds the programs you debug here: the go command on PATH, or the toolchain it switches to for this module (GOTOOLCHAIN=auto and a newer go or toolchain line in go.work/go.mod).",
		Why: "Every Delve release supports a fixed window of Go versions (v1.26.x: Go 1.24 to 1.26) and checks the Go version recorded in the program it debugs. " +
			"Outside the window `dlv debug`, `dlv test` and the VS Code debugger refuse to start, with `Version of Delve is too old for Go version go1.27.0 (maximum supported version 1.26, suppress this error with --check-go-version=false)` " +
			"or `Go version go1.22.5 is too old for this version of Delve (minimum supported version 1.25, ...)`; the editor often only shows that the debug session ended. " +
			"Since Go 1.25 programs carry DWARF 5 debug information, which Delve can only read when it was itself built with Go 1.25 or later. " +
			"A dlv built for another architecture (an amd64 dlv on an Apple silicon Mac or an arm64 Linux machine) runs under emulation and cannot debug native programs: on macOS Delve stops with `can not run under Rosetta, check that the installed build of Go is right for your CPU architecture`.",
		How: "The Go version that matters is the one that builds the program: GOVERSION of the go command on PATH, or, when GOTOOLCHAIN allows switching (auto, path, goX+auto), the higher of that and the project's target Go (the higher of the go and toolchain lines of go.work or go.mod). " +
			"It is compared, by minor version as Delve does, with godx's table of the Go window of every Delve release from v1.4.0 to v1.27.2 (read from Delve's pkg/goversion/compat.go at each tag). " +
			"Error: the build Go is outside the window (for a patch release newer than the table, the window of the newest known patch of that minor release is assumed and the finding is a warning); Delve v1.25.1 or later built with a Go older than 1.25 while the build Go is 1.25 or later (DWARF 5); " +
			"a dlv built for another OS, or for another architecture on macOS. Warning: another architecture elsewhere; a VS Code setting naming a dlv that does not exist. " +
			"Info: a dlv whose release is unknown (a `(devel)` build, or a wrapper script whose `dlv version` says nothing), or a release newer than the table. " +
			"When a dlv is not a Go executable (an asdf or mise shim, a wrapper script), godx runs `dlv version` once, with a timeout (never a file that only the project's own .vscode settings or *.code-workspace name: a cloned repository must not make godx run its programs). Extra dlv binaries later on PATH that nothing runs are listed as evidence only. No dlv anywhere is not a problem.",
		Fix: "Reinstall Delve with a Go at least as new as the one that builds your programs, e.g. `GOTOOLCHAIN=go1.27.0+auto go install github.com/go-delve/delve/cmd/dlv@latest`. " +
			"When the project's Go is older than the newest Delve supports, install the newest Delve release that still supports it (godx names it, e.g. `go install github.com/go-delve/delve/cmd/dlv@v1.25.2`) or move the project to a newer Go. " +
			"For a go.mod tool directive, `go get -tool github.com/go-delve/delve/cmd/dlv@latest`. For a dlv of the wrong architecture, install a native Go first (`go env GOHOSTARCH` must match the machine), then reinstall dlv.",
		Errors: []string{
			"Version of Delve is too old for Go version go1.27.0 (maximum supported version 1.26, suppress this error with --check-go-version=false)",
			"Go version go1.22.5 is too old for this version of Delve (minimum supported version 1.25, suppress this error with --check-go-version=false)",
			"Version of Delve is too old for this version of Go (maximum supported version 1.17, suppress this error with --check-go-version=false)",
			"To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later",
			"can not run under Rosetta, check that the installed build of Go is right for your CPU architecture",
		},
	},
	Run: runToolsDlv,
}

// toolsDlvRange is the Go window of a run of Delve releases (from..to,
// inclusive), from Delve's pkg/goversion/compat.go at each tag.
type toolsDlvRange struct {
	from, to string // Delve versions, "v1.26.0".."v1.26.3"
	min, max int    // Go 1.min .. Go 1.max
}

var toolsDlvTable = []toolsDlvRange{
	{"v1.4.0", "v1.4.0", 11, 14},
	{"v1.4.1", "v1.4.1", 12, 14},
	{"v1.5.0", "v1.5.0", 12, 15},
	{"v1.5.1", "v1.5.1", 13, 15},
	{"v1.6.0", "v1.6.0", 13, 16},
	{"v1.6.1", "v1.6.1", 14, 16},
	{"v1.7.0", "v1.7.3", 15, 17},
	{"v1.8.0", "v1.8.3", 16, 18},
	{"v1.9.0", "v1.9.0", 16, 19},
	{"v1.9.1", "v1.9.1", 17, 19},
	{"v1.20.0", "v1.20.2", 18, 20},
	{"v1.21.0", "v1.21.0", 18, 21},
	{"v1.21.1", "v1.21.2", 19, 21},
	{"v1.22.0", "v1.22.2", 19, 22},
	{"v1.23.0", "v1.23.1", 21, 23},
	{"v1.24.0", "v1.25.0", 21, 24},
	{"v1.25.1", "v1.25.2", 22, 25},
	{"v1.26.0", "v1.26.3", 24, 26},
	{"v1.27.0", "v1.27.2", 25, 27}, // v1.27.2: read from its pkg/goversion/compat.go
}

const toolsDlvPackage = "github.com/go-delve/delve/cmd/dlv"

// toolsDlvLookup finds the Go window of Delve version v. exact is false
// when v is a newer patch of a known minor release (the window of its
// newest known patch is assumed); ok is false when v is unknown.
func toolsDlvLookup(v string) (r toolsDlvRange, exact, ok bool) {
	v = modversion.Release(v)
	if v == "" {
		return r, false, false
	}
	for _, row := range toolsDlvTable {
		if modversion.Compare(v, row.from) >= 0 && modversion.Compare(v, row.to) <= 0 {
			return row, true, true
		}
	}
	for i := len(toolsDlvTable) - 1; i >= 0; i-- {
		row := toolsDlvTable[i]
		if modversion.MajorMinor(row.to) == modversion.MajorMinor(v) && modversion.Compare(v, row.to) > 0 {
			return row, false, true
		}
	}
	return r, false, false
}

// toolsDlvBest is the newest Delve release whose window contains Go 1.minor.
func toolsDlvBest(minor int) string {
	for i := len(toolsDlvTable) - 1; i >= 0; i-- {
		if row := toolsDlvTable[i]; row.min <= minor && minor <= row.max {
			return row.to
		}
	}
	return ""
}

func runToolsDlv(pass *check.Pass) error {
	f := pass.Facts
	relevant, shadowed := toolverCandidates(f, "dlv")
	if len(relevant) == 0 {
		pass.Observe("dlv is not installed (not on PATH, in GOBIN or GOPATH/bin, in VS Code settings or a go.mod tool directive)", toolverShadowEvidence(shadowed)...)
		return nil
	}
	sel, err := toolverSelectedGo(f)
	if err != nil {
		return check.Skip("the go command is not usable, so the Go version of the programs Delve debugs is unknown (go/installed reports it)")
	}
	var observed []string
	var evidence check.Evidence
	for _, t := range relevant {
		// Clipped: the helpers append to their own copies.
		ev := slices.Clip(append(toolverEvidence(f, t), sel.evidence()...))
		if fd, ok := toolverUnreadable(pass, t, "dlv"); ok {
			// A wrapper or shim: ask it which Delve it runs.
			dv, runErr := toolsDlvRunVersion(pass, t)
			if runErr != nil {
				fd.Detail += " Running `" + t.Path + " version` did not tell either: " + runErr.Error()
				pass.Report(fd)
				continue
			}
			ev = slices.Clip(append(ev, check.F("Delve version (dlv version)", dv)))
			if !toolsDlvCheckRange(pass, t, dv, sel, ev) {
				observed = append(observed, "dlv "+dv+" ("+t.Path+")")
				evidence = append(evidence, ev...)
			}
			continue
		} else if t.Err != nil {
			pass.Report(fd)
			continue
		}
		ok := true
		if toolsDlvCheckPlatform(pass, t, ev) {
			ok = false
		}
		v := t.ModuleVersion()
		if t.IsDirective() && v == "" {
			// No requirement provides the tool: `go tool dlv` fails, which
			// tools/go-tool-directives reports.
			continue
		}
		if mp := t.ModulePath(); !t.IsDirective() && mp != "" && toolsDlvVersionIn(t) == "" {
			// Another Go program called dlv (a wrapper): its version says
			// nothing about Delve's, and the fix installs Delve, not it.
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("%s is not Delve (its main module is %s %s): godx cannot tell which Delve it runs, if any.", toolverName(t), mp, toolverShowVersion(v)),
				Detail:   fmt.Sprintf("Delve supports a fixed window of Go versions per release and refuses programs built with a Go outside it (`Version of Delve is too old for Go version %s ...`); this program's build information names neither Delve's module nor a dependency on it.", sel.Version),
				Evidence: ev,
				Fix: &check.Fix{
					Description: "If it is a wrapper, check the dlv it starts with `go version -m /path/to/dlv`; otherwise install Delve:",
					Commands:    []string{toolverInstallFix(f, facts.ToolBinary{Found: t.Found}, toolsDlvPackage, "latest", sel.Version)},
				},
			})
			continue
		} else if dv := toolsDlvVersionIn(t); !t.IsDirective() && dv != "" {
			v = dv
		}
		if v == "" || v == "(devel)" || modversion.Release(v) == "" {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("%s is a development build of Delve (version %q): godx cannot tell which Go versions it supports.", toolverName(t), toolverShowVersion(v)),
				Detail:   fmt.Sprintf("Delve supports a fixed window of Go versions per release and refuses programs built with a Go outside it (`Version of Delve is too old for Go version %s ...`). A build from a source checkout records no release, so godx cannot compare it with %s.", sel.Version, sel.Version),
				Evidence: ev,
				Fix: &check.Fix{
					Description: "Install a tagged release instead, built with a Go at least as new as the one that builds your programs.",
					Commands:    []string{toolverInstallFix(f, t, toolsDlvPackage, "latest", sel.Version)},
				},
			})
			continue
		}
		if toolsDlvCheckRange(pass, t, v, sel, ev) {
			ok = false
		} else if toolsDlvCheckDWARF(pass, t, v, sel, ev) {
			ok = false
		}
		if ok {
			observed = append(observed, "dlv "+v+" ("+toolverWhereShort(t)+")")
			evidence = append(evidence, ev...)
		}
	}
	if len(observed) > 0 {
		pass.Observe(strings.Join(observed, "; ")+" supports "+sel.Version, append(evidence, toolverShadowEvidence(shadowed)...)...)
	}
	return nil
}

// toolsDlvVersionIn is Delve's version in a binary's build information:
// the main module's version when it is Delve, else the version of a
// github.com/go-delve/delve dependency (a program built around Delve); ""
// when Delve is not in it at all.
func toolsDlvVersionIn(t facts.ToolBinary) string {
	const mod = "github.com/go-delve/delve"
	if t.Info == nil {
		return ""
	}
	if t.Info.Main.Path == mod {
		return toolverOr(t.ModuleVersion(), "(devel)")
	}
	for _, d := range t.Info.Deps {
		if d.Path == mod {
			if d.Replace != nil {
				return toolverOr(d.Replace.Version, "(devel)")
			}
			return d.Version
		}
	}
	return ""
}

// toolsDlvRunVersion asks a dlv that is not a readable Go executable for
// its release: "Delve Debugger\nVersion: 1.26.3\nBuild: ...".
func toolsDlvRunVersion(pass *check.Pass, t facts.ToolBinary) (string, error) {
	out, err := toolverRun(pass, t.Path, "version")
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`(?m)^Version:\s*v?(\d+\.\d+\.\d+)`).FindStringSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("unexpected output %q", toolverFirstLines(out))
	}
	return "v" + m[1], nil
}

// toolsDlvCheckRange reports a build Go outside the window of Delve
// version v; it returns whether it reported.
func toolsDlvCheckRange(pass *check.Pass, t facts.ToolBinary, v string, sel toolverSel, ev check.Evidence) bool {
	f := pass.Facts
	minor := goversion.Minor(sel.Version)
	if minor < 0 {
		return false
	}
	row, exact, known := toolsDlvLookup(v)
	if !known {
		if modversion.Compare(modversion.Release(v), toolsDlvTable[0].from) < 0 {
			// Older than the table: those releases support Go 1.13 at most.
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%s is Delve %s, older than any release that supports Go 1.14; your programs are built with %s.", toolverName(t), v, sel.Version),
				Detail:   "Delve refuses to debug them: `Version of Delve is too old for this version of Go (maximum supported version 1.13, suppress this error with --check-go-version=false)`.",
				Evidence: ev,
				Fix:      toolsDlvUpgradeFix(f, t, sel),
			})
			return true
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is Delve %s, newer than godx's table of Delve releases (up to %s): godx cannot tell whether it supports %s.", toolverName(t), v, toolsDlvTable[len(toolsDlvTable)-1].to, sel.Version),
			Detail:   "Newer Delve releases usually support the newest Go versions; if debugging fails with `Go version ... is too old for this version of Delve`, install the Delve release that supports your Go.",
			Evidence: ev,
		})
		return true
	}
	ev = append(ev, check.F("Delve "+v+" supports", fmt.Sprintf("Go 1.%d to 1.%d%s", row.min, row.max, toolsDlvAssumed(row, exact))))
	if minor >= row.min && minor <= row.max {
		return false
	}
	sev := check.Error
	if !exact && minor > row.max {
		sev = check.Warning // a newer patch release may have raised the maximum
	}
	newText := modversion.Compare(modversion.Release(v), "v1.7.3") >= 0
	goShown := toolsDlvShowGo(sel.Version)
	if minor > row.max {
		msg := fmt.Sprintf("Version of Delve is too old for Go version %s (maximum supported version 1.%d, suppress this error with --check-go-version=false)", goShown, row.max)
		if !newText {
			msg = fmt.Sprintf("Version of Delve is too old for this version of Go (maximum supported version 1.%d, suppress this error with --check-go-version=false)", row.max)
		}
		detail := fmt.Sprintf("%s. `dlv debug`, `dlv test` and the VS Code debugger stop with\n\t%s\n"+
			"--check-go-version=false only turns that into `WARNING: undefined behavior`: variables, goroutines and breakpoints may then be wrong.", sel.why(), msg)
		if !exact {
			detail += fmt.Sprintf(" (godx knows Delve up to %s; %s is assumed to support what %s does.)", row.to, v, row.to)
		}
		pass.Report(check.Finding{
			Severity: sev,
			Summary:  fmt.Sprintf("%s is Delve %s, which supports Go 1.%d to 1.%d, but your programs are built with %s.", toolverName(t), v, row.min, row.max, sel.Version),
			Detail:   detail,
			Evidence: ev,
			Fix:      toolsDlvUpgradeFix(f, t, sel),
		})
		return true
	}
	msg := fmt.Sprintf("Go version %s is too old for this version of Delve (minimum supported version 1.%d, suppress this error with --check-go-version=false)", goShown, row.min)
	if !newText {
		msg = fmt.Sprintf("Version of Go is too old for this version of Delve (minimum supported version 1.%d, suppress this error with --check-go-version=false)", row.min)
	}
	fix := &check.Fix{Description: fmt.Sprintf("Move the project to Go 1.%d or later, or install an older Delve.", row.min)}
	if best := toolsDlvBest(minor); best != "" {
		fix.Description = fmt.Sprintf("Install Delve %s, the newest release that supports Go 1.%d (or move the project to Go 1.%d or later).", best, minor, row.min)
		fix.Commands = []string{toolverInstallFix(f, t, toolsDlvPackage, best, "")}
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s is Delve %s, which supports Go 1.%d to 1.%d, but your programs are built with %s.", toolverName(t), v, row.min, row.max, sel.Version),
		Detail: fmt.Sprintf("%s. `dlv debug`, `dlv test` and the VS Code debugger stop with\n\t%s", sel.why(), msg) +
			"\nNewer Delve releases drop support for old Go versions; the newest dlv is not always the right one.",
		Evidence: ev,
		Fix:      fix,
	})
	return true
}

func toolsDlvAssumed(row toolsDlvRange, exact bool) string {
	if exact {
		return ""
	}
	return " (assumed from " + row.to + ")"
}

// toolsDlvShowGo prints a Go version the way Delve's GoVersion.String
// does: go1.27.0, but go1.20 for the first release before Go 1.21.
func toolsDlvShowGo(v string) string {
	if strings.HasSuffix(v, ".0") && goversion.Minor(v) < 21 && strings.Count(v, ".") == 2 {
		return strings.TrimSuffix(v, ".0")
	}
	return v
}

func toolsDlvUpgradeFix(f *facts.Facts, t facts.ToolBinary, sel toolverSel) *check.Fix {
	return &check.Fix{
		Description: fmt.Sprintf("Install the latest Delve, built with at least %s (GOTOOLCHAIN=...+auto lets the go command fetch that toolchain if it is not the local one).", sel.Version),
		Commands:    []string{toolverInstallFix(f, t, toolsDlvPackage, "latest", sel.Version)},
	}
}

// toolsDlvCheckDWARF reports a Delve that supports the build Go but was
// itself built with a Go too old to read its DWARF 5 debug information.
func toolsDlvCheckDWARF(pass *check.Pass, t facts.ToolBinary, v string, sel toolverSel, ev check.Evidence) bool {
	built := goversion.LocalToolchain(t.BuiltWith())
	if built == "" || goversion.Minor(sel.Version) < 25 || goversion.Minor(built) >= 25 || modversion.Compare(modversion.Release(v), "v1.25.1") < 0 {
		return false
	}
	const msg = "To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later"
	need := sel.Version
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s (Delve %s) was built with %s, but your programs are built with %s, whose DWARF 5 debug information Delve can only read when built with Go 1.25 or later.", toolverName(t), v, t.BuiltWith(), sel.Version),
		Detail:   fmt.Sprintf("%s. Since Go 1.25 the compiler writes DWARF 5, and Delve stops with\n\t%s", sel.why(), msg),
		Evidence: ev,
		Fix: &check.Fix{
			Description: "Rebuild the same Delve release with a newer Go.",
			Commands:    []string{toolverInstallFix(pass.Facts, t, toolsDlvPackage, v, need)},
		},
	})
	return true
}

// toolsDlvCheckPlatform reports a dlv built for another OS or CPU
// architecture than the machine's.
func toolsDlvCheckPlatform(pass *check.Pass, t facts.ToolBinary, ev check.Evidence) bool {
	f := pass.Facts
	goos, goarch := t.GOOS(), t.GOARCH()
	if goos == "" || goarch == "" || t.IsDirective() {
		return false // before Go 1.18 nothing is recorded; `go tool` builds natively
	}
	hostOS, hostArch := f.GOOS(), f.GOARCH()
	if cpu, err := f.NativeCPU(); err == nil && cpu.Arch != "" {
		hostArch = cpu.Arch // godx itself may run under emulation (Rosetta)
	}
	if goos == hostOS && goarch == hostArch {
		return false
	}
	hostGo := ""
	if ge, err := f.GoEnv(); err == nil {
		hostGo = ge.Get("GOHOSTARCH")
	}
	fix := &check.Fix{
		Description: fmt.Sprintf("Reinstall dlv for %s/%s.", hostOS, hostArch),
		Commands:    []string{toolverInstallFix(f, t, toolsDlvPackage, toolverOr(modversion.Release(t.ModuleVersion()), "latest"), "")},
	}
	if hostGo != "" && hostGo != hostArch {
		fix.Description = fmt.Sprintf("Your go command is itself built for %s (go env GOHOSTARCH), so `go install` builds %s binaries too: install Go for %s/%s first, then reinstall dlv.", hostGo, hostGo, hostOS, hostArch)
		ev = append(ev, check.F("go env GOHOSTARCH", hostGo))
	}
	if goos != hostOS {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is built for %s/%s, but this machine is %s/%s.", toolverName(t), goos, goarch, hostOS, hostArch),
			Detail:   fmt.Sprintf("A dlv for %s cannot debug %s programs (on WSL, a Windows dlv.exe reached through the Windows PATH debugs Windows processes, not Linux ones).", goos, hostOS),
			Evidence: ev,
			Fix:      fix,
		})
		return true
	}
	if hostOS == "darwin" {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is built for %s, but this Mac is %s: it runs under Rosetta and cannot debug.", toolverName(t), goarch, hostArch),
			Detail:   "Delve refuses to run translated: `can not run under Rosetta, check that the installed build of Go is right for your CPU architecture` (VS Code shows `Failed to launch: could not launch process: can not run under Rosetta, ...`).",
			Evidence: ev,
			Fix:      fix,
		})
		return true
	}
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("%s is built for %s/%s, but this machine is %s/%s.", toolverName(t), goos, goarch, hostOS, hostArch),
		Detail:   fmt.Sprintf("It only runs under emulation, if at all, and a debugger under emulation cannot control native %s programs: debug sessions fail to start or attach.", hostArch),
		Evidence: ev,
		Fix:      fix,
	})
	return true
}

// ----------------------------------------------------------------------------
// Helpers shared by the tools/dlv, tools/golangci-lint, tools/staticcheck and
// tools/tinygo checks (prefix "toolver").

// toolverCandidates splits FindTool's answer into the binaries something
// runs (the first on PATH, GOBIN or GOPATH/bin, which editors prefer to
// PATH, VS Code settings, go.mod tool directives) and later PATH entries
// that nothing runs.
func toolverCandidates(f *facts.Facts, name string) (relevant, shadowed []facts.ToolBinary) {
	for _, t := range f.FindTool(name) {
		if t.Found == facts.FoundPath && !t.Runs && len(t.AlsoFound) == 0 {
			shadowed = append(shadowed, t)
			continue
		}
		relevant = append(relevant, t)
	}
	return relevant, shadowed
}

func toolverShadowEvidence(shadowed []facts.ToolBinary) check.Evidence {
	var ev check.Evidence
	for _, t := range shadowed {
		desc := "later on PATH, not run"
		if v := t.ModuleVersion(); v != "" {
			desc += ": " + t.ModulePath() + " " + v
		}
		if b := t.BuiltWith(); b != "" {
			desc += ", built with " + b
		}
		ev = append(ev, check.F(t.Path, desc))
	}
	return ev
}

// toolverName names a candidate in a sentence: "the dlv in GOBIN
// (/home/u/go/bin/dlv)".
func toolverName(t facts.ToolBinary) string {
	if t.IsDirective() {
		return fmt.Sprintf("The %s tool directive in %s (%s %s)", t.Name, toolverDirectiveAt(t), t.ToolModule, toolverShowVersion(t.ToolVersion))
	}
	return fmt.Sprintf("The %s %s (%s)", t.Name, toolverWhereShort(t), t.Path)
}

func toolverDirectiveAt(t facts.ToolBinary) string {
	if t.ToolDirectiveLine > 0 {
		return fmt.Sprintf("%s:%d", t.Origin, t.ToolDirectiveLine)
	}
	return t.Origin
}

// toolverWhereShort says how a candidate was found, in words.
func toolverWhereShort(t facts.ToolBinary) string {
	var parts []string
	add := func(found string) {
		switch {
		case found == facts.FoundPath && t.Runs:
			parts = append(parts, "first on PATH")
		case found == facts.FoundPath:
			parts = append(parts, "on PATH")
		case found == facts.FoundGOBIN:
			parts = append(parts, "in GOBIN")
		case found == facts.FoundGOPATHBin:
			parts = append(parts, "in GOPATH/bin")
		case found == facts.FoundToolDirective:
			parts = append(parts, "pinned by a go.mod tool directive")
		default:
			parts = append(parts, "named by "+found)
		}
	}
	add(t.Found)
	for _, a := range t.AlsoFound {
		add(a)
	}
	return strings.Join(parts, ", ")
}

func toolverShowVersion(v string) string {
	if v == "" {
		return "unknown"
	}
	return v
}

// toolverEvidence describes one candidate.
func toolverEvidence(f *facts.Facts, t facts.ToolBinary) check.Evidence {
	if t.IsDirective() {
		return check.Evidence{
			check.F("go.mod tool directive", toolverDirectiveAt(t)+": tool "+t.ToolPackage),
			check.F("required module", t.ToolModule+" "+toolverShowVersion(t.ToolVersion)),
		}
	}
	ev := check.Evidence{check.F(t.Name, t.Path)}
	if t.Resolved != "" && t.Resolved != t.Path {
		ev = append(ev, check.F(t.Name+" (resolved)", t.Resolved))
	}
	ev = append(ev, check.F("found", toolverWhereShort(t)))
	if t.Origin != "" {
		ev = append(ev, check.F("named in", t.Origin))
	}
	if t.Info != nil {
		ev = append(ev, check.F("main module", t.ModulePath()+" "+toolverShowVersion(t.ModuleVersion())))
		ev = append(ev, check.F("built with", t.BuiltWith()))
		if t.GOOS() != "" {
			ev = append(ev, check.F("built for", t.GOOS()+"/"+t.GOARCH()))
		} else {
			ev = append(ev, check.F("built for", "not recorded (binaries built before Go 1.18 record no GOOS/GOARCH)"))
		}
	} else if t.Err != nil {
		ev = append(ev, check.F("build information", t.Err.Error()))
	}
	return ev
}

// toolverUnreadable turns a candidate whose build information cannot be
// read into a finding. ok is true for files that exist and can be run but
// are not readable Go executables (wrappers, shims): the caller may ask the
// tool itself (never for a file only the project's settings name). For other errors (t.Err != nil) the finding is final.
func toolverUnreadable(pass *check.Pass, t facts.ToolBinary, name string) (fd check.Finding, ok bool) {
	if t.Err == nil {
		return fd, false
	}
	ev := toolverEvidence(pass.Facts, t)
	var be *facts.BuildInfoError
	kind := facts.BuildInfoUnreadable
	if errors.As(t.Err, &be) {
		kind = be.Kind
	}
	switch kind {
	case facts.BuildInfoMissing:
		return check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("%s points %s at %s, which does not exist.", strings.Replace(t.Found, "VS Code ", "VS Code's ", 1), name, t.Path),
			Detail:   fmt.Sprintf("The editor runs the %s it is told to and fails when it is missing (VS Code: `Failed to find the %q binary`), even though the terminal may find another one on PATH.", name, name),
			Evidence: ev,
			Fix: &check.Fix{
				Description: fmt.Sprintf("Point the setting in %s at an existing %s, or remove it so the editor finds %s on PATH.", toolverOr(t.Origin, "the settings file"), name, name),
			},
		}, false
	case facts.BuildInfoNotExecutable, facts.BuildInfoNotGo:
		fd := check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is not a Go executable (a wrapper script or version-manager shim?): godx cannot read which %s release it runs or which Go built it.", toolverName(t), name),
			Detail:   "godx reads a tool's version from the build information Go embeds in executables, without running it.",
			Evidence: ev,
		}
		if t.NamedByProject {
			// The project's own settings name it: a cloned repository must
			// not make godx run its files.
			fd.Detail += fmt.Sprintf(" It is named by the project's settings (%s), so godx does not run it to ask either.", t.Origin)
			return fd, false
		}
		return fd, true
	}
	return check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("godx cannot read %s: %v", toolverName(t), t.Err),
		Detail:   fmt.Sprintf("Without its build information godx cannot tell which %s release it is or which Go built it.", name),
		Evidence: ev,
	}, false
}

// toolverRun runs a tool once (bounded by the command timeout) in the
// project directory, with GOTOOLCHAIN=local so that nothing it starts can
// download or switch toolchains, and returns its output.
func toolverRun(pass *check.Pass, path string, args ...string) (string, error) {
	f := pass.Facts
	res := f.Run(pass.Context, facts.Command{Path: path, Args: args, Dir: f.Dir, Env: append(f.Environ(), "GOTOOLCHAIN=local")})
	out := string(res.Stdout) + string(res.Stderr)
	if res.TimedOut {
		return "", fmt.Errorf("`%s %s` did not finish: %v", path, strings.Join(args, " "), res.Err)
	}
	if res.Err != nil {
		if s := toolverFirstLines(out); s != "" {
			return "", fmt.Errorf("%v: %s", res.Err, s)
		}
		return "", res.Err
	}
	return out, nil
}

func toolverFirstLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 3 {
		lines = lines[:3]
	}
	return strings.TrimSpace(strings.Join(lines, " "))
}

// toolverSel is the Go toolchain that builds (and analyses) code in the
// project directory.
type toolverSel struct {
	Version string // "go1.27.0"
	Local   string // GOVERSION of the go command on PATH
	Target  facts.Target
	Setting string           // GOTOOLCHAIN as set ("" when nothing sets it)
	From    facts.Definition // where GOTOOLCHAIN is set
	Switch  bool             // Version is not the local go: the go command switches
}

func (s toolverSel) why() string {
	if s.Switch {
		return fmt.Sprintf("Your programs are built with %s: the go command on PATH is %s, but GOTOOLCHAIN=%s (from %s) lets it switch to the %s that the %s of %s asks for", s.Version, s.Local, s.Setting, s.From.Where(), s.Version, strings.TrimPrefix(strings.TrimPrefix(s.Target.From, "go.mod "), "go.work "), s.Target.File)
	}
	return fmt.Sprintf("Your programs are built with %s, the go command on PATH", s.Version)
}

func (s toolverSel) evidence() check.Evidence {
	ev := check.Evidence{check.F("go command version", s.Local)}
	if s.Target.From != "" && s.Target.From != "go command" {
		ev = append(ev, check.F("project target Go ("+s.Target.From+")", s.Target.Version))
	}
	if s.Setting == "" {
		ev = append(ev, check.F("GOTOOLCHAIN", "not set (the go command does not switch)"))
	} else {
		ev = append(ev, check.F("GOTOOLCHAIN ("+s.From.Label()+")", s.Setting))
	}
	ev = append(ev, check.F("Go that builds the project", s.Version))
	return ev
}

// toolverBuild says which Go built tool t and which version it is: from
// its build info; for a go.mod tool directive, the toolchain `go tool`
// builds it with; for a shim without build info, by asking the tool itself
// (`t.Path askArgs`, through ask). asked reports the last case. ok is false
// when the tool could not be read and a finding saying so was reported.
func toolverBuild(pass *check.Pass, t facts.ToolBinary, name, askArgs string, ev *check.Evidence,
	ask func() (version, builtWith string, err error)) (builtWith, modVersion string, asked, ok bool) {
	builtWith, modVersion = t.BuiltWith(), t.ModuleVersion()
	if t.IsDirective() {
		if sel, err := toolverSelectedGo(pass.Facts); err == nil {
			builtWith = sel.Version
			*ev = append(*ev, check.F("built by `go tool` with", sel.Version))
		}
	}
	fd, shim := toolverUnreadable(pass, t, name)
	switch {
	case shim:
		v, built, err := ask()
		if err != nil {
			fd.Detail += " Running `" + t.Path + " " + askArgs + "` did not tell either: " + err.Error()
			pass.Report(fd)
			return "", "", false, false
		}
		*ev = append(*ev, check.F("`"+name+" "+askArgs+"`", toolverOr(v, "version unknown")+", built with "+built))
		return built, v, true, true
	case t.Err != nil:
		pass.Report(fd)
		return "", "", false, false
	}
	return builtWith, modVersion, false, true
}

// toolverSelectedGo works out which toolchain the go command runs in the
// project directory: the local go, unless GOTOOLCHAIN allows switching and
// the project's target Go (facts.TargetGo) is newer.
func toolverSelectedGo(f *facts.Facts) (toolverSel, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return toolverSel{}, err
	}
	local := ge.Get("GOVERSION")
	s := toolverSel{Version: goversion.LocalToolchain(local), Local: local}
	if s.Version == "" {
		return s, fmt.Errorf("unrecognized GOVERSION %q", local)
	}
	if st, err := f.Settings(); err == nil {
		if g := st.Get("GOTOOLCHAIN"); g != nil && g.Source != facts.FromDefault {
			s.Setting, s.From = g.Value, g.Definition
		}
	}
	target, err := f.TargetGo()
	if err == nil {
		s.Target = target
	}
	// The selection itself is module/toolchain's (the shared
	// gotoolchain.ProjectToolchain), so the tool checks and that check
	// always agree on which Go runs.
	pt, err := gotoolchain.ProjectToolchain.Get(f)
	if err != nil || pt.Sel.Fatal != "" || pt.Sel.Local {
		return s, nil // local go (or an invalid setting, which module/toolchain reports)
	}
	if v := goversion.LocalToolchain(pt.Sel.Chosen); v != "" {
		s.Version, s.Switch = v, goversion.Compare(v, goversion.Local(local)) != 0
	}
	return s, nil
}

func toolverOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// toolverInstallFix is the command that reinstalls a tool: `go install
// PKG@VERSION`, preceded by GOTOOLCHAIN=<minGo>+auto when the binary must be
// built with at least minGo (the go command then fetches that toolchain
// when the local one is older, or a newer one when the tool needs it). For
// a go.mod tool directive it is `go get -tool PKG@VERSION`.
func toolverInstallFix(f *facts.Facts, t facts.ToolBinary, defaultPkg, ver, minGo string) string {
	pkg := t.PackagePath()
	if pkg == "" || pkg == "command-line-arguments" {
		pkg = defaultPkg
	}
	if t.IsDirective() {
		return "go get -tool " + pkg + "@" + ver
	}
	cmd := "go install " + pkg + "@" + ver
	if minGo == "" {
		return cmd
	}
	if ge, err := f.GoEnv(); err == nil {
		if local := goversion.LocalToolchain(ge.Get("GOVERSION")); local != "" && goversion.Compare(local, minGo) > 0 {
			minGo = local
		}
	}
	if f.GOOS() == "windows" {
		return fmt.Sprintf(`cmd /c "set GOTOOLCHAIN=%s+auto&& %s"`, minGo, cmd)
	}
	return "GOTOOLCHAIN=" + minGo + "+auto " + cmd
}
