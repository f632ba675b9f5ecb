package git

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gitconfig"
)

// Autocrlf predicts the line endings git gives .go files on checkout.
var Autocrlf = &check.Check{
	ID:    "git/autocrlf",
	Title: "Git line-ending conversion",
	Doc: check.Doc{
		What: "In a git repository holding Go code, reads git's configuration files without running git — the system file (next to the git on PATH, " +
			"or GIT_CONFIG_SYSTEM), the global ones ($XDG_CONFIG_HOME/git/config and ~/.gitconfig, or GIT_CONFIG_GLOBAL), the repository's config, " +
			"GIT_CONFIG_COUNT/KEY_n/VALUE_n, and include.path / includeIf \"gitdir:\", \"gitdir/i:\" and \"onbranch:\" includes — for core.autocrlf and " +
			"core.eol, and the attribute files (core.attributesFile, every .gitattributes from the repository root down to the project directory, " +
			".git/info/attributes) for the text and eol attributes of a .go file there. It then applies git's own decision (convert.c) to predict the " +
			"line endings git writes when it checks out a .go file.",
		Why: "With core.autocrlf=true — the Git for Windows installer's default — git checks out every text file with CRLF line endings unless " +
			".gitattributes says otherwise. Go compiles CRLF files, but gofmt writes LF, so `gofmt -l` lists every file, `go generate` output and golden " +
			"files differ from the committed ones, and \"is the generated code up to date\" checks fail on that machine only. " +
			"The same happens with `* text=auto` in .gitattributes on Windows, where core.eol defaults to native (CRLF).",
		How: "Warning when the predicted checkout line ending for .go files is CRLF, naming the setting (and the file and line it comes from) and the " +
			"attribute rules that apply. Attributes are matched for a file in the project directory; macro attributes other than `binary` and " +
			"includeIf \"hasconfig:\" conditions are not evaluated. Skipped outside a git repository and in repositories without Go code " +
			"(no go.mod, go.work or .go file in the project directory).",
		Fix: "Commit a .gitattributes rule that fixes the line ending of Go files, `*.go text eol=lf` (or `* text=auto eol=lf` for every text file), " +
			"then rewrite the checked-out files once with `git checkout-index --force --all` (with no uncommitted changes). " +
			"For yourself only: `git config --global core.autocrlf input`.",
		Errors: []string{
			"gofmt -l: every .go file listed although nobody changed it",
			"warning: in the working copy of 'main.go', LF will be replaced by CRLF the next time Git touches it",
		},
	},
	Requires: []facts.Requirement{gitconfig.Project},
	Run:      runAutocrlf,
}

// autocrlfWhere shows a value and where it is set, for evidence.
func autocrlfWhere(v gitconfig.Value) string {
	if !v.Set {
		return "not set"
	}
	return v.Value + " (" + v.Origin + ")"
}

func runAutocrlf(pass *check.Pass) error {
	f := pass.Facts
	cfg, err := check.ResultOf(pass, gitconfig.Project)
	if err != nil {
		return err
	}
	if cfg == nil {
		return check.Skip("not in a git repository")
	}
	repo := cfg.Repo
	if !autocrlfHasGo(f) {
		return check.Skip("no Go code in %s", f.Dir)
	}
	autocrlf := cfg.Get("core.autocrlf")
	coreEOL := cfg.Get("core.eol")
	rel := autocrlfRel(f, repo.Worktree, f.Dir)
	text, eol, rules := gitconfig.LineEndingAttributes(f, cfg, path.Join(rel, "x.go"))

	crlf, why := autocrlfCheckout(f.GOOS(), autocrlf, coreEOL, text, eol)
	ev := check.Evidence{
		check.F("repository", repo.Worktree),
		check.F("core.autocrlf", autocrlfWhere(autocrlf)),
		check.F("core.eol", autocrlfWhere(coreEOL)),
		check.F("text attribute of "+path.Join(rel, "x.go"), autocrlfWhere(text)),
		check.F("eol attribute of "+path.Join(rel, "x.go"), autocrlfWhere(eol)),
	}
	if len(rules) > 0 {
		ev = append(ev, check.F("attribute rules for .go files", strings.Join(rules, "; ")))
	}
	if !crlf {
		pass.Observe("git checks out .go files with LF ("+why+")", ev...)
		return nil
	}
	gitattributes := f.JoinPath(repo.Worktree, ".gitattributes")
	rule := "*.go text eol=lf"
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("git checks out .go files in %s with CRLF line endings: %s.", repo.Worktree, why),
		Detail: "Go compiles CRLF files, but gofmt writes LF: `gofmt -l` lists every file nobody changed, `go generate` output and golden files differ " +
			"from the committed ones, and checks that generated code is up to date fail on this machine only. Tools that write .go files (gofmt, goimports, " +
			"gopls) produce LF, so files end up with mixed line endings. git also warns: " +
			"`warning: in the working copy of 'main.go', LF will be replaced by CRLF the next time Git touches it`.",
		Evidence: ev,
		Fix: &check.Fix{
			Description: fmt.Sprintf("Add the rule `%s` to %s and commit it, so that every clone gets LF whatever its settings "+
				"(`* text=auto eol=lf` does it for every text file). Files already checked out keep CRLF until git writes them again: "+
				"with no uncommitted changes, rewrite them from the index. For your own clones only, `git config --global core.autocrlf input` also works.",
				rule, gitattributes),
			Commands: []string{"git add .gitattributes", "git checkout-index --force --all"},
			Auto: check.EditFix(gitattributes, func(old []byte) ([]byte, error) {
				for _, line := range strings.Split(string(old), "\n") {
					if strings.TrimSpace(strings.TrimSuffix(line, "\r")) == rule {
						return old, nil
					}
				}
				out := append([]byte(nil), old...)
				nl := "\n"
				if bytes.Contains(old, []byte("\r\n")) {
					nl = "\r\n"
				}
				if len(out) > 0 && out[len(out)-1] != '\n' {
					out = append(out, nl...)
				}
				return append(out, rule+nl...), nil
			}),
		},
	})
	return nil
}

// autocrlfHasGo reports Go code in the project: the module or
// workspace the go command sees, or .go files in the directory.
func autocrlfHasGo(f *facts.Facts) bool {
	if f.Exists(f.JoinPath(f.Dir, "go.mod")) || f.Exists(f.JoinPath(f.Dir, "go.work")) {
		return true
	}
	entries, _ := f.OS.ReadDir(f.Dir)
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			return true
		}
	}
	if ge, err := f.GoEnv(); err == nil {
		if m := ge.Get("GOMOD"); m != "" && m != f.DevNull() {
			return true
		}
		if w := ge.Get("GOWORK"); w != "" && w != "off" {
			return true
		}
	}
	return false
}

func autocrlfRel(f *facts.Facts, root, dir string) string {
	root, dir = strings.ReplaceAll(f.CleanPath(root), `\`, "/"), strings.ReplaceAll(f.CleanPath(dir), `\`, "/")
	rel := strings.TrimPrefix(strings.TrimPrefix(dir, root), "/")
	if rel == "" {
		return "."
	}
	return rel
}

// autocrlfCheckout applies git's convert.c: does checkout write CRLF?
// It returns the answer and the reason in words.
func autocrlfCheckout(goos string, autocrlf, coreEOL, text, eol gitconfig.Value) (bool, string) {
	ac := "false"
	if autocrlf.Set {
		switch v := strings.ToLower(strings.TrimSpace(autocrlf.Value)); {
		case v == "input":
			ac = "input"
		case gitconfig.Bool(v):
			ac = "true"
		}
	}
	// text_eol_is_crlf
	textEOLIsCRLF := func() (bool, string) {
		switch ac {
		case "true":
			return true, "core.autocrlf=true (" + autocrlf.Origin + ")"
		case "input":
			return false, "core.autocrlf=input"
		}
		e := strings.ToLower(coreEOL.Value)
		switch {
		case coreEOL.Set && e == "crlf":
			return true, "core.eol=crlf (" + coreEOL.Origin + ")"
		case coreEOL.Set && e == "lf":
			return false, "core.eol=lf"
		case goos == "windows":
			return true, "core.eol is native, which is CRLF on Windows"
		}
		return false, "core.eol is native (LF)"
	}
	attrWhy := func() string {
		if text.Set {
			return "the text attribute is " + text.Value + " (" + text.Origin + ")"
		}
		return "no attribute sets text"
	}
	if text.Set && text.Value == "unset" {
		return false, "the text attribute is unset (" + text.Origin + "): no conversion"
	}
	if eol.Set {
		if eol.Value == "crlf" {
			return true, "the eol attribute is crlf (" + eol.Origin + ")"
		}
		return false, "the eol attribute is lf (" + eol.Origin + ")"
	}
	if !text.Set { // CRLF_UNDEFINED
		if ac == "true" {
			return true, "core.autocrlf=true (" + autocrlf.Origin + ") and no .gitattributes rule sets text or eol for .go files"
		}
		return false, "no conversion: core.autocrlf is " + ac + " and no attribute sets text"
	}
	crlf, why := textEOLIsCRLF()
	return crlf, attrWhy() + " and " + why
}
