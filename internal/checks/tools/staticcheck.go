package tools

import (
	"cmp"
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

// Staticcheck checks that staticcheck can load the project's packages
// with the go command that runs there, and was built with a Go at least as
// new as the Go language version of the code it analyses.
var Staticcheck = &check.Check{
	ID:    "tools/staticcheck",
	Title: "staticcheck",
	Doc: check.Doc{
		What: "Finds every staticcheck the shell or the editor would run (PATH, GOBIN or GOPATH/bin, VS Code's go.alternateTools and go.toolsGopath, a go.mod `tool` directive) and reads each binary's build information without running it: " +
			"its release (module honnef.co/go/tools: v0.6.1 is 2025.1.1, v0.7.0 is 2026.1) and the Go that built it. It compares them with the go command that loads the project's packages and with the go line of the module it analyses (every module of a go.work workspace).",
		Why: "staticcheck asks the go command in the project (the go on PATH, or the toolchain GOTOOLCHAIN switches to) to list the packages, reads the export data that go command's compiler writes for the imports, and type-checks with the go/types of the Go it was built with. " +
			"Three things stop it before it analyses anything. A release whose copy of golang.org/x/tools predates the loading Go's export data fails on every import, however it was built: 2024.1.x with Go 1.24 and later (`internal error in importing \"…\" (unsupported version: 2); please report an issue`), 2025.1.x and 2026.1 with Go 1.27 (`cannot decode \"internal/cpu\", export data version 5 is greater than maximum supported version 2`). " +
			"A staticcheck built with an older Go than the loading go command fails on the standard library's own files even when the module's go line is old (built with go1.26.8, go1.27.3 on PATH, on Linux: `-: …/src/internal/poll/splice_linux.go:237:21: unknown field rfd in struct literal of type splicePipe (compile)`). " +
			"And built with an older Go than the code's go line, it reports `-: /home/you/project/main.go:1:1: package requires newer Go version go1.27 (application built with go1.26) (compile)` (2026.1 and later) " +
			"or `module requires at least go1.24.1, but Staticcheck was built with go1.24.0 (compile)` (2024.1 to 2025.1.1, which compared patch versions). " +
			"In the editor (gopls runs staticcheck's analyzers itself, but `go.lintTool: staticcheck` runs this binary) the diagnostics simply stop.",
		How: "First the Go that loads the packages is worked out as module/toolchain does (the go on PATH, or the toolchain GOTOOLCHAIN switches to for this project). " +
			"Error when the release is known not to read that Go's export data (2024.1.x: Go 1.24 on; 2025.1.x and 2026.1: Go 1.27 on; from the x/tools source and from running those releases), else when the language version of the Go that built staticcheck is older than the loading Go's (go1.26 against go1.27), " +
			"else when it is older than the go line of a module it analyses (every module of a go.work workspace): a higher toolchain line does not count there (it picks the go command, it is not a language version). " +
			"For 2026.1 and later, and for releases godx does not know (a `(devel)` build), the go line is compared at language level (go1.26 against go1.27); for 2024.1 to 2025.1.1 the full versions, as those releases did. " +
			"Info when a staticcheck is not a readable Go executable and `staticcheck -debug.version` (run once, with a timeout; never for a file only the project's own VS Code settings name) does not tell which Go built it. " +
			"Outside a module only the loading go command is compared. No staticcheck anywhere is not a problem.",
		Fix: "Reinstall the newest staticcheck with a new enough Go: `GOTOOLCHAIN=go1.27.3+auto go install honnef.co/go/tools/cmd/staticcheck@latest` (the GOTOOLCHAIN prefix only when the go command would otherwise build with an older Go). For a go.mod tool directive, `go get -tool honnef.co/go/tools/cmd/staticcheck@latest` (`go tool` builds it with the project's toolchain)." +
			" `godx fix` runs the reinstall itself, into the directory the old one was in (never a directory found only on PATH).",
		Errors: []string{
			`-: internal error in importing "internal/cpu" (cannot decode "internal/cpu", export data version 5 is greater than maximum supported version 2); please report an issue (compile)`,
			"-: /root/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/src/internal/poll/splice_linux.go:237:21: unknown field rfd in struct literal of type splicePipe (compile)",
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

// staticcheckCheckGo reports what stops staticcheck before it analyses
// anything, in the order staticcheck meets it: export data from the
// loading go command that its release cannot decode; a standard library
// newer than the go/types it was built with; a go line newer than that
// go/types.
func staticcheckCheckGo(pass *check.Pass, t facts.ToolBinary, builtWith, modVersion string, line staticcheckGoLine, ev check.Evidence) bool {
	f := pass.Facts
	sel, selErr := projectGo(pass)
	if selErr == nil {
		if staticcheckCheckLoader(pass, t, builtWith, modVersion, sel, line, ev) {
			return true
		}
	}
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
		msg = fmt.Sprintf("-: %s: package requires newer Go version %s (application built with %s) (compile)", f.JoinPath(f.ParentDir(line.File), "<file>.go:1:1"), goversion.Lang(goLine), goversion.Lang(built))
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
		Fix:      reinstallFix(f, t, desc, toolversion.StaticcheckPackage, "latest", goversion.Release(line.Version)),
	})
	return true
}

// staticcheckCheckLoader compares staticcheck with the go command that
// loads the project's packages (sel: the go on PATH, or the toolchain
// GOTOOLCHAIN switches to), whatever the go line says.
func staticcheckCheckLoader(pass *check.Pass, t facts.ToolBinary, builtWith, modVersion string, sel toolversion.Selection, line staticcheckGoLine, ev check.Evidence) bool {
	f := pass.Facts
	rel := toolversion.StaticcheckRelease(modVersion)
	why := "the go command that loads this project's packages"
	if sel.Switch {
		why = "the toolchain GOTOOLCHAIN switches to in this project"
	}
	ev = slices.Clip(ev)
	for _, e := range sel.Evidence() {
		if !slices.ContainsFunc(ev, func(o check.Field) bool { return o.Key == e.Key }) {
			ev = append(ev, e)
		}
	}
	desc := fmt.Sprintf("Reinstall the newest staticcheck, built with %s or later.", sel.Version)
	if t.IsDirective() {
		desc = "Update the tool directive; `go tool` builds it with the project's toolchain."
	}
	fix := reinstallFix(f, t, desc, toolversion.StaticcheckPackage, "latest", sel.Version)
	if msg, ok := toolversion.StaticcheckExportDataError(modVersion, sel.Version, "<package>"); ok {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is staticcheck %s, which cannot read the export data of %s (%s): it fails on the first import and analyses nothing.", toolversion.Name(t), rel, sel.Version, why),
			Detail: fmt.Sprintf("staticcheck reads the compiled form (export data) of every imported package, written by %s's compiler; the copy of golang.org/x/tools inside staticcheck %s predates that format, so for every import it reports\n\t%s\n"+
				"Rebuilding the same release with a newer Go does not help: a newer staticcheck release does.", sel.Version, rel, msg),
			Evidence: ev,
			Fix:      fix,
		})
		return true
	}
	if t.IsDirective() || !toolversion.LoaderNewer(builtWith, sel.Version) {
		return false
	}
	detail := fmt.Sprintf("staticcheck lists the packages with %s, which picks the standard library's files for %s, and type-checks them with the go/types of %s, which does not know that standard library: "+
		"it reports type errors in the standard library's own files and analyses nothing, even though the code's go line (%s) is old enough.",
		sel.Version, goversion.Lang(sel.Version), goversion.Lang(builtWith), cmp.Or(line.Version, "none"))
	if example := toolversion.AnalyserLoadError(builtWith, sel.Version, f.GOOS(), "<GOROOT of "+sel.Version+">", "compile"); example != "" {
		detail += " With this pair of Go versions it prints\n\t" + example
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s was built with %s, older than %s (%s): staticcheck %s fails while loading the standard library and analyses nothing.", toolversion.Name(t), builtWith, sel.Version, why, rel),
		Detail:   detail,
		Evidence: ev,
		Fix:      fix,
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
