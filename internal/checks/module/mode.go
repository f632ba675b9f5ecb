package module

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/buildgraph"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
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
		How: "GOMOD empty means GOPATH mode. With GO111MODULE=off and a go.mod in the directory or a parent (which it ignores): an error when `go build ./...` then fails, quoting the go command's own first error (asked with `go list -e -deps ./...`), a warning when the code imports only what GOPATH mode finds (the standard library), so it builds. " +
			"A warning when GO111MODULE=off without a go.mod (legacy GOPATH mode); an error when GO111MODULE is not on, off, auto or empty (every go command refuses to run). " +
			"GOMOD equal to the null device (/dev/null, NUL) means module mode without a module: info, unless a go.work puts the directory in workspace mode. " +
			"GO111MODULE=auto inside a module is info (it works, but is obsolete). A go.mod in the first $GOPATH entry is an error; a go.mod in the temporary directory root is an error when the project directory is that root, else a warning; a module rooted at your home directory is a warning.",
		Fix: "Unset GO111MODULE (`go env -u GO111MODULE`, or remove it from your shell profile) so the default module mode applies; run `go mod init <module path>` to create a module; move stray go.mod files out of $GOPATH, $HOME and the temporary directory.",
		Errors: []string{
			"go: modules disabled by GO111MODULE=off; see 'go help modules'",
			`main.go:3:8: cannot find package "example.com/m/sub" in any of:`,
			"go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
			"go: cannot find main module, but found .git/config in <dir>",
			"go: warning: ignoring go.mod in $GOPATH <dir>",
			"go: warning: ignoring go.mod in system temp root <dir>",
		},
	},
	Requires: []facts.Requirement{buildgraph.Of},
	Run:      runMode,
}

func runMode(pass *check.Pass) error {
	f := pass.Facts
	// An invalid GO111MODULE stops every go command, whatever else `go env`
	// trips over first.
	if def, ok := f.ExplicitGoSetting("GO111MODULE"); ok && def.Value != "on" && def.Value != "off" && def.Value != "auto" {
		modeReportInvalid(pass, def)
		return nil
	}
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
				modeReportIgnoredGoMod(pass, found, g111Src, ev)
				return nil
			}
			// No go.mod: GOPATH mode is what the code may expect, unless
			// the go command cannot load it that way.
			if g, err := check.ResultOf(pass, buildgraph.Of); err == nil && len(g.Errs()) > 0 {
				pass.Report(check.Finding{
					Severity: check.Error,
					Summary:  fmt.Sprintf("GO111MODULE=off (%s): the go command builds in legacy GOPATH mode, and `go build ./...` fails.", g111Src),
					Detail: "In GOPATH mode imports are looked up in $GOROOT/src and $GOPATH/src only, and this code imports what neither holds:\n  " +
						strings.ReplaceAll(g.Errs()[0].Err, "\n", "\n  ") +
						"\nEither the code belongs under $GOPATH/src at its import path, or it is a module: unset GO111MODULE and create its go.mod.",
					Evidence: ev,
					Fix:      settingfix.Unset(f.GOOS(), settings.Get("GO111MODULE"), "Unset GO111MODULE so that the default module mode applies, then create the module (`go mod init`)."),
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
		// `go build ./...` words it differently from `go build` and `go mod`.
		patternMsg := "\nand `go build ./...` with\n  pattern ./...: directory prefix . does not contain main module or its selected dependencies"
		detail := "`go build`, `go test` and `go mod` commands fail here with\n  go: go.mod file not found in current directory or any parent directory; see 'go help modules'" + patternMsg
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
			detail = fmt.Sprintf("`go build`, `go test` and `go mod` commands fail here; inside a Git repository the go command says:\n  go: cannot find main module, but found .git/config in %s\n  \tto create a module there, run:\n  \t%sgo mod init", root, cd) + patternMsg
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

// modeReportInvalid reports a GO111MODULE value other than on, off, auto
// or empty: the go command refuses to run at all (modload.Init).
func modeReportInvalid(pass *check.Pass, def facts.Definition) {
	f := pass.Facts
	st := &facts.Setting{Name: "GO111MODULE", Value: def.Value, Definition: def}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GO111MODULE=%s (%s) is not a valid setting: every go command fails.", def.Value, st.Label()),
		Detail:   "GO111MODULE must be on, off, auto or empty (empty is module mode, the default). Any other value stops every go command, `go env` included:\n  go: unknown environment setting GO111MODULE=" + def.Value,
		Evidence: check.Evidence{check.F("GO111MODULE ("+st.Label()+")", def.Value)},
		Fix:      settingfix.Unset(f.GOOS(), st, "Unset GO111MODULE: module mode is the default."),
	})
}

// modeReportIgnoredGoMod reports GO111MODULE=off with a go.mod: the go
// command builds in GOPATH mode, where only the standard library and
// $GOPATH/src resolve imports. Whether that breaks the build is asked of
// the go command itself, whose first error is quoted.
func modeReportIgnoredGoMod(pass *check.Pass, found, g111Src string, ev check.Evidence) {
	f := pass.Facts
	settings, _ := f.Settings()
	fix := settingfix.Unset(f.GOOS(), settings.Get("GO111MODULE"), "Unset GO111MODULE so that the default module mode applies.")
	// `go mod` is not run here: its message is named, not quoted.
	ignored := "It also turns off toolchain selection (the go and toolchain lines no longer choose the Go version), and every `go mod`, `go get` and `go install pkg@version` command refuses to run, saying that modules are disabled by GO111MODULE=off."
	g, err := check.ResultOf(pass, buildgraph.Of)
	var broken []buildgraph.GraphPackage
	if err == nil {
		broken = g.Errs()
	}
	switch {
	case err == nil && len(broken) == 0:
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GO111MODULE=off (%s): the go command ignores %s and builds in legacy GOPATH mode.", g111Src, found),
			Detail: "`go build ./...` works here only because everything the code imports is in the standard library (or in $GOPATH/src): " +
				"an import of the module's own packages or of a dependency would not be found. " + ignored,
			Evidence: ev,
			Fix:      fix,
		})
	case err == nil:
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GO111MODULE=off (%s): the go command ignores %s, and `go build ./...` fails in legacy GOPATH mode.", g111Src, found),
			Detail: "With modules off, imports are looked up in $GOROOT/src and $GOPATH/src only, so the module's own packages and its dependencies are not found:\n  " +
				strings.ReplaceAll(broken[0].Err, "\n", "\n  ") + "\n" + ignored,
			Evidence: append(append(check.Evidence(nil), ev...), check.F("packages that cannot be loaded", fmt.Sprint(len(broken)))),
			Fix:      fix,
		})
	default:
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GO111MODULE=off (%s): the go command ignores %s and builds in legacy GOPATH mode.", g111Src, found),
			Detail: "With modules off, imports are looked up in $GOROOT/src and $GOPATH/src only, so imports of the module's own packages and of its dependencies are not found. " +
				"(godx could not ask the go command which imports fail: " + err.Error() + ")\n" + ignored,
			Evidence: ev,
			Fix:      fix,
		})
	}
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
