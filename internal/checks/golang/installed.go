package golang

import (
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Installed finds the go command a shell would run.
var Installed = &check.Check{
	ID:    "go/installed",
	Title: "Go command",
	Doc: check.Doc{
		What: "Looks up `go` (`go.exe` on Windows) on PATH the way your shell does, resolves symlinks, and runs `go env -json` once in the project directory (with GOTOOLCHAIN=local, so looking never downloads anything).",
		Why:  "Every other check, and every Go build, starts with the go command. A go command that is missing, or that cannot even report its environment, explains everything else that fails.",
		How: "Error when no go command is on PATH, or when `go env` fails or does not finish (its own error text is quoted). " +
			"When one setting makes only `go env` fail (GOFLAGS holding -w or -u, flags of go env itself) or only the local go (a GOROOT that does not exist), godx runs go env once more without it so the other checks still look, and names the check that has the fix; with a missing GOROOT and a toolchain switch in the project, the go command works here and this is no error. " +
			"When no go command is on PATH, it looks for an installation in the standard places (the GOROOT variable, /usr/local/go, /usr/lib/go, /snap/bin; Homebrew's bin directories on macOS; %ProgramFiles%\\Go and C:\\Go on Windows) and, when one is there, says that only its bin directory is missing from PATH. " +
			"Otherwise reports the version, GOROOT and path of the winning go command.",
		Fix: "Install Go from https://go.dev/doc/install (or your OS package manager), then make sure its bin directory is on PATH (`godx fix` adds an installed Go's bin directory to your shell's startup file). " +
			"On Windows, open a new terminal after installing: running programs keep their old PATH. If `go env` fails, the quoted error names the cause (often a bad GOROOT or GOENV file).",
		Errors: []string{
			"go: command not found",
			"'go' is not recognized as an internal or external command, operable program or batch file.",
			"go: cannot find GOROOT directory: /nonexistent",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runGoInstalled,
}

func runGoInstalled(pass *check.Pass) error {
	f := pass.Facts
	g, err := f.GoCommand()
	if errors.Is(err, facts.ErrNoGo) {
		if dir := goInstalledOffPath(f); dir != "" {
			name := f.ExeName("go")
			detail := fmt.Sprintf("The shell looks for commands only in the directories of PATH, so `go` fails with `%s` although Go is installed. "+
				"Installing Go does not change the PATH of this shell: the archive's instructions ask you to add its bin directory yourself.", goInstalledNotFound(f))
			if f.GOOS() == "windows" {
				detail = "The Go installer adds its bin directory to the system Path, but a terminal or editor started before the installation keeps its old PATH " +
					"(windows/stale-path says whether a newly started program would find go), so `go` fails with `" + goInstalledNotFound(f) + "`."
			}
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("No %s command on PATH, but Go is installed: %s exists, and its directory %s is not on PATH.", name, f.JoinPath(dir, name), dir),
				Detail:   detail,
				Evidence: check.Evidence{check.F("PATH", f.Getenv("PATH")), check.F("go command found", f.JoinPath(dir, name))},
				Fix:      goInstalledPathFix(f, dir),
			})
			return nil
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("No %s command on PATH.", f.ExeName("go")),
			Detail:   "Nothing Go-related can work until a go command is installed and on PATH.",
			Evidence: check.Evidence{check.F("PATH", f.Getenv("PATH"))},
			Fix:      goInstalledAdvice(f.GOOS()),
		})
		return nil
	}
	if err != nil {
		return err
	}
	ge, err := f.GoEnv()
	if err != nil {
		var ee *facts.GoEnvError
		detail := err.Error()
		if errors.As(err, &ee) && ee.Result.TimedOut {
			detail = fmt.Sprintf("`%s env -json` did not answer in time, so every go command here will hang the same way.", g.Path)
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The go command at %s does not work: `go env` failed.", g.Path),
			Detail:   detail,
			Evidence: check.Evidence{check.F("go command", g.Path), check.F("resolved", g.Resolved)},
			Fix: &check.Fix{
				Description: "Run the command yourself to see the full error; the message names the cause (a bad GOROOT, GOENV file or GOFLAGS are the usual ones).",
				Commands:    []string{shellquote.Join(shellquote.ForGOOS(f.GOOS()), g.Path, "env")},
			},
		})
		return nil
	}
	if ge.Blocked != nil {
		goInstalledBlocked(pass, g, ge)
		return nil
	}
	pass.Observe(
		fmt.Sprintf("Go %s %s/%s (%s)", goversion.TrimGo(ge.Get("GOVERSION")), ge.Get("GOHOSTOS"), ge.Get("GOHOSTARCH"), g.Path),
		check.F("go command", g.Path),
		check.F("resolved", g.Resolved),
		check.F("GOVERSION", ge.Get("GOVERSION")),
		check.F("GOROOT", ge.Get("GOROOT")),
	)
	return nil
}

// goInstalledBlocked reports a `go env` that one setting makes fail
// (facts.GoEnvBlock); the check that owns the setting has the fix. A
// GOROOT that does not exist is no error where the go command switches
// toolchains: it never looks at it there.
func goInstalledBlocked(pass *check.Pass, g *facts.GoCommand, ge *facts.GoEnv) {
	b := ge.Blocked
	msg := strings.TrimSpace(string(b.Failure.Stderr))
	quoted := strings.ReplaceAll(msg, "\n", "\n  ")
	st := &facts.Setting{Name: b.Setting, Value: b.Definition.Value, Definition: b.Definition}
	ev := check.Evidence{check.F("go command", g.Path), check.F(b.Setting+" ("+st.Label()+")", b.Definition.Value), check.F("`go env` says", msg)}
	owner, summary, detail := "", "", ""
	switch b.Setting {
	case "GOROOT":
		if pt, _ := check.ResultOf(pass, gotoolchain.ProjectToolchain); pt.Switches() {
			pass.Observe(fmt.Sprintf("Go %s (%s); here every go command switches to %s, which ignores GOROOT (see go/goroot)",
				goversion.TrimGo(ge.Get("GOVERSION")), g.Path, pt.Sel.Chosen), ev...)
			return
		}
		owner = "go/goroot"
		summary = fmt.Sprintf("The go command at %s does not work: GOROOT (%s) names %s, which does not exist.", g.Path, st.Label(), b.Definition.Value)
		detail = "Every go command that runs the local Go stops before running the command, `go version` and `go env` included:\n  " + quoted
	case "GOPATH":
		owner = "go/gopath"
		summary = fmt.Sprintf("The go command at %s does not work: GOPATH (%s) has an entry it refuses.", g.Path, st.Label())
		detail = "Every go command stops once it has chosen its toolchain, `go version` and `go env` included:\n  " + quoted
	default:
		owner = "module/goflags"
		summary = fmt.Sprintf("`go env` fails at %s because of GOFLAGS (%s); builds ignore the flag that breaks it.", g.Path, st.Label())
		detail = "GOFLAGS holds a flag of `go env` itself, which go env applies and other commands skip. `go env -json`, which gopls, editors and godx run, stops with\n  " + quoted
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  summary,
		Detail:   detail,
		Evidence: ev,
		Fix:      &check.Fix{Description: owner + " says how to fix " + b.Setting + "."},
	})
}

// goInstalledAdvice says how to install Go on goos.
func goInstalledAdvice(goos string) *check.Fix {
	switch goos {
	case "windows":
		return &check.Fix{
			Description: "Install Go with the official MSI installer from https://go.dev/dl/ (or `winget install GoLang.Go`), then open a new terminal: running terminals and IDEs keep their old PATH.",
			Commands:    []string{"winget install GoLang.Go"},
		}
	case "darwin":
		return &check.Fix{
			Description: "Install Go with the official .pkg installer from https://go.dev/dl/ (or Homebrew), then open a new terminal.",
			Commands:    []string{"brew install go"},
		}
	default:
		return &check.Fix{
			Description: "Install the official archive from https://go.dev/dl/ into /usr/local/go and add /usr/local/go/bin to PATH (distribution packages are often several releases old).",
			Commands:    []string{"export PATH=$PATH:/usr/local/go/bin"},
		}
	}
}

// goInstalledOffPath is the bin directory of a Go installation in a
// standard place (or the one GOROOT names) when none is on PATH.
func goInstalledOffPath(f *facts.Facts) string {
	var dirs []string
	if r := f.Getenv("GOROOT"); r != "" && f.IsAbs(r) {
		dirs = append(dirs, f.JoinPath(r, "bin"))
	}
	switch f.GOOS() {
	case "windows":
		if pf := f.Getenv("ProgramFiles"); pf != "" {
			dirs = append(dirs, f.JoinPath(pf, "Go", "bin"))
		}
		dirs = append(dirs, `C:\Go\bin`)
	case "darwin":
		dirs = append(dirs, "/usr/local/go/bin", "/opt/homebrew/bin", "/usr/local/bin")
	default:
		dirs = append(dirs, "/usr/local/go/bin", "/usr/lib/go/bin", "/snap/bin")
	}
	for _, d := range dirs {
		if f.IsExecutable(f.JoinPath(d, f.ExeName("go"))) {
			return d
		}
	}
	return ""
}

func goInstalledNotFound(f *facts.Facts) string {
	if f.GOOS() == "windows" {
		return "'go' is not recognized as an internal or external command, operable program or batch file."
	}
	return "go: command not found"
}

// goInstalledPathFix puts an installation's bin directory on PATH for
// good (on Unix, `godx fix` writes it into the shell's startup file).
func goInstalledPathFix(f *facts.Facts, dir string) *check.Fix {
	fix := pathFixOnPath(f, dir, false)
	if f.GOOS() == "windows" {
		fix.Description = fmt.Sprintf("Open a new terminal (quit and restart your editor if the terminal runs inside it). If go is still not found, add %s to your user Path with this PowerShell command, then open a new terminal again.", dir)
	}
	return fix
}
