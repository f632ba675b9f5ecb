package tools

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goreleases"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/toolversion"
)

// Gopls checks the gopls binaries the shell and the editor would run
// against the project's Go version and the go command on PATH.
var Gopls = &check.Check{
	ID:    "tools/gopls",
	Title: "gopls",
	Doc: check.Doc{
		What: "Finds every gopls the shell or the editor could run: every match on PATH, GOBIN (else each GOPATH entry's bin directory), " +
			"and VS Code's go.alternateTools.gopls and go.toolsGopath settings. For each, it reads the build information the Go linker " +
			"embeds in the executable (as `go version -m` does; gopls is not run): the gopls release, the Go that built it and its GOOS/GOARCH. " +
			"It compares them with the project's Go version (the higher of the go and toolchain lines of go.work, else go.mod; " +
			"outside a module the go command's version) and with the go command on PATH.",
		Why: "gopls type-checks your code with the go/types package of the Go that built it. When the module's Go version is newer, " +
			"gopls silently drops the language version and reports bogus errors on valid code (for example `42 is not a type` on `new(42)`, " +
			"which is valid Go 1.26) and misses real ones; nothing says why. Separately, each gopls release supports only the go commands " +
			"of the two newest Go releases at its release (https://go.dev/s/gopls-support-policy): gopls runs that go command to load your " +
			"workspace, and an older gopls does not know a newer Go.",
		How: "Error: a gopls built with a Go whose language version is older than the project's target Go. " +
			"Warning: a gopls release older than the releases that support the go command on PATH (from a table of gopls releases and the " +
			"Go each requires: v0.16.0 first supported Go 1.23, and from v0.17.0 each release requires the newest Go and is taken to support " +
			"it and the next one); a gopls from v0.18.0 on that is too new for the go command on PATH (it supports only the go commands of " +
			"the two newest Go releases when it was released); a gopls that VS Code settings name but that does not exist. " +
			"Info: a gopls whose build information cannot be read (not a Go executable, unreadable) and whose `gopls version -json` " +
			"does not tell either (godx never runs a file that only the project's own VS Code settings name). A copy later on PATH that the shell does not run " +
			"gets a note instead of an error or warning (only an editor started with a different PATH would run it). A gopls built with a newer Go than the project's is fine; no gopls at all is not a problem (skipped). " +
			"The fix uses the newest Go release (from the module proxy or godx's built-in table, as go/version-support does): " +
			"gopls@latest supports only the go commands of the two newest releases.",
		Fix: "Reinstall gopls with a Go at least as new as the project's: `go install golang.org/x/tools/gopls@latest`. " +
			"gopls@latest needs the newest Go to build; when the local go is older, prefix the command with GOTOOLCHAIN=go1.X.Y+auto " +
			"(the go command downloads that toolchain for the build). Then restart the language server (VS Code: \"Go: Restart Language Server\")." +
			" `godx fix` runs the reinstall itself, into the directory the old gopls was in (GOBIN, GOPATH/bin, go.toolsGopath or a go.alternateTools path; never a directory found only on PATH).",
		Errors: []string{
			"42 is not a type",
			"Gopls was built with Go version 1.18, which is not supported by this version of gopls. Please upgrade to Go 1.21 or later and reinstall gopls.",
			"Found Go version 1.20, which will be unsupported by gopls v0.17.0. Please upgrade to Go 1.21 or later and reinstall gopls.",
			"go: golang.org/x/tools/gopls@latest: golang.org/x/tools/gopls@v0.24.0 requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)",
		},
	},
	Network:  check.OptionalNetwork,
	Timeout:  10 * time.Second,
	Requires: []facts.Requirement{goreleases.Known},
	Run:      runGopls,
}

func runGopls(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("no working go command (go/installed reports it)")
	}
	target, err := f.TargetGo()
	if err != nil || !goversion.IsValid(target.Version) {
		return check.Skip("the project's Go version is unknown")
	}
	var bins []facts.ToolBinary
	for _, tb := range f.FindTool("gopls") {
		if !tb.IsDirective() { // `go tool gopls`: tools/go-tool-directives
			bins = append(bins, tb)
		}
	}
	if len(bins) == 0 {
		return check.Skip("gopls is not installed (not on PATH, in GOBIN or GOPATH/bin, nor named by VS Code settings)")
	}
	local := goversion.TrimExperiments(ge.Get("GOVERSION"))
	targetLang := goversion.Lang(target.Version)
	targetField := check.F("project Go ("+target.From+")", target.Version)
	if target.File != "" {
		targetField = check.F("project Go ("+target.From+" in "+target.File+")", target.Version)
	}

	var seen []string
	for _, tb := range bins {
		info, how := tb.Info, "build information"
		ev := check.Evidence{check.F("gopls", tb.Path), check.F("found", toolversion.Found(tb))}
		report := pass.Report
		if toolversion.Shadowed(tb) && bins[0].Runs {
			// A copy later on PATH: neither the shell nor VS Code (GOBIN,
			// GOPATH/bin, then PATH) runs it, only an editor started with
			// another PATH might. A note, not an error.
			report = func(fd check.Finding) {
				fd.Severity = check.Info
				fd.Summary += fmt.Sprintf(" It is later on PATH, so the shell runs %s instead; only an editor started with a different PATH would run this copy.", bins[0].Path)
				pass.Report(fd)
			}
		}
		if tb.Err != nil {
			if strings.HasPrefix(tb.Found, facts.FoundVSCode) && facts.IsNotExist(tb.Err) || goplsNotFound(tb.Err) {
				missing := "which does not exist"
				if !f.IsAbs(tb.Path) {
					missing = "which is not on PATH"
				}
				report(check.Finding{
					Severity: check.Warning,
					Summary:  fmt.Sprintf("VS Code is set to run gopls from %s, %s.", tb.Path, missing),
					Detail: "The Go extension starts the language server from this path, so there is no completion, navigation or diagnostics " +
						"until it exists. The setting is in " + tb.Origin + ".",
					Evidence: ev,
					Fix: &check.Fix{
						Description: fmt.Sprintf("Remove the setting (%s) so the extension uses the gopls that `go install` puts in GOBIN, or install gopls at that path.", strings.TrimPrefix(tb.Found, "VS Code ")),
					},
				})
				continue
			}
			if info = goplsAsk(pass, tb); info != nil {
				how = "`" + tb.Path + " version -json` (not a Go executable: " + string(toolversion.ErrKind(tb.Err)) + ")"
			} else {
				asked := "and `gopls version -json` did not answer either"
				if tb.NamedByProject {
					asked = "and godx does not run it to ask, because the project's own settings (" + tb.Origin + ") name it"
				}
				fix, err := goplsFix(pass, tb, ge, target, "latest", "")
				if err != nil {
					return err
				}
				report(check.Finding{
					Severity: check.Info,
					Summary:  fmt.Sprintf("Cannot tell which gopls release %s is, or which Go built it: %v.", tb.Path, tb.Err),
					Detail: "godx reads the build information that Go embeds in every executable; this file has none it can read " +
						"(a wrapper script, a packed binary, or a file without read permission), " + asked + ". " +
						"If it is a wrapper, check the gopls it starts with `go version -m /path/to/gopls`.",
					Evidence: ev,
					Fix:      &check.Fix{Description: "If this is not a wrapper you installed on purpose, reinstall gopls:", Commands: fix.Commands},
				})
				continue
			}
		}
		if !toolversion.IsGopls(info) {
			// Another Go program called gopls (a wrapper): its build Go
			// and version say nothing about the gopls it may start.
			report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("%s is not gopls (its main module is %s %s): godx cannot tell which gopls it runs, if any.", tb.Path, info.Main.Path, toolversion.GoplsVersion(info)),
				Detail:   "Its build information names neither golang.org/x/tools/gopls nor a dependency on it. If it is a wrapper, check the gopls it starts with `go version -m /path/to/gopls`.",
				Evidence: ev,
			})
			continue
		}
		built := goversion.TrimExperiments(info.GoVersion)
		rel := toolversion.GoplsVersion(info)
		ev = append(ev,
			check.F("gopls version", rel),
			check.F("built with ("+how+")", info.GoVersion),
		)
		if goos, goarch := facts.BuildSetting(info, "GOOS"), facts.BuildSetting(info, "GOARCH"); goos != "" {
			ev = append(ev, check.F("built for", goos+"/"+goarch))
		}
		ev = append(ev, targetField, check.F("go command ("+ge.Go.Path+")", ge.Get("GOVERSION")))
		reported := false

		// 1. Built with a Go older than the project's.
		if goversion.IsValid(built) && goversion.Compare(goversion.Lang(built), targetLang) < 0 {
			reported = true
			fix, err := goplsFix(pass, tb, ge, target, "", local)
			if err != nil {
				return err
			}
			report(check.Finding{
				Severity: check.Error,
				Summary: fmt.Sprintf("gopls %s at %s was built with %s, older than the Go %s this project targets (%s).",
					rel, tb.Path, built, target.Version, target.From),
				Detail: fmt.Sprintf("gopls type-checks with the go/types of the Go that built it (%s). For a module whose Go version is newer, "+
					"gopls silently drops the language version and type-checks as best it can: valid code that uses newer features gets bogus errors%s "+
					"and real errors can go unreported. gopls prints no message about it.",
					goversion.Lang(built), goplsExample(built)),
				Evidence: ev,
				Fix:      fix,
			})
		}

		// 2. The gopls release against the go command on PATH.
		if row, ok := toolversion.GoplsRow(rel); ok && goversion.IsValid(local) {
			localMinor := goversion.Minor(local)
			newestMinor, oldestMinor := row.NewestGo(), row.OldestGo()
			switch {
			case localMinor > newestMinor && !reported: // the error's fix covers it
				reported = true
				fix, err := goplsFix(pass, tb, ge, target, "", local)
				if err != nil {
					return err
				}
				report(check.Finding{
					Severity: check.Warning,
					Summary: fmt.Sprintf("gopls %s at %s predates the go command on PATH (%s): it supports go commands up to Go %s.",
						rel, tb.Path, goversion.TrimGo(local), row.Newest),
					Detail: "gopls runs the go command on PATH (`go list`, `go env`) to load your workspace, and each gopls release supports only " +
						"the go commands of the Go releases that were current when it was released (https://go.dev/s/gopls-support-policy). " +
						fmt.Sprintf("A gopls older than Go %s does not know that release's go list output or its standard library; expect missing or wrong results.", goversion.TrimGo(goversion.Lang(local))),
					Evidence: ev,
					Fix:      fix,
				})
			case oldestMinor >= 0 && localMinor < oldestMinor:
				reported = true
				fix, err := goplsFix(pass, tb, ge, target, "", local)
				if err != nil {
					return err
				}
				report(check.Finding{
					Severity: check.Warning,
					Summary: fmt.Sprintf("gopls %s at %s does not support the go command on PATH (%s): it supports only Go 1.%d and 1.%d.",
						rel, tb.Path, goversion.TrimGo(local), oldestMinor, oldestMinor+1),
					Detail: "From v0.18.0, each gopls release supports only the go commands of the two newest Go releases when it was released " +
						"(https://go.dev/s/gopls-support-policy); gopls runs the go command on PATH to load your workspace. " +
						"Upgrade Go, or use the newest gopls that still supports this go command.",
					Evidence: ev,
					Fix:      fix,
				})
			}
		}
		if !reported {
			seen = append(seen, fmt.Sprintf("gopls %s built with %s", rel, built))
		}
	}
	if len(seen) > 0 {
		pass.Observe(fmt.Sprintf("%s; project Go %s", strings.Join(goplsUniq(seen), ", "), target.Version),
			check.F("gopls", bins[0].Path), targetField, check.F("go command", ge.Get("GOVERSION")))
	}
	return nil
}

// goplsFix is the reinstall command. want is a gopls version or ""
// to choose: @latest when the local go is one of the two newest Go
// releases (the ones gopls@latest supports), else the newest gopls release
// that supports it. The command gets GOTOOLCHAIN=go1.X.Y+auto when the
// local go is older than what that gopls needs to build, or than the
// project's Go (gopls must be built with at least that).
func goplsFix(pass *check.Pass, tb facts.ToolBinary, ge *facts.GoEnv, target facts.Target, want, local string) (*check.Fix, error) {
	if local == "" {
		local = goversion.TrimExperiments(ge.Get("GOVERSION"))
	}
	rel, err := check.ResultOf(pass, goreleases.Known)
	if err != nil {
		return nil, err
	}
	newest := rel.Newest()
	// gopls@latest may need a newer Go than the table knows; +auto lets
	// the go command pick that.
	need := goversion.Release(toolversion.GoplsNewest().GoLine)
	// fixes: reinstalling clears the finding (godx fix runs the command
	// only then; a go command no gopls supports needs a new Go first).
	fixes := true
	desc := "Reinstall gopls with a Go at least as new as the project's, then restart the language server (VS Code: \"Go: Restart Language Server\")."
	if want == "" {
		want = "latest"
		if goversion.IsValid(local) && !goversion.IsSupported(local, newest) {
			// gopls@latest does not support this go command.
			if r, ok := toolversion.GoplsSupporting(goversion.Minor(local)); ok {
				want, need = r.Version, goversion.Release(r.GoLine)
			}
			if want == "latest" {
				fixes = false
				desc = fmt.Sprintf("Go %s is no longer supported (the newest release is %s) and current gopls releases do not support its go command: upgrade Go (see go/version-support), then reinstall gopls.",
					goversion.TrimGo(goversion.Lang(local)), newest)
			} else {
				desc = fmt.Sprintf("The go command on PATH (%s) is older than the two newest Go releases (newest %s), which are all gopls@latest supports. Upgrade Go (see go/version-support) and install gopls@latest, or install %s, the newest gopls release that supports it:",
					local, newest, want)
			}
		}
	}
	why := "which this gopls needs to build"
	if t := goversion.Release(target.Version); goversion.Compare(t, need) > 0 {
		need = t
		why = fmt.Sprintf("which gopls must be built with to type-check Go %s code", target.Version)
	}
	env := toolversion.InstallEnv(pass.Facts, need)
	switch {
	case goversion.IsValid(local) && goversion.Compare(local, need) < 0:
		desc += fmt.Sprintf(" The local go (%s) is older than %s, %s, so let the go command fetch that toolchain for the build:",
			local, need, why)
	case env.Why != "":
		desc += " " + env.Why
	}
	if want == "latest" && goversion.IsValid(local) && goversion.Minor(local) < toolversion.GoplsNewest().OldestGo() {
		fixes = false // @latest would be too new for this go command again
	}
	line, auto := toolversion.ToolFix(pass.Facts, tb, env, toolversion.GoplsPackage, want)
	if !fixes {
		auto = nil
	}
	return &check.Fix{Description: desc, Commands: []string{line}, Auto: auto}, nil
}

// goplsExample is an example of the bogus errors a gopls built with
// Go built reports, when one is known for that Go.
func goplsExample(built string) string {
	if goversion.Compare(goversion.Lang(built), "go1.26") < 0 {
		return " such as `42 is not a type` (for `new(42)`, valid since Go 1.26)"
	}
	return ""
}

func goplsNotFound(err error) bool {
	var nf *facts.NotFoundError
	return errors.As(err, &nf)
}

// goplsAsk runs `gopls version -json` when the file is executable but
// has no readable build information (a wrapper script, say): its output is
// gopls's own debug.BuildInfo plus "Version".
func goplsAsk(pass *check.Pass, tb facts.ToolBinary) *debug.BuildInfo {
	f := pass.Facts
	if !toolversion.Askable(tb) || !f.IsExecutable(tb.Path) {
		return nil // never run a file a cloned repository's settings name
	}
	res := f.Run(pass.Context, toolversion.Command(f, tb.Path, "version", "-json"))
	if res.Err != nil {
		return nil
	}
	return toolversion.ParseGoplsVersionJSON(res.Stdout)
}

func goplsUniq(list []string) []string {
	var out []string
	for _, s := range list {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
