package golang

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goinstall"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Root checks that GOROOT, when set, names the installation the go
// command on PATH belongs to, and that its compiler has the same version.
var Root = &check.Check{
	ID:    "go/goroot",
	Title: "GOROOT",
	Doc: check.Doc{
		What: "Looks at where GOROOT comes from (the environment, the `go env -w` file, or the go command's own location), compares it with the installation the go command on PATH lives in (the directory above its bin/ once symlinks are resolved), " +
			"and compares the compiler's version (read from `$GOTOOLDIR/compile`'s build information, the string the compiler itself checks; `compile -V=full` is run only when that cannot be read or the file is not executable) with the go command's own version (`go env GOVERSION`).",
		Why: "The go command finds its own installation; it does not need GOROOT. A GOROOT left over from an older install makes the new go command use the old compiler and standard library, and every build fails with " +
			"`compile: version \"go1.22.5\" does not match go tool version \"go1.26.8\"` — while `go version` still prints the new version. A GOROOT that no longer exists breaks every go command, even `go version` (unless the go command first switches to another toolchain, which uses its own installation).",
		How: "Error when GOROOT is set but the directory does not exist, when it is not a Go installation, when its compiler cannot be run, or when its compiler's version differs from the go command's (the same test also catches a broken installation when GOROOT is not set). " +
			"Each of these is a warning instead when the go command switches to another toolchain in the project directory (GOTOOLCHAIN and the go or toolchain line): it does so before it looks at GOROOT, and the toolchain it runs uses its own installation, so only commands elsewhere fail. " +
			"Error when the go binary is a copy outside any Go installation and GOROOT is not set. Warning when GOROOT names another installation of the same version (it works until one of them is upgraded). " +
			"Info when GOROOT is set to the go command's own installation (harmless, but unnecessary). No finding when GOROOT is not set and the compiler matches.",
		Fix: "Stop setting GOROOT: remove the `export GOROOT=...` line from your shell startup file and run `unset GOROOT` (Windows: delete the GOROOT environment variable and open a new terminal), or run `go env -u GOROOT` when it was set with `go env -w`. " +
			"If `go env -u` itself fails because that GOROOT is missing, run it as `GOROOT=<the go command's installation> go env -u GOROOT`. " +
			"`godx fix` runs that command itself when only the go env -w file sets GOROOT.",
		Errors: []string{
			`compile: version "go1.22.5" does not match go tool version "go1.26.8"`,
			"go: cannot find GOROOT directory: /usr/local/go1.21",
			"go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set",
			"package fmt is not in std (/home/you/go/src/fmt)",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runGoRoot,
}

func runGoRoot(pass *check.Pass) error {
	f := pass.Facts
	g, err := f.GoCommand()
	if errors.Is(err, facts.ErrNoGo) {
		return check.Skip("no go command on PATH (reported by go/installed)")
	}
	if err != nil {
		return err
	}
	binRoot, binRootIsGo := goinstall.RootOfBinary(f, g.Resolved)

	ge, err := f.GoEnv()
	if err == nil && ge.Blocked != nil && ge.Blocked.Setting == "GOROOT" {
		gorootReportMissing(pass, g, ge.Blocked.Definition, binRoot, binRootIsGo)
		return nil
	}
	if err != nil {
		// `go env` fails before printing anything when GOROOT is missing;
		// read GOROOT the way cmd/go does to say so precisely.
		if def, ok := f.ExplicitGoSetting("GOROOT"); ok && !gorootIsDir(f, def.Value) {
			gorootReportMissing(pass, g, def, binRoot, binRootIsGo)
			return nil
		}
		var ee *facts.GoEnvError
		if errors.As(err, &ee) && strings.Contains(string(ee.Result.Stderr), "binary is trimmed and GOROOT is not set") {
			gorootReportTrimmed(pass, g, binRoot)
			return nil
		}
		return check.Skip("`go env` failed (reported by go/installed)")
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	st := s.Get("GOROOT")
	goroot := ge.Get("GOROOT")
	goVersion := ge.Get("GOVERSION")
	explicit := st != nil && (st.Source == facts.FromEnvironment || st.Source == facts.FromEnvFile)

	evidence := check.Evidence{check.F("go command", g.Path)}
	if g.Resolved != g.Path {
		evidence = append(evidence, check.F("go command (resolved)", g.Resolved))
	}
	evidence = append(evidence, check.F("go command version (go env GOVERSION)", goVersion))
	if explicit {
		evidence = append(evidence, check.F("GOROOT ("+st.Definition.Label()+")", goroot))
		for _, o := range st.Overridden {
			evidence = append(evidence, check.F("GOROOT, overridden ("+o.Label()+")", o.Value))
		}
	} else {
		evidence = append(evidence, check.F("GOROOT (not set; found by the go command)", goroot))
	}
	if binRootIsGo {
		evidence = append(evidence, check.F("go command's installation", binRoot))
	}
	if v, err := f.GorootVersion(goroot); err == nil {
		evidence = append(evidence, check.F("GOROOT VERSION file", v))
	}

	// A GOROOT that exists but is not a Go tree (often $HOME/go, which is
	// GOPATH): the go command starts, then cannot find the standard library.
	tooldir := ge.Get("GOTOOLDIR")
	compile := f.JoinPath(tooldir, f.ExeName("compile"))
	evidence = append(evidence, check.F("compiler", compile))
	switched := gorootSwitchedTo(pass)
	if switched != "" {
		evidence = append(evidence, check.F("toolchain that runs here", switched+" (it uses its own installation)"))
	}
	if !f.Exists(compile) {
		gorootReportNotGo(pass, st, explicit, goroot, goVersion, compile, binRoot, binRootIsGo, switched, evidence)
		return nil
	}
	compileVersion, how, compileErr := goinstall.CompilerVersion(pass.Context, f, compile)
	if compileErr != nil {
		evidence = append(evidence, check.F("compiler version ("+how+")", "unknown: "+compileErr.Error()))
	} else {
		evidence = append(evidence, check.F("compiler version ("+how+")", compileVersion))
	}
	sameInstall := binRootIsGo && f.SamePath(goroot, binRoot)
	mismatch := compileErr == nil && goversion.TrimExperiments(compileVersion) != goversion.TrimExperiments(goVersion)

	switch {
	case compileErr != nil && (explicit || !sameInstall):
		// Nothing is known of the compiler's version: say what was seen.
		ver := "GOROOT has no VERSION file"
		if v, err := f.GorootVersion(goroot); err == nil {
			ver = "GOROOT's VERSION file says " + v
		}
		// cmd/go runs `compile -V=full` first; when it cannot even start,
		// it stops with the exec error (work.Builder.toolID).
		fails := fmt.Sprintf("running it failed: %v", compileErr)
		var pe *fs.PathError
		if errors.As(compileErr, &pe) && pe.Op == "fork/exec" {
			fails = fmt.Sprintf("every build stops with `go: error obtaining buildID for go tool compile: %v`", compileErr)
		}
		pass.Report(gorootDowngrade(switched, check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The compiler of GOROOT %s cannot be run: every build fails.", goroot),
			Detail: fmt.Sprintf("The go command compiles with %s, and %s. %s; the go command %s is %s.",
				compile, fails, ver, g.Path, goVersion),
			Evidence: evidence,
			Fix:      gorootUnsetFix(f, st, binRoot),
		}))
	case mismatch:
		summary := fmt.Sprintf("The compiler in GOROOT %s is %s, but the go command %s is %s: every build fails.", goroot, compileVersion, g.Path, goVersion)
		detail := fmt.Sprintf("The go command uses the compiler and standard library of GOROOT, so every package fails with `compile: version %q does not match go tool version %q`, while `go version` still prints %s.",
			goversion.TrimExperiments(compileVersion), goversion.TrimExperiments(goVersion), goVersion)
		fix := gorootUnsetFix(f, st, binRoot)
		if explicit {
			summary = fmt.Sprintf("GOROOT is set (%s) to %s, whose compiler is %s, but the go command %s is %s: every build fails.", st.Definition.Label(), goroot, compileVersion, g.Path, goVersion)
			if !sameInstall && binRootIsGo {
				detail += fmt.Sprintf(" GOROOT names another installation than the one the go command belongs to (%s); it is usually left over from an earlier install.", binRoot)
			}
		} else {
			detail += " GOROOT is not set, so this installation itself is inconsistent: usually a new Go archive was unpacked over an older one instead of into an empty directory."
			fix = gorootReinstallFix(f, goroot, goVersion)
		}
		pass.Report(gorootDowngrade(switched, check.Finding{Severity: check.Error, Summary: summary, Detail: detail, Evidence: evidence, Fix: fix}))
	case explicit && binRootIsGo && !sameInstall:
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GOROOT is set (%s) to %s, another installation than the one the go command %s belongs to (%s).", st.Definition.Label(), goroot, g.Path, binRoot),
			Detail: fmt.Sprintf("Both are %s, so builds work today: the go command uses the compiler and standard library of %s. As soon as either one is upgraded, every build fails with `compile: version \"...\" does not match go tool version \"...\"`. The go command finds its own installation; GOROOT does not need to be set.",
				goVersion, goroot),
			Evidence: evidence,
			Fix:      gorootUnsetFix(f, st, binRoot),
		})
	case explicit && !binRootIsGo:
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("GOROOT is set (%s) to %s, and the go command %s needs it: it is not inside a Go installation.", st.Definition.Label(), goroot, g.Path),
			Detail:   "The compiler matches, so builds work. A go binary copied out of its installation cannot find the standard library by itself (`go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set`); a symlink to GOROOT/bin/go, or GOROOT/bin on PATH, would not need GOROOT.",
			Evidence: evidence,
			Fix: &check.Fix{
				Description: "Replace the copy with GOROOT's own go command, then stop setting GOROOT.",
				Commands:    gorootLinkCommands(f, g.Path, goroot),
			},
		})
	case explicit:
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("GOROOT is set (%s) to %s, the go command's own installation; setting it is unnecessary.", st.Definition.Label(), goroot),
			Detail:   "It does no harm today. But after you install another Go version elsewhere, or upgrade to a different directory, the stale GOROOT makes the new go command use the old compiler: `compile: version \"go1.22.5\" does not match go tool version \"go1.26.8\"`. The go command finds its installation by itself.",
			Evidence: evidence,
			Fix:      gorootUnsetFix(f, st, binRoot),
		})
	default:
		summary := fmt.Sprintf("GOROOT not set; the go command uses its own installation %s", goroot)
		if compileErr == nil {
			summary += " (compiler " + compileVersion + " matches)"
		}
		pass.Observe(summary, evidence...)
	}
	return nil
}

func gorootIsDir(f *facts.Facts, p string) bool {
	st, err := f.OS.Stat(p)
	return err == nil && st.IsDir()
}

func gorootReportMissing(pass *check.Pass, g *facts.GoCommand, def facts.Definition, binRoot string, binRootIsGo bool) {
	f := pass.Facts
	goroot := f.CleanPath(def.Value)
	evidence := check.Evidence{
		check.F("go command", g.Path),
		check.F("GOROOT ("+def.Label()+")", def.Value),
	}
	if binRootIsGo {
		evidence = append(evidence, check.F("go command's installation", binRoot))
	}
	st := &facts.Setting{Name: "GOROOT", Value: goroot, Definition: def}
	if to := gorootSwitchedTo(pass); to != "" {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GOROOT is set (%s) to %s, which does not exist: every go command that runs the local Go fails.", def.Label(), def.Value),
			Detail: fmt.Sprintf("In this module the go command switches to %s (see module/toolchain) before it looks at GOROOT, and that toolchain runs with its own installation, so commands here work. "+
				"Elsewhere (outside this module, or with GOTOOLCHAIN=local) the go command stops with `go: cannot find GOROOT directory: %s`. The directory was probably removed when Go was upgraded or moved.", to, goroot),
			Evidence: append(evidence, check.F("toolchain that runs here", to)),
			Fix:      gorootUnsetFix(f, st, binRoot),
		})
		return
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GOROOT is set (%s) to %s, which does not exist: every go command fails.", def.Label(), def.Value),
		Detail:   fmt.Sprintf("Right after choosing the toolchain to run, the go command stops before running any command, even `go version` or `go env`: `go: cannot find GOROOT directory: %s`. The directory was probably removed when Go was upgraded or moved.", goroot),
		Evidence: evidence,
		Fix:      gorootUnsetFix(f, st, binRoot),
	})
}

// gorootSwitchedTo is the toolchain the go command hands every command to
// in the project directory ("" when the local one runs). The go command
// switches before it looks at GOROOT, and runs that toolchain with its own
// installation, so a bad GOROOT does not matter there.
func gorootSwitchedTo(pass *check.Pass) string {
	if pt, err := check.ResultOf(pass, gotoolchain.ProjectToolchain); err == nil && pt.Switches() {
		return pt.Sel.Chosen
	}
	return ""
}

// gorootDowngrade turns an error about the local installation into a
// warning when the go command runs another toolchain here.
func gorootDowngrade(switched string, fd check.Finding) check.Finding {
	if switched == "" || fd.Severity != check.Error {
		return fd
	}
	fd.Severity = check.Warning
	fd.Summary = strings.Replace(fd.Summary, ": every build fails.", ": every build that runs the local Go fails.", 1)
	fd.Detail += fmt.Sprintf(" In this module, though, the go command switches to %s (see module/toolchain) before it looks at GOROOT, and that toolchain uses its own installation: commands here work, and those that run the local Go elsewhere fail.", switched)
	return fd
}

func gorootReportTrimmed(pass *check.Pass, g *facts.GoCommand, binRoot string) {
	f := pass.Facts
	// Another go on PATH that lives in a real installation is the best guess.
	var cmds []string
	for _, p := range f.LookPathAll("go") {
		r, err := f.OS.EvalSymlinks(p)
		if err != nil {
			r = p
		}
		if root, ok := goinstall.RootOfBinary(f, r); ok {
			cmds = gorootLinkCommands(f, g.Path, root)
			break
		}
	}
	desc := "The go binary must stay inside its Go installation (GOROOT/bin). Delete the copy and put the installation's bin directory on PATH, or replace the copy with a symlink to it."
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("The go command %s is a copy outside any Go installation and GOROOT is not set: every go command fails.", g.Path),
		Detail:   "A release go binary does not remember where it was installed; it finds the standard library and compiler from its own location (../ of its bin directory). Copied elsewhere, it stops with `go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set`.",
		Evidence: check.Evidence{check.F("go command", g.Path), check.F("go command (resolved)", g.Resolved), check.F("directory above its bin", binRoot)},
		Fix:      &check.Fix{Description: desc, Commands: cmds},
	})
}

func gorootReportNotGo(pass *check.Pass, st *facts.Setting, explicit bool, goroot, goVersion, compile, binRoot string, binRootIsGo bool, switched string, evidence check.Evidence) {
	f := pass.Facts
	summary := fmt.Sprintf("GOROOT %s is not a complete Go installation: it has no compiler (%s).", goroot, compile)
	fix := gorootReinstallFix(f, goroot, goVersion)
	if explicit {
		summary = fmt.Sprintf("GOROOT is set (%s) to %s, which is not a Go installation: it has no compiler (%s).", st.Definition.Label(), goroot, compile)
		fix = gorootUnsetFix(f, st, binRoot)
	}
	// The go command's error names the importing file and position
	// (main.go:3:8: package fmt is not in std (…)), which depend on the
	// code: it is described, not quoted.
	detail := fmt.Sprintf("The go command starts, but cannot build anything: it looks for the standard library in %s, where it finds nothing, so every import of a standard package (fmt, os, …) is reported as not in std, and `go vet` finds no vet tool.",
		f.JoinPath(goroot, "src"))
	if explicit && binRootIsGo && !f.SamePath(goroot, binRoot) {
		detail += fmt.Sprintf(" The go command's own installation is %s. (A GOROOT of $HOME/go usually means GOPATH was meant.)", binRoot)
	}
	pass.Report(gorootDowngrade(switched, check.Finding{Severity: check.Error, Summary: summary, Detail: detail, Evidence: evidence, Fix: fix}))
}

// gorootUnsetFix tells how to stop setting GOROOT where it is set (every
// place, effective first).
func gorootUnsetFix(f *facts.Facts, st *facts.Setting, binRoot string) *check.Fix {
	defs := append([]facts.Definition{st.Definition}, st.Overridden...)
	goos := f.GOOS()
	windows := goos == "windows"
	var cmds, where []string
	envVar := false
	for _, d := range defs {
		switch d.Source {
		case facts.FromEnvironment:
			envVar = true
			where = append(where, "the GOROOT environment variable")
			cmds = append(cmds, settingfix.UnsetCommands(goos, "GOROOT", d)...)
		case facts.FromEnvFile:
			where = append(where, d.Where())
			if envVar {
				cmds = append(cmds, settingfix.GoEnvUnset(goos, "GOROOT"))
			} else {
				// The go command refuses to start while the file's GOROOT
				// is missing; a correct GOROOT for this one run gets it going.
				cmds = append(cmds, settingfix.WithEnv(goos, "GOROOT", binRoot, settingfix.GoEnvUnset(goos, "GOROOT")))
			}
		}
	}
	desc := "Stop setting GOROOT (" + strings.Join(where, " and ") + "); the go command finds its own installation."
	if envVar {
		if windows {
			desc += " Also delete GOROOT from the system environment variables if it is set there (Settings > System > About > Advanced system settings > Environment Variables), then open a new terminal and restart your IDE."
		} else {
			desc += " Also remove the line that sets it (`export GOROOT=...`) from your shell startup files (~/.profile, ~/.bashrc, ~/.zshrc) and any IDE settings."
		}
	}
	cmds = append(cmds, "go version")
	fix := &check.Fix{Description: desc, Commands: cmds}
	// Only the go env -w file sets it: `godx fix` removes the line from
	// the file itself (the go command may not start to do it).
	if !envVar && st.Source == facts.FromEnvFile {
		fix.Auto = settingfix.EnvFileUnset(st.Definition, "GOROOT")
	}
	return fix
}

func gorootReinstallFix(f *facts.Facts, goroot, goVersion string) *check.Fix {
	v := goversion.TrimExperiments(goVersion)
	if f.GOOS() == "windows" {
		return &check.Fix{
			Description: "Reinstall Go with the official MSI installer from https://go.dev/dl/ (it removes the old files first).",
		}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Reinstall Go into an empty directory: remove %s entirely, then unpack the release archive from https://go.dev/dl/ again (never unpack a release over an existing installation).", goroot),
		Commands: []string{
			shellquote.Join(shellquote.POSIXShell, "rm", "-rf", goroot),
			shellquote.Join(shellquote.POSIXShell, "tar", "-C", f.ParentDir(goroot), "-xzf", v+"."+f.GOOS()+"-"+f.GOARCH()+".tar.gz"),
		},
	}
}

func gorootLinkCommands(f *facts.Facts, copyPath, goroot string) []string {
	target := f.JoinPath(goroot, "bin", f.ExeName("go"))
	if f.GOOS() == "windows" {
		return []string{shellquote.Join(shellquote.PowerShell, "Remove-Item", copyPath), "$env:Path = " + shellquote.PS(f.JoinPath(goroot, "bin")+";") + " + $env:Path"}
	}
	return []string{shellquote.Join(shellquote.POSIXShell, "ln", "-sf", target, copyPath), "hash -r", "go version"}
}
