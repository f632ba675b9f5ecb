package source

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gitconfig"
	"github.com/godx-dev/godx/internal/sourcescan"
	"github.com/godx-dev/godx/internal/textfix"
)

// LineEndings finds Go files with Windows (CRLF) line endings.
var LineEndings = &check.Check{
	ID:    "source/line-endings",
	Title: "Line endings",
	Doc: check.Doc{
		What: "Reads every .go file the go command would compile in the main module (and in the modules of go.work) and counts CRLF (Windows) and LF line endings.",
		Why: "The compiler accepts CRLF line endings, but gofmt rewrites them to LF, so `gofmt -l` lists every CRLF file and format checks in CI fail; " +
			"files that mix both kinds turn the next save by another editor into a whole-file diff. " +
			"On Windows the usual cause is git's core.autocrlf=true, which converts LF to CRLF on every checkout.",
		How: "Info for a .go file whose lines all end in CRLF; warning for a file that mixes CRLF and LF. A lone CR (not followed by LF) is not a line ending for Go and is ignored. " +
			"When core.autocrlf=true is set in the repository's .git/config or in the global or system git configuration (read as files; git is not run), the finding says so, since converting the files only lasts until the next checkout. " +
			"Problems under testdata/ are one info: those files are never compiled, and tests often need CRLF input. " +
			"The files are found and read by the scan shared with source/bom (see `godx explain source/bom` for the directory rules).",
		Fix: "`godx fix` converts CRLF to LF in each file and changes nothing else (`gofmt -w` does it too, along with formatting). " +
			"To keep Go files LF in git, add the line `*.go text eol=lf` to .gitattributes, or set `git config --global core.autocrlf input`.",
	},
	Requires: []facts.Requirement{sourcescan.Project, gitconfig.Project},
	Run:      runLineEndings,
}

func runLineEndings(pass *check.Pass) error {
	sc, err := scanResult(pass)
	if err != nil {
		return err
	}
	compiled, testdata := scanSplit(sc.Problems, func(p *sourcescan.File) bool {
		return p.UTF16 == "" && p.CRLF > 0
	})
	var git lineEndingsGit
	if len(compiled) > 0 {
		cfg, err := check.ResultOf(pass, gitconfig.Project)
		if err != nil {
			return err
		}
		git = lineEndingsAutocrlf(cfg)
	}
	for _, p := range compiled {
		lineEndingsReport(pass, p, git)
	}
	scanTestdata(pass, testdata, "uses CRLF line endings", "use CRLF line endings", func(p *sourcescan.File) string {
		if p.LF > 0 {
			return fmt.Sprintf("mixed: %d CRLF, %d LF", p.CRLF, p.LF)
		}
		return "CRLF"
	})
	if len(compiled) == 0 {
		scanObserve(pass, sc, "all LF")
	} else {
		scanObserve(pass, sc, fmt.Sprintf("%d with CRLF", len(compiled)))
	}
	return nil
}

func lineEndingsReport(pass *check.Pass, p *sourcescan.File, git lineEndingsGit) {
	fd := check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("%s uses Windows line endings (CRLF).", p.Rel),
		Detail:   "The compiler accepts CRLF, but gofmt rewrites every line ending to LF: `gofmt -l` lists the file and format checks in CI fail, and the next save by an editor set to LF shows every line as changed.",
		Evidence: scanEvidence(p, check.F("CRLF lines", strconv.Itoa(p.CRLF)), check.F("LF lines", strconv.Itoa(p.LF))),
		Position: check.At(p.Path, 0, 0),
		Fix: &check.Fix{
			Description: "Convert the line endings to LF: `godx fix` changes only those; `gofmt -w` converts them too, but also reformats the file. To keep Go files LF in git, add `*.go text eol=lf` to .gitattributes.",
			Commands:    []string{scanGofmtCommand(pass.Facts.GOOS(), p)},
			Auto:        check.EditFix(p.Path, textfix.CRLFToLF),
		},
	}
	if p.LF > 0 {
		fd.Severity = check.Warning
		fd.Summary = fmt.Sprintf("%s mixes line endings: %d CRLF and %d LF.", p.Rel, p.CRLF, p.LF)
		fd.Detail = "Mixed line endings come from editing one file with tools set up differently (a Windows editor, a merge, a code generator). It compiles, but gofmt normalises every line to LF, so `gofmt -l` lists the file, and every tool that re-saves it produces line-ending noise in diffs."
	}
	if git.value == "true" {
		fd.Detail += fmt.Sprintf("\ngit's core.autocrlf=true (set in %s) converts LF to CRLF whenever git checks files out, so converting the file lasts only until the next checkout or branch switch; see `godx explain git/autocrlf`. `git config --global core.autocrlf input` (or a .gitattributes line `*.go text eol=lf`) keeps Go files LF.", git.file)
		fd.Evidence = append(fd.Evidence, check.F("core.autocrlf", "true ("+git.file+")"))
	}
	pass.Report(fd)
}

// lineEndingsGit is the effective core.autocrlf and where it is set.
type lineEndingsGit struct{ value, file string }

// lineEndingsAutocrlf is the effective core.autocrlf of the
// project's repository (cfg, the configuration git/autocrlf reads too:
// system, global, XDG and repository files, includes and GIT_CONFIG_*
// variables, without running git). Outside a repository (cfg is nil) git
// did not write the files, so there is nothing to say.
func lineEndingsAutocrlf(cfg *gitconfig.Config) lineEndingsGit {
	if cfg == nil {
		return lineEndingsGit{}
	}
	v := cfg.Get("core.autocrlf")
	switch {
	case !v.Set:
		return lineEndingsGit{}
	case gitconfig.Bool(v.Value):
		return lineEndingsGit{value: "true", file: v.Origin}
	case strings.EqualFold(strings.TrimSpace(v.Value), "input"):
		return lineEndingsGit{value: "input", file: v.Origin}
	}
	return lineEndingsGit{value: "false", file: v.Origin}
}
