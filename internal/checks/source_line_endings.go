package checks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// SourceLineEndings finds Go files with Windows (CRLF) line endings.
var SourceLineEndings = &check.Check{
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
	Run: runSourceLineEndings,
}

func runSourceLineEndings(pass *check.Pass) error {
	sc, err := sourceScanFor(pass)
	if err != nil {
		return err
	}
	compiled, testdata := sourceScanSplit(sc.Problems, func(p *sourceScanFile) bool {
		return p.UTF16 == "" && p.CRLF > 0
	})
	var git sourceLineEndingsGit
	if len(compiled) > 0 {
		git = sourceLineEndingsAutocrlf(pass.Facts)
	}
	for _, p := range compiled {
		sourceLineEndingsReport(pass, p, git)
	}
	sourceScanTestdata(pass, testdata, "uses CRLF line endings", "use CRLF line endings", func(p *sourceScanFile) string {
		if p.LF > 0 {
			return fmt.Sprintf("mixed: %d CRLF, %d LF", p.CRLF, p.LF)
		}
		return "CRLF"
	})
	if len(compiled) == 0 {
		sourceScanObserve(pass, sc, "all LF")
	} else {
		sourceScanObserve(pass, sc, fmt.Sprintf("%d with CRLF", len(compiled)))
	}
	return nil
}

func sourceLineEndingsReport(pass *check.Pass, p *sourceScanFile, git sourceLineEndingsGit) {
	fd := check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("%s uses Windows line endings (CRLF).", p.Rel),
		Detail:   "The compiler accepts CRLF, but gofmt rewrites every line ending to LF: `gofmt -l` lists the file and format checks in CI fail, and the next save by an editor set to LF shows every line as changed.",
		Evidence: sourceBOMEvidence(p, check.F("CRLF lines", strconv.Itoa(p.CRLF)), check.F("LF lines", strconv.Itoa(p.LF))),
		Fix: &check.Fix{
			Description: "Convert the line endings to LF: `godx fix` changes only those; `gofmt -w` converts them too, but also reformats the file. To keep Go files LF in git, add `*.go text eol=lf` to .gitattributes.",
			Commands:    []string{sourceScanGofmtCommand(p)},
			Auto:        check.EditFix(p.Path, sourceFixCRLF),
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

// sourceLineEndingsGit is the effective core.autocrlf and where it is set.
type sourceLineEndingsGit struct{ value, file string }

// sourceLineEndingsAutocrlf reads core.autocrlf from git's configuration
// files in git's order (system, global, repository; the last one wins)
// without running git.
func sourceLineEndingsAutocrlf(f *facts.Facts) sourceLineEndingsGit {
	var files []string
	if f.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		if sys := f.Getenv("GIT_CONFIG_SYSTEM"); sys != "" {
			files = append(files, sys)
		} else if f.GOOS() == "windows" {
			if git, err := f.LookPath("git"); err == nil {
				// Git for Windows: <install>\cmd\git.exe and <install>\etc\gitconfig.
				files = append(files, f.JoinPath(f.ParentDir(f.ParentDir(git)), "etc", "gitconfig"))
			}
		} else {
			files = append(files, "/etc/gitconfig")
		}
	}
	if g := f.Getenv("GIT_CONFIG_GLOBAL"); g != "" {
		files = append(files, g)
	} else {
		home := f.Getenv("HOME")
		if f.GOOS() == "windows" && home == "" {
			home = f.Getenv("USERPROFILE")
		}
		xdg := f.Getenv("XDG_CONFIG_HOME")
		if xdg == "" && home != "" {
			xdg = f.JoinPath(home, ".config")
		}
		if xdg != "" {
			files = append(files, f.JoinPath(xdg, "git", "config"))
		}
		if home != "" {
			files = append(files, f.JoinPath(home, ".gitconfig"))
		}
	}
	if repo := sourceLineEndingsGitConfig(f); repo != "" {
		files = append(files, repo)
	}
	var res sourceLineEndingsGit
	for _, file := range files {
		data, err := f.ReadFile(file)
		if err != nil {
			continue
		}
		if v, ok := sourceLineEndingsParse(string(data)); ok {
			res = sourceLineEndingsGit{value: v, file: file}
		}
	}
	return res
}

// sourceLineEndingsGitConfig finds the repository's config file by looking
// for .git upwards from the project directory (.git may be a file naming
// the real git directory, as in worktrees and submodules).
func sourceLineEndingsGitConfig(f *facts.Facts) string {
	for dir := f.Dir; ; {
		dotgit := f.JoinPath(dir, ".git")
		if st, err := f.OS.Stat(dotgit); err == nil {
			if st.IsDir() {
				return f.JoinPath(dotgit, "config")
			}
			data, err := f.ReadFile(dotgit)
			if err != nil {
				return ""
			}
			gitdir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
			if !ok {
				return ""
			}
			gitdir = strings.TrimSpace(gitdir)
			if !f.IsAbs(gitdir) {
				gitdir = f.JoinPath(dir, gitdir)
			}
			if common, err := f.ReadFile(f.JoinPath(gitdir, "commondir")); err == nil {
				c := strings.TrimSpace(string(common))
				if !f.IsAbs(c) {
					c = f.JoinPath(gitdir, c)
				}
				gitdir = c
			}
			return f.JoinPath(gitdir, "config")
		}
		parent := f.ParentDir(dir)
		if parent == dir || parent == "." {
			return ""
		}
		dir = parent
	}
}

// sourceLineEndingsParse finds core.autocrlf in a git config file: the last
// setting wins; booleans are normalised to "true"/"false".
func sourceLineEndingsParse(text string) (string, bool) {
	value, found := "", false
	inCore := false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				inCore = false
				continue
			}
			inCore = strings.EqualFold(strings.TrimSpace(line[1:end]), "core")
			line = strings.TrimSpace(line[end+1:]) // "[core] autocrlf = true" is valid
		}
		if !inCore || line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		key, val, hasVal := strings.Cut(line, "=")
		if !strings.EqualFold(strings.TrimSpace(key), "autocrlf") {
			continue
		}
		if i := strings.IndexAny(val, "#;"); i >= 0 {
			val = val[:i]
		}
		val = strings.ToLower(strings.Trim(strings.TrimSpace(val), `"`))
		switch {
		case !hasVal, val == "true", val == "yes", val == "on", val == "1":
			value = "true"
		case val == "false", val == "no", val == "off", val == "0", val == "":
			value = "false"
		default:
			value = val // "input"
		}
		found = true
	}
	return value, found
}
