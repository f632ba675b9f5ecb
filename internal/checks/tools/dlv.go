package tools

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
	"github.com/godx-dev/godx/internal/toolversion"
)

// Dlv checks that Delve supports the Go version the project's
// programs are built with, and that it was built for this machine.
var Dlv = &check.Check{
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
			"For a go.mod tool directive, `go get -tool github.com/go-delve/delve/cmd/dlv@latest`. For a dlv of the wrong architecture, install a native Go first (`go env GOHOSTARCH` must match the machine), then reinstall dlv." +
			" `godx fix` runs the reinstall itself, into the directory the old dlv was in (never a directory found only on PATH).",
		Errors: []string{
			"Version of Delve is too old for Go version go1.27.0 (maximum supported version 1.26, suppress this error with --check-go-version=false)",
			"Go version go1.22.5 is too old for this version of Delve (minimum supported version 1.25, suppress this error with --check-go-version=false)",
			"Version of Delve is too old for this version of Go (maximum supported version 1.17, suppress this error with --check-go-version=false)",
			"To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later",
			"can not run under Rosetta, check that the installed build of Go is right for your CPU architecture",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runDlv,
}

func runDlv(pass *check.Pass) error {
	f := pass.Facts
	relevant, shadowed := toolversion.Candidates(f, "dlv")
	if len(relevant) == 0 {
		pass.Observe("dlv is not installed (not on PATH, in GOBIN or GOPATH/bin, in VS Code settings or a go.mod tool directive)", toolversion.ShadowEvidence(shadowed)...)
		return nil
	}
	sel, err := projectGo(pass)
	if err != nil {
		return check.Skip("the go command is not usable, so the Go version of the programs Delve debugs is unknown (go/installed reports it)")
	}
	var observed []string
	var evidence check.Evidence
	for _, t := range relevant {
		// Clipped: the helpers append to their own copies.
		ev := slices.Clip(append(toolversion.Evidence(t), sel.Evidence()...))
		if fd, ok := unreadableFinding(t, "dlv"); ok {
			// A wrapper or shim: ask it which Delve it runs.
			dv, runErr := dlvRunVersion(pass, t)
			if runErr != nil {
				fd.Detail += " Running `" + t.Path + " version` did not tell either: " + runErr.Error()
				pass.Report(fd)
				continue
			}
			ev = slices.Clip(append(ev, check.F("Delve version (dlv version)", dv)))
			if !dlvCheckRange(pass, t, dv, sel, ev) {
				observed = append(observed, "dlv "+dv+" ("+t.Path+")")
				evidence = append(evidence, ev...)
			}
			continue
		} else if t.Err != nil {
			pass.Report(fd)
			continue
		}
		ok := true
		if dlvCheckPlatform(pass, t, ev) {
			ok = false
		}
		v := t.ModuleVersion()
		if t.IsDirective() && v == "" {
			// No requirement provides the tool: `go tool dlv` fails, which
			// tools/go-tool-directives reports.
			continue
		}
		if mp := t.ModulePath(); !t.IsDirective() && mp != "" && toolversion.DelveVersionIn(t) == "" {
			// Another Go program called dlv (a wrapper): its version says
			// nothing about Delve's, and the fix installs Delve, not it.
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("%s is not Delve (its main module is %s %s): godx cannot tell which Delve it runs, if any.", toolversion.Name(t), mp, toolversion.ShowVersion(v)),
				Detail:   fmt.Sprintf("Delve supports a fixed window of Go versions per release and refuses programs built with a Go outside it (`Version of Delve is too old for Go version %s ...`); this program's build information names neither Delve's module nor a dependency on it.", sel.Version),
				Evidence: ev,
				Fix: &check.Fix{
					Description: "If it is a wrapper, check the dlv it starts with `go version -m /path/to/dlv`; otherwise install Delve:",
					Commands:    []string{toolversion.Reinstall(f, facts.ToolBinary{Found: t.Found}, toolversion.DelvePackage, "latest", sel.Version)},
				},
			})
			continue
		} else if dv := toolversion.DelveVersionIn(t); !t.IsDirective() && dv != "" {
			v = dv
		}
		if v == "" || v == "(devel)" || modversion.Release(v) == "" {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("%s is a development build of Delve (version %q): godx cannot tell which Go versions it supports.", toolversion.Name(t), toolversion.ShowVersion(v)),
				Detail:   fmt.Sprintf("Delve supports a fixed window of Go versions per release and refuses programs built with a Go outside it (`Version of Delve is too old for Go version %s ...`). A build from a source checkout records no release, so godx cannot compare it with %s.", sel.Version, sel.Version),
				Evidence: ev,
				Fix: &check.Fix{
					Description: "Install a tagged release instead, built with a Go at least as new as the one that builds your programs.",
					Commands:    []string{toolversion.Reinstall(f, t, toolversion.DelvePackage, "latest", sel.Version)},
				},
			})
			continue
		}
		if dlvCheckRange(pass, t, v, sel, ev) {
			ok = false
		} else if dlvCheckDWARF(pass, t, v, sel, ev) {
			ok = false
		}
		if ok {
			observed = append(observed, "dlv "+v+" ("+toolversion.Where(t)+")")
			evidence = append(evidence, ev...)
		}
	}
	if len(observed) > 0 {
		pass.Observe(strings.Join(observed, "; ")+" supports "+sel.Version, append(evidence, toolversion.ShadowEvidence(shadowed)...)...)
	}
	return nil
}

// dlvRunVersion asks a dlv that is not a readable Go executable for
// its release.
func dlvRunVersion(pass *check.Pass, t facts.ToolBinary) (string, error) {
	out, err := toolversion.Run(pass.Context, pass.Facts, t.Path, "version")
	if err != nil {
		return "", err
	}
	return toolversion.ParseDelveVersion(out)
}

// dlvCheckRange reports a build Go outside the window of Delve
// version v; it returns whether it reported.
func dlvCheckRange(pass *check.Pass, t facts.ToolBinary, v string, sel toolversion.Selection, ev check.Evidence) bool {
	f := pass.Facts
	minor := goversion.Minor(sel.Version)
	if minor < 0 {
		return false
	}
	row, exact, known := toolversion.DelveLookup(v)
	if !known {
		if modversion.Compare(modversion.Release(v), toolversion.DelveOldest()) < 0 {
			// Older than the table: those releases support Go 1.13 at most.
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%s is Delve %s, older than any release that supports Go 1.14; your programs are built with %s.", toolversion.Name(t), v, sel.Version),
				Detail:   "Delve refuses to debug them: `Version of Delve is too old for this version of Go (maximum supported version 1.13, suppress this error with --check-go-version=false)`.",
				Evidence: ev,
				Fix:      dlvUpgradeFix(f, t, sel),
			})
			return true
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is Delve %s, newer than godx's table of Delve releases (up to %s): godx cannot tell whether it supports %s.", toolversion.Name(t), v, toolversion.DelveNewest(), sel.Version),
			Detail:   "Newer Delve releases usually support the newest Go versions; if debugging fails with `Go version ... is too old for this version of Delve`, install the Delve release that supports your Go.",
			Evidence: ev,
		})
		return true
	}
	ev = append(ev, check.F("Delve "+v+" supports", fmt.Sprintf("Go 1.%d to 1.%d%s", row.Min, row.Max, dlvAssumed(row, exact))))
	if minor >= row.Min && minor <= row.Max {
		return false
	}
	sev := check.Error
	if !exact && minor > row.Max {
		sev = check.Warning // a newer patch release may have raised the maximum
	}
	newText := modversion.Compare(modversion.Release(v), "v1.7.3") >= 0
	goShown := dlvShowGo(sel.Version)
	if minor > row.Max {
		msg := fmt.Sprintf("Version of Delve is too old for Go version %s (maximum supported version 1.%d, suppress this error with --check-go-version=false)", goShown, row.Max)
		if !newText {
			msg = fmt.Sprintf("Version of Delve is too old for this version of Go (maximum supported version 1.%d, suppress this error with --check-go-version=false)", row.Max)
		}
		detail := fmt.Sprintf("%s. `dlv debug`, `dlv test` and the VS Code debugger stop with\n\t%s\n"+
			"--check-go-version=false only turns that into `WARNING: undefined behavior`: variables, goroutines and breakpoints may then be wrong.", dlvWhy(sel), msg)
		if !exact {
			detail += fmt.Sprintf(" (godx knows Delve up to %s; %s is assumed to support what %s does.)", row.To, v, row.To)
		}
		pass.Report(check.Finding{
			Severity: sev,
			Summary:  fmt.Sprintf("%s is Delve %s, which supports Go 1.%d to 1.%d, but your programs are built with %s.", toolversion.Name(t), v, row.Min, row.Max, sel.Version),
			Detail:   detail,
			Evidence: ev,
			Fix:      dlvUpgradeFix(f, t, sel),
		})
		return true
	}
	msg := fmt.Sprintf("Go version %s is too old for this version of Delve (minimum supported version 1.%d, suppress this error with --check-go-version=false)", goShown, row.Min)
	if !newText {
		msg = fmt.Sprintf("Version of Go is too old for this version of Delve (minimum supported version 1.%d, suppress this error with --check-go-version=false)", row.Min)
	}
	fix := &check.Fix{Description: fmt.Sprintf("Move the project to Go 1.%d or later, or install an older Delve.", row.Min)}
	if best := toolversion.DelveBest(minor); best != "" {
		fix.Description = fmt.Sprintf("Install Delve %s, the newest release that supports Go 1.%d (or move the project to Go 1.%d or later).", best, minor, row.Min)
		fix = reinstallFix(f, t, fix.Description, toolversion.DelvePackage, best, "")
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s is Delve %s, which supports Go 1.%d to 1.%d, but your programs are built with %s.", toolversion.Name(t), v, row.Min, row.Max, sel.Version),
		Detail: fmt.Sprintf("%s. `dlv debug`, `dlv test` and the VS Code debugger stop with\n\t%s", dlvWhy(sel), msg) +
			"\nNewer Delve releases drop support for old Go versions; the newest dlv is not always the right one.",
		Evidence: ev,
		Fix:      fix,
	})
	return true
}

func dlvAssumed(row toolversion.DelveRange, exact bool) string {
	if exact {
		return ""
	}
	return " (assumed from " + row.To + ")"
}

// dlvShowGo prints a Go version the way Delve's GoVersion.String
// does: go1.27.0, but go1.20 for the first release before Go 1.21.
func dlvShowGo(v string) string {
	if strings.HasSuffix(v, ".0") && goversion.Minor(v) < 21 && strings.Count(v, ".") == 2 {
		return strings.TrimSuffix(v, ".0")
	}
	return v
}

func dlvUpgradeFix(f *facts.Facts, t facts.ToolBinary, sel toolversion.Selection) *check.Fix {
	return reinstallFix(f, t,
		fmt.Sprintf("Install the latest Delve, built with at least %s (GOTOOLCHAIN=...+auto lets the go command fetch that toolchain if it is not the local one).", sel.Version),
		toolversion.DelvePackage, "latest", sel.Version)
}

// dlvCheckDWARF reports a Delve that supports the build Go but was
// itself built with a Go too old to read its DWARF 5 debug information.
func dlvCheckDWARF(pass *check.Pass, t facts.ToolBinary, v string, sel toolversion.Selection, ev check.Evidence) bool {
	built := goversion.LocalToolchain(t.BuiltWith())
	if built == "" || goversion.Minor(sel.Version) < 25 || goversion.Minor(built) >= 25 || modversion.Compare(modversion.Release(v), "v1.25.1") < 0 {
		return false
	}
	const msg = "To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later"
	need := sel.Version
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s (Delve %s) was built with %s, but your programs are built with %s, whose DWARF 5 debug information Delve can only read when built with Go 1.25 or later.", toolversion.Name(t), v, t.BuiltWith(), sel.Version),
		Detail:   fmt.Sprintf("%s. Since Go 1.25 the compiler writes DWARF 5, and Delve stops with\n\t%s", dlvWhy(sel), msg),
		Evidence: ev,
		Fix:      reinstallFix(pass.Facts, t, "Rebuild the same Delve release with a newer Go.", toolversion.DelvePackage, v, need),
	})
	return true
}

// dlvCheckPlatform reports a dlv built for another OS or CPU
// architecture than the machine's.
func dlvCheckPlatform(pass *check.Pass, t facts.ToolBinary, ev check.Evidence) bool {
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
	fix := reinstallFix(f, t, fmt.Sprintf("Reinstall dlv for %s/%s.", hostOS, hostArch),
		toolversion.DelvePackage, cmp.Or(modversion.Release(t.ModuleVersion()), "latest"), "")
	if hostGo != "" && hostGo != hostArch {
		fix.Auto = nil // go install would build for the wrong platform again
		fix.Description = fmt.Sprintf("Your go command is itself built for %s (go env GOHOSTARCH), so `go install` builds %s binaries too: install Go for %s/%s first, then reinstall dlv.", hostGo, hostGo, hostOS, hostArch)
		ev = append(ev, check.F("go env GOHOSTARCH", hostGo))
	}
	if goos != hostOS {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is built for %s/%s, but this machine is %s/%s.", toolversion.Name(t), goos, goarch, hostOS, hostArch),
			Detail:   fmt.Sprintf("A dlv for %s cannot debug %s programs (on WSL, a Windows dlv.exe reached through the Windows PATH debugs Windows processes, not Linux ones).", goos, hostOS),
			Evidence: ev,
			Fix:      fix,
		})
		return true
	}
	if hostOS == "darwin" {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is built for %s, but this Mac is %s: it runs under Rosetta and cannot debug.", toolversion.Name(t), goarch, hostArch),
			Detail:   "Delve refuses to run translated: `can not run under Rosetta, check that the installed build of Go is right for your CPU architecture` (VS Code shows `Failed to launch: could not launch process: can not run under Rosetta, ...`).",
			Evidence: ev,
			Fix:      fix,
		})
		return true
	}
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("%s is built for %s/%s, but this machine is %s/%s.", toolversion.Name(t), goos, goarch, hostOS, hostArch),
		Detail:   fmt.Sprintf("It only runs under emulation, if at all, and a debugger under emulation cannot control native %s programs: debug sessions fail to start or attach.", hostArch),
		Evidence: ev,
		Fix:      fix,
	})
	return true
}

// dlvWhy says which Go builds the programs dlv debugs, and why.
func dlvWhy(s toolversion.Selection) string {
	if s.Switch {
		return fmt.Sprintf("Your programs are built with %s: the go command on PATH is %s, but GOTOOLCHAIN=%s (from %s) lets it switch to the %s that the %s of %s asks for", s.Version, s.Local, s.Setting, s.From.Where(), s.Version, strings.TrimPrefix(strings.TrimPrefix(s.Target.From, "go.mod "), "go.work "), s.Target.File)
	}
	return fmt.Sprintf("Your programs are built with %s, the go command on PATH", s.Version)
}
