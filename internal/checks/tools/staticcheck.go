package tools

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
	"github.com/godx-dev/godx/internal/toolversion"
)

// Staticcheck checks that staticcheck was built with a Go at least as
// new as the Go language version of the code it analyses.
var Staticcheck = &check.Check{
	ID:    "tools/staticcheck",
	Title: "staticcheck",
	Doc: check.Doc{
		What: "Finds every staticcheck the shell or the editor would run (PATH, GOBIN or GOPATH/bin, VS Code's go.alternateTools and go.toolsGopath, a go.mod `tool` directive) and reads each binary's build information without running it: " +
			"its release (module honnef.co/go/tools: v0.6.1 is 2025.1.1, v0.7.0 is 2026.1) and the Go that built it. It compares that Go with the go line of the module it analyses (every module of a go.work workspace).",
		Why: "staticcheck type-checks your code with the go/types of the Go it was built with. Built with an older Go than the code's go line, it reports `-: /home/you/project/main.go:1:1: package requires newer Go version go1.27 (application built with go1.26) (compile)` (2026.1 and later) " +
			"or `module requires at least go1.24.1, but Staticcheck was built with go1.24.0 (compile)` (2024.1 to 2025.1.1, which compared patch versions), and analyses nothing. " +
			"In the editor (gopls runs staticcheck's analyzers itself, but `go.lintTool: staticcheck` runs this binary) the diagnostics simply stop.",
		How: "The version compared is each module's go line, which is what staticcheck gives the type checker; unlike the project target Go used by other checks, a higher toolchain line does not count (it picks the go command, it is not a language version). " +
			"For 2026.1 and later, and for releases godx does not know (a `(devel)` build), the language versions are compared (go1.26 against go1.27); for 2024.1 to 2025.1.1 the full versions, as those releases did. " +
			"Error when staticcheck's Go is older. Info when a staticcheck is not a readable Go executable and `staticcheck -debug.version` (run once, with a timeout; never for a file only the project's own VS Code settings name) does not tell which Go built it. " +
			"Outside a module there is no go line and nothing to compare. No staticcheck anywhere is not a problem.",
		Fix: "Reinstall staticcheck with a new enough Go: `GOTOOLCHAIN=go1.27.0+auto go install honnef.co/go/tools/cmd/staticcheck@latest`. For a go.mod tool directive, `go get -tool honnef.co/go/tools/cmd/staticcheck@latest` (`go tool` builds it with the project's toolchain).",
		Errors: []string{
			"-: /home/you/project/main.go:1:1: package requires newer Go version go1.27 (application built with go1.26) (compile)",
			"-: module requires at least go1.24.1, but Staticcheck was built with go1.24.0 (compile)",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runStaticcheck,
}

// staticcheckGoLine is the newest go line among the modules staticcheck
// analyses here.
type staticcheckGoLine struct {
	Version string // "1.27.0"
	File    string
}

func runStaticcheck(pass *check.Pass) error {
	f := pass.Facts
	relevant, shadowed := toolversion.Candidates(f, "staticcheck")
	if len(relevant) == 0 {
		pass.Observe("staticcheck is not installed (not on PATH, in GOBIN or GOPATH/bin, in VS Code settings or a go.mod tool directive)", toolversion.ShadowEvidence(shadowed)...)
		return nil
	}
	if _, err := f.GoEnv(); err != nil {
		return check.Skip("the go command is not usable, so the project's Go version is unknown (go/installed reports it)")
	}
	line, lineEv := staticcheckModuleGoLine(f)
	var observed []string
	var evidence check.Evidence
	for _, t := range relevant {
		ev := slices.Clip(append(toolversion.Evidence(t), lineEv...))
		builtWith, modVersion, _, ok := readBuild(pass, t, "staticcheck", "-debug.version", &ev,
			func() (string, string, error) { return staticcheckRunVersion(pass, t) })
		if !ok {
			continue
		}
		if !staticcheckCheckGo(pass, t, builtWith, modVersion, line, ev) {
			desc := "staticcheck " + toolversion.StaticcheckRelease(modVersion)
			if builtWith != "" {
				desc += " built with " + builtWith
			}
			observed = append(observed, desc+" ("+toolversion.Where(t)+")")
			evidence = append(evidence, ev...)
		}
	}
	if len(observed) > 0 {
		summary := strings.Join(observed, "; ")
		if line.Version != "" {
			summary += "; code targets go " + line.Version
		}
		pass.Observe(summary, append(evidence, toolversion.ShadowEvidence(shadowed)...)...)
	}
	return nil
}

// staticcheckRunVersion asks a staticcheck that is not a readable Go
// executable.
func staticcheckRunVersion(pass *check.Pass, t facts.ToolBinary) (ver, built string, err error) {
	out, err := toolversion.Run(pass.Context, pass.Facts, t.Path, "-debug.version")
	if err != nil {
		return "", "", err
	}
	return toolversion.ParseStaticcheckVersion(out)
}

// staticcheckCheckGo compares the Go that built staticcheck with the go
// line, the way that staticcheck release does.
func staticcheckCheckGo(pass *check.Pass, t facts.ToolBinary, builtWith, modVersion string, line staticcheckGoLine, ev check.Evidence) bool {
	built := goversion.LocalToolchain(builtWith)
	if built == "" || line.Version == "" || !goversion.IsValid(line.Version) {
		return false
	}
	goLine := goversion.WithGo(line.Version)
	sv := modversion.Release(modVersion)
	patchLevel := sv != "" && modversion.Compare(sv, "v0.5.0") >= 0 && modversion.Compare(sv, "v0.7.0") < 0
	var msg string
	switch {
	case patchLevel:
		if goversion.Compare(built, goLine) >= 0 {
			return false
		}
		msg = fmt.Sprintf("-: module requires at least %s, but Staticcheck was built with %s (compile)", goLine, built)
	default:
		if goversion.Compare(goversion.Lang(built), goversion.Lang(goLine)) >= 0 {
			return false
		}
		msg = fmt.Sprintf("-: %s: package requires newer Go version %s (application built with %s) (compile)", pass.Facts.JoinPath(pass.Facts.ParentDir(line.File), "<file>.go:1:1"), goversion.Lang(goLine), goversion.Lang(built))
	}
	detail := fmt.Sprintf("staticcheck type-checks each package at its module's go line with the go/types of the Go it was built with, so for every package of %s it reports\n\t%s\nand analyses nothing.", line.File, msg)
	if patchLevel {
		detail += " Releases 2024.1 to 2025.1.1 compare patch versions too; 2026.1 only compares language versions."
	} else if sv != "" && modversion.Compare(sv, "v0.5.0") < 0 {
		detail = fmt.Sprintf("Releases before 2024.1 do not check: they type-check code written for Go %s with the go/types of %s and report bogus errors or miss problems in newer language features. "+
			"Current releases refuse such packages:\n\t%s", goversion.Lang(goLine), built, msg)
	}
	desc := fmt.Sprintf("Reinstall staticcheck built with %s or later.", goLine)
	if t.IsDirective() {
		desc = "Update the tool directive; `go tool` builds it with the project's toolchain."
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s was built with %s, older than the go line of %s (go %s): staticcheck %s cannot analyse this code.", toolversion.Name(t), builtWith, line.File, line.Version, toolversion.StaticcheckRelease(modVersion)),
		Detail:   detail,
		Evidence: ev,
		Fix: &check.Fix{
			Description: desc,
			Commands:    []string{toolversion.Reinstall(pass.Facts, t, toolversion.StaticcheckPackage, "latest", goversion.Release(line.Version))},
		},
	})
	return true
}

// staticcheckModuleGoLine is the newest go line of the modules analysed
// here: the main module's, or every module a go.work uses.
func staticcheckModuleGoLine(f *facts.Facts) (staticcheckGoLine, check.Evidence) {
	var best staticcheckGoLine
	var ev check.Evidence
	consider := func(file, goLine string) {
		if goLine == "" {
			return
		}
		ev = append(ev, check.F("go line of "+file, goLine))
		if best.Version == "" || goversion.Compare(goLine, best.Version) > 0 {
			best = staticcheckGoLine{Version: goLine, File: file}
		}
	}
	if w, err := f.Workspace(); err == nil && w != nil && w.Work != nil && w.Err == nil {
		for _, u := range f.WorkUses(w.Path, w.Work) {
			if u.Err != nil {
				continue // module/gowork's finding
			}
			gomod := f.JoinPath(u.Dir, "go.mod")
			data, err := f.ReadFile(gomod)
			if err != nil {
				continue
			}
			if mf, err := modfile.ParseLax(gomod, data, nil); err == nil && mf.Go != nil {
				consider(gomod, mf.Go.Version)
			}
		}
	} else if m, err := f.Module(); err == nil && m != nil && m.Err == nil {
		consider(m.Path, m.GoLine())
	}
	if t, err := f.TargetGo(); err == nil && t.Version != best.Version {
		ev = append(ev, check.F("project target Go ("+t.From+")", t.Version+" (a toolchain line is not the code's language version)"))
	}
	if best.Version == "" {
		ev = append(ev, check.F("go line", "none (not in a module)"))
	}
	return best, ev
}
