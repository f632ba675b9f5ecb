package tools

import (
	"fmt"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/toolversion"
)

// GoToolDirectives compares the tools pinned by go.mod `tool`
// directives with the copies of the same commands that the shell and the
// editor run.
var GoToolDirectives = &check.Check{
	ID:    "tools/go-tool-directives",
	Title: "go.mod tool directives",
	Doc: check.Doc{
		What: "Reads the `tool` directives of go.mod (Go 1.24+: `go get -tool`, run with `go tool NAME`) and the version go.mod requires " +
			"for each tool's module. Then finds the same command where the shell and the editor look for it (PATH, GOBIN or GOPATH/bin, " +
			"VS Code's go.alternateTools and go.toolsGopath) and reads its build information (module and version; nothing is run).",
		Why: "`go tool NAME` always builds the version go.mod pins, and so does CI, but editors, `go generate` lines that call the command " +
			"by name, Makefiles and your shell run whatever NAME is on PATH. When that is another version, a linter reports different problems " +
			"locally than in CI, and code generators (stringer, mockgen, protoc-gen-go) write different code, which shows up as " +
			"unexplained diffs or failing \"generated files are up to date\" checks.",
		How: "For each tool directive, each installed copy that the shell or the editor would run (the first on PATH, GOBIN or GOPATH/bin, " +
			"VS Code settings; copies shadowed later on PATH are ignored) is compared with the pinned version. " +
			"Warning: the installed copy is older than the pinned version. " +
			"Info: it is newer; it is a local build ((devel)) whose version cannot be compared; or a command of the same name comes from " +
			"another module. Not installed anywhere is fine (`go tool NAME` is the way to run it). Tools provided by the main module itself " +
			"or replaced by a local directory are not compared. Skipped outside a module, when go.mod does not parse (module/gomod reports it), " +
			"and when go.mod has no tool directives.",
		Fix: "Run the pinned version with `go tool NAME` (also in go:generate lines: `//go:generate go tool stringer -type=Kind`), " +
			"or install exactly the pinned version so the editor and shell agree: `go install PACKAGE@VERSION` with the version from go.mod. " +
			"To move the pin instead: `go get -tool PACKAGE@VERSION`." +
			" `godx fix` installs the pinned version where an older or newer copy of the same program is (not over another program or a local build).",
	},
	Run: runGoToolDirectives,
}

func runGoToolDirectives(pass *check.Pass) error {
	f := pass.Facts
	if _, err := f.GoEnv(); err != nil {
		return check.Skip("no working go command (go/installed reports it)")
	}
	m, err := f.Module()
	switch {
	case err != nil:
		return check.Skip("go.mod could not be located: %v", err)
	case m == nil:
		return check.Skip("not in a module")
	case m.Err != nil || m.Mod == nil:
		return check.Skip("go.mod does not parse (module/gomod reports it)")
	case len(m.Mod.Tool) == 0:
		return check.Skip("go.mod has no tool directives")
	}

	var names, notes []string
	var ev check.Evidence
	for _, td := range m.Mod.Tool {
		name := facts.ToolCommandName(td.Path)
		names = append(names, name)
		var pin facts.ToolBinary
		var copies []facts.ToolBinary
		// Copies shadowed by an earlier PATH entry are left out: nobody
		// runs them.
		relevant, _ := toolversion.Candidates(f, name)
		for _, tb := range relevant {
			switch {
			case tb.IsDirective():
				if tb.ToolPackage == td.Path {
					pin = tb
				}
			default:
				copies = append(copies, tb)
			}
		}
		where := m.Path
		if pin.ToolDirectiveLine > 0 {
			where = fmt.Sprintf("%s:%d", m.Path, pin.ToolDirectiveLine)
		}
		pinned := pin.ToolModule + "@" + pin.ToolVersion
		switch {
		case pin.ToolModule == "" || pin.ToolVersion == "":
			if mp := m.Mod.Module; mp != nil && pin.ToolModule == mp.Mod.Path && pin.ToolModule != "" {
				notes = append(notes, name+": provided by this module")
			} else {
				notes = append(notes, name+": no require line for its module")
			}
			continue
		case directivesLocalReplace(m, pin.ToolModule):
			notes = append(notes, name+": module replaced by a local directory")
			continue
		}
		ev = append(ev, check.F("tool "+name+" ("+where+")", td.Path+" from "+pinned))
		if len(copies) == 0 {
			notes = append(notes, name+": only via go tool")
			continue
		}
		for _, c := range copies {
			cev := check.Evidence{
				check.F("tool directive ("+where+")", td.Path),
				check.F("pinned version (go.mod require)", pinned),
				check.F("installed "+name, c.Path),
				check.F("found", toolversion.Found(c)),
			}
			if c.Err != nil {
				continue // tools/gopls and friends report unreadable or missing copies
			}
			got, _ := toolversion.ModuleVersion(c.Info, pin.ToolModule)
			cev = append(cev, check.F("installed version", pin.ToolModule+"@"+got), check.F("built with", c.BuiltWith()))
			who := "the shell and editors"
			if strings.HasPrefix(c.Found, facts.FoundVSCode) {
				who = "VS Code"
			}
			install, auto := toolversion.ToolFix(f, c, toolversion.InstallEnv(f, ""), td.Path, pin.ToolVersion)
			fix := &check.Fix{
				Description: fmt.Sprintf("Run the pinned version with `go tool %s` (also in go:generate lines), or install exactly that version so %s use it too:", name, who),
				Commands:    []string{install},
			}
			switch {
			case c.PackagePath() != td.Path || got == "":
				cev[len(cev)-2] = check.F("installed program", c.PackagePath()+" (module "+c.ModulePath()+"@"+c.ModuleVersion()+")")
				pass.Report(check.Finding{
					Severity: check.Info,
					Summary: fmt.Sprintf("The %s at %s is a different program (%s) from the tool go.mod pins (%s).",
						name, c.Path, c.PackagePath(), td.Path),
					Detail:   fmt.Sprintf("`go tool %s` runs %s from %s; %s running `%s` by name get %s instead.", name, td.Path, pinned, who, name, c.PackagePath()),
					Evidence: cev,
					Fix:      fix,
				})
			case got == pin.ToolVersion:
			case !semver.IsValid(got):
				pass.Report(check.Finding{
					Severity: check.Info,
					Summary: fmt.Sprintf("The %s at %s is a local build (%s), so godx cannot tell whether it matches the %s that go.mod pins.",
						name, c.Path, got, pin.ToolVersion),
					Detail:   fmt.Sprintf("`go tool %s` and CI run %s; %s run this copy.", name, pinned, who),
					Evidence: cev,
					Fix:      fix,
				})
			default:
				// Only a copy of the pinned program at another version is
				// replaced by godx fix: a different program of the same
				// name, or a local build, is the user's own.
				fix.Auto = auto
				sev, rel := check.Info, "newer"
				if semver.Compare(got, pin.ToolVersion) < 0 {
					sev, rel = check.Warning, "older"
				}
				pass.Report(check.Finding{
					Severity: sev,
					Summary: fmt.Sprintf("%s %s at %s is %s than the %s that go.mod's tool directive pins.",
						name, got, c.Path, rel, pin.ToolVersion),
					Detail: fmt.Sprintf("`go tool %s` and CI build %s, but %s run %s %s from %s. "+
						"A linter then reports different problems locally than in CI, and a code generator writes different code.",
						name, pinned, who, name, got, directivesWhere(c)),
					Evidence: cev,
					Fix:      fix,
				})
			}
		}
	}
	summary := english.Count(len(names), "tool directive", "tool directives") + " (" + strings.Join(names, ", ") + ")"
	if len(notes) > 0 {
		summary += "; " + strings.Join(notes, "; ")
	}
	pass.Observe(summary, ev...)
	return nil
}

func directivesWhere(tb facts.ToolBinary) string {
	if tb.Runs {
		return "PATH"
	}
	return tb.Found
}

// directivesLocalReplace reports whether go.mod replaces mod
// with a directory (then `go tool` builds that directory).
func directivesLocalReplace(m *facts.ModFile, mod string) bool {
	for _, r := range m.Mod.Replace {
		if r.Old.Path == mod && r.New.Version == "" {
			return true
		}
	}
	return false
}
