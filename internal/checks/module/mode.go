package module

import (
	"fmt"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Mode tells module mode from GOPATH mode, and finds go.mod files the
// go command ignores.
var Mode = &check.Check{
	ID:    "module/mode",
	Title: "Module mode",
	Doc: check.Doc{
		What: "Reads `go env GOMOD` and GO111MODULE (and where GO111MODULE is set), and searches upward from the project directory for a go.mod the way the go command does. " +
			"It also looks for a go.mod directly in the first $GOPATH entry, in your home directory and in the system temporary directory.",
		Why: "With GO111MODULE=off the go command ignores go.mod: imports of your own packages are looked up in $GOPATH/src and fail, `go mod` commands refuse to run, and go.mod no longer selects the Go toolchain. " +
			"Outside any module, `go build`, `go test` and `go mod tidy` fail. A go.mod in $GOPATH makes every module-aware command print a warning and breaks `go mod tidy` in every module; a go.mod in the temporary directory is ignored.",
		How: "GOMOD empty means GOPATH mode: an error when a go.mod exists in the directory or a parent (GO111MODULE=off ignores it), a warning when GO111MODULE=off without a go.mod (legacy GOPATH mode). " +
			"GOMOD equal to the null device (/dev/null, NUL) means module mode without a module: info, unless a go.work puts the directory in workspace mode. " +
			"GO111MODULE=auto inside a module is info (it works, but is obsolete). A go.mod in the first $GOPATH entry is an error; a go.mod in the temporary directory root is an error when the project directory is that root, else a warning; a module rooted at your home directory is a warning.",
		Fix: "Unset GO111MODULE (`go env -u GO111MODULE`, or remove it from your shell profile) so the default module mode applies; run `go mod init <module path>` to create a module; move stray go.mod files out of $GOPATH, $HOME and the temporary directory.",
		Errors: []string{
			"go: modules disabled by GO111MODULE=off; see 'go help modules'",
			`main.go:2:8: cannot find package "example.com/m/sub" in any of:`,
			"go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
			"go: cannot find main module, but found .git/config in <dir>",
			"go: warning: ignoring go.mod in $GOPATH <dir>",
			"go: warning: ignoring go.mod in system temp root <dir>",
		},
	},
	Run: runMode,
}

func runMode(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("`go env` did not work (see go/installed)")
	}
	settings, err := f.Settings()
	if err != nil {
		return check.Skip("`go env` did not work (see go/installed)")
	}
	g111 := ge.Get("GO111MODULE")
	g111Src := settings.Get("GO111MODULE").Label()
	gomod := ge.Get("GOMOD")
	gowork := ge.Get("GOWORK")
	found := findUp(f, f.Dir, "go.mod")
	tmp := f.TempDir()
	home := f.UserHomeDir()

	ev := check.Evidence{
		check.F("project directory", f.Dir),
		check.F("GO111MODULE", showEmpty(g111)+" ("+g111Src+")"),
		check.F("GOMOD", showEmpty(gomod)),
	}
	if found != "" {
		ev = append(ev, check.F("go.mod found by searching up", found))
	}

	// A go.mod in $GOPATH disturbs every module-mode command, wherever it runs.
	gopathMod := ""
	if gomod != "" {
		if gp := f.SplitList(ge.Get("GOPATH")); len(gp) > 0 && gp[0] != "" {
			stray := f.JoinPath(gp[0], "go.mod")
			if isFile(f, stray) {
				modeReportGopathMod(pass, gp[0], stray, ev)
				gopathMod = stray
			}
		}
	}

	switch {
	case gomod == "":
		// GOPATH mode: GO111MODULE=off, or auto without a usable go.mod.
		if g111 == "off" {
			if found != "" {
				gopath := "$GOPATH"
				if gp := f.SplitList(ge.Get("GOPATH")); len(gp) > 0 && gp[0] != "" {
					gopath = gp[0]
				}
				pass.Report(check.Finding{
					Severity: check.Error,
					Summary:  fmt.Sprintf("GO111MODULE=off (%s): the go command ignores %s and builds in legacy GOPATH mode.", g111Src, found),
					Detail: "With modules off, imports of your own packages and of dependencies are looked up in $GOROOT/src and $GOPATH/src, so builds fail with\n" +
						"  main.go:2:8: cannot find package \"example.com/m/sub\" in any of:\n" +
						"  \t" + f.JoinPath(ge.Get("GOROOT"), "src", "example.com", "m", "sub") + " (from $GOROOT)\n" +
						"  \t" + f.JoinPath(gopath, "src", "example.com", "m", "sub") + " (from $GOPATH)\n" +
						"and every `go mod`, `go get` and `go install pkg@version` command stops with\n" +
						"  go: modules disabled by GO111MODULE=off; see 'go help modules'\n" +
						"It also turns off toolchain selection: the go and toolchain lines of go.mod no longer choose the Go version.",
					Evidence: ev,
					Fix:      settingfix.Unset(f.GOOS(), settings.Get("GO111MODULE"), "Unset GO111MODULE so that the default module mode applies."),
				})
				return nil
			}
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("GO111MODULE=off (%s): the go command runs in legacy GOPATH mode everywhere.", g111Src),
				Detail: "GOPATH mode is obsolete since Go 1.16. In it, `go get`, `go install pkg@version`, `go mod init` and every other module command fail with\n" +
					"  go: modules disabled by GO111MODULE=off; see 'go help modules'\n" +
					"and any module you clone or create will have its go.mod ignored.",
				Evidence: ev,
				Fix:      settingfix.Unset(f.GOOS(), settings.Get("GO111MODULE"), "Unset GO111MODULE so that the default module mode applies."),
			})
			return nil
		}
		if found != "" && tmp != "" && f.SamePath(f.ParentDir(found), tmp) {
			modeReportTempRoot(pass, found, tmp, ev)
			return nil
		}
		if g111 == "auto" && found == "" {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("%s is not inside a Go module, and GO111MODULE=auto (%s) puts the go command in legacy GOPATH mode here.", f.Dir, g111Src),
				Detail: "With GO111MODULE=auto and no go.mod, imports are looked up in $GOPATH/src, and module commands fail with\n" +
					"  go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
				Evidence: ev,
				Fix: &check.Fix{
					Description: "Create a module in the project directory (and unset GO111MODULE: the default has been module mode since Go 1.16).",
					Commands:    []string{"go mod init example.com/yourmodule"},
				},
			})
			return nil
		}
		pass.Observe(fmt.Sprintf("GOPATH mode (GO111MODULE=%s)", showEmpty(g111)), ev...)
		return nil

	case gomod == f.DevNull():
		// Module mode, but no main module.
		if gowork != "" && gowork != "off" {
			pass.Observe("workspace mode ("+gowork+"); the project directory is in no module", append(ev, check.F("GOWORK", gowork))...)
			return nil
		}
		if found != "" && tmp != "" && f.SamePath(f.ParentDir(found), tmp) {
			modeReportTempRoot(pass, found, tmp, ev)
			return nil
		}
		if found != "" {
			// The go command saw no usable go.mod although one exists
			// (e.g. ignored for another reason); report what we saw.
			pass.Observe("module mode, but the go command uses no go.mod", ev...)
			return nil
		}
		detail := "Package builds and module commands fail here:\n  go: go.mod file not found in current directory or any parent directory; see 'go help modules'"
		fix := &check.Fix{
			Description: "If this directory is a project, create its go.mod (pick your repository path as the module path).",
			Commands:    []string{"go mod init example.com/yourmodule"},
		}
		if gitDir := findUp(f, f.Dir, f.JoinPath(".git", "config")); gitDir != "" && !f.PathWithin(f.Dir, ge.Get("GOROOT")) {
			root := f.ParentDir(f.ParentDir(gitDir))
			cd, cdCmd := "", ""
			if rel, err := f.RelPath(f.Dir, root); err == nil && rel != "." {
				cd = "cd " + rel + " && "
				cdCmd = shellquote.Join(shellquote.ForGOOS(f.GOOS()), "cd", rel) + " && "
			}
			detail = fmt.Sprintf("Package builds and module commands fail here; inside a Git repository the go command says:\n  go: cannot find main module, but found .git/config in %s\n  \tto create a module there, run:\n  \t%sgo mod init", root, cd)
			ev = append(ev, check.F("Git repository", root))
			fix = &check.Fix{
				Description: "Create the module at the root of the repository (pick your repository path as the module path).",
				Commands:    []string{cdCmd + "go mod init example.com/yourmodule"},
			}
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is not inside a Go module: no go.mod here or in any parent directory.", f.Dir),
			Detail:   detail + "\n(`go run file.go` and `go install pkg@version` still work.)",
			Evidence: ev,
			Fix:      fix,
		})
		return nil
	}

	// Module mode with a main module.
	if g111 == "auto" {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("GO111MODULE=auto (%s) is obsolete; it works here only because %s exists.", g111Src, gomod),
			Detail:   "Since Go 1.16 module mode is the default. With auto, the go command silently switches to legacy GOPATH mode in any directory without a go.mod, instead of reporting that no module was found.",
			Evidence: ev,
			Fix:      settingfix.Unset(f.GOOS(), settings.Get("GO111MODULE"), "Unset GO111MODULE: the default (module mode) behaves the same inside modules, and outside them reports the missing go.mod instead of silently switching to GOPATH mode."),
		})
	}
	if home != "" && f.SamePath(f.ParentDir(gomod), home) && !f.SamePath(gomod, gopathMod) {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The main module is rooted at your home directory (%s).", gomod),
			Detail: "Every directory under your home that has no go.mod of its own silently belongs to this module: a project without go.mod builds against the home module's requirements, and `go list ./...`, `go mod tidy` and gopls in the home directory walk your whole home folder. " +
				"Usually this go.mod was created by running `go mod init` in the wrong directory.",
			Evidence: ev,
			Fix: &check.Fix{
				Description: "Move the stray go.mod (and go.sum) out of your home directory, then run `go mod init` in the project directory.",
				Commands:    []string{moveAsideCmd(f, gomod)},
			},
		})
	}
	pass.Observe("module mode, main module "+gomod, ev...)
	return nil
}

func modeReportGopathMod(pass *check.Pass, gopath, stray string, ev check.Evidence) {
	f := pass.Facts
	ev = append(append(check.Evidence(nil), ev...), check.F("GOPATH (first entry)", gopath), check.F("stray go.mod", stray))
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("A go.mod sits directly in $GOPATH (%s).", stray),
		Detail: "The go command refuses a module rooted at $GOPATH. Every module-aware command, in any directory, prints\n" +
			"  go: warning: ignoring go.mod in $GOPATH " + gopath + "\n" +
			"and `go mod tidy`, `go mod vendor`, `go mod graph`, `go mod verify` and `go mod why` then fail in every module with\n" +
			"  go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
		Evidence: ev,
		Fix: &check.Fix{
			Description: "Remove (or move away) the go.mod in $GOPATH; it was usually created by `go mod init` in the wrong directory.",
			Commands:    []string{moveAsideCmd(f, stray)},
		},
	})
}

func modeReportTempRoot(pass *check.Pass, found, tmp string, ev check.Evidence) {
	f := pass.Facts
	sev := check.Warning
	if f.SamePath(f.Dir, tmp) {
		sev = check.Error
	}
	ev = append(append(check.Evidence(nil), ev...), check.F("temporary directory", tmp))
	pass.Report(check.Finding{
		Severity: sev,
		Summary:  fmt.Sprintf("%s is in the system temporary directory, which the go command never uses as a module root.", found),
		Detail: "So that scratch directories under the temporary directory are not captured by a stray module, the go command ignores a go.mod there. Commands print\n" +
			"  go: warning: ignoring go.mod in system temp root " + tmp + "\n" +
			"and then run as if there were no module:\n" +
			"  go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
		Evidence: ev,
		Fix: &check.Fix{
			Description: "Put the project in its own subdirectory of the temporary directory (or anywhere else) and create the module there; remove the stray go.mod.",
			Commands:    []string{moveAsideCmd(f, found)},
		},
	})
}
