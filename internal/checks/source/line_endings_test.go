package source

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestLineEndings_CRLFIsInfoWithAutoFix(t *testing.T) {
	src := "package main\r\n\r\nfunc main() {\r\n\tprintln(`a\r\nb`)\r\n}\r\n"
	fake := scanTestFake(t, map[string]string{"cmd/x/main.go": src})
	r := checktest.Run(t, LineEndings, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "cmd/x/main.go uses Windows line endings (CRLF).", "gofmt -l", "CRLF lines: 6", "LF lines: 0",
		"gofmt -w cmd/x/main.go", "*.go text eol=lf")
	if strings.Contains(checktest.Text(fd), "autocrlf") {
		t.Errorf("no git configuration, yet autocrlf is mentioned:\n%s", checktest.Text(fd))
	}
	if fd.Fix.Auto == nil || fd.Fix.Auto.Path != "/work/cmd/x/main.go" {
		t.Fatalf("auto = %+v", fd.Fix.Auto)
	}
	out, err := fd.Fix.Auto.Rewrite([]byte(src))
	if err != nil || string(out) != strings.ReplaceAll(src, "\r\n", "\n") {
		t.Fatalf("rewrite = %q, %v", out, err)
	}
	fake.File("/work/cmd/x/main.go", string(out))
	checktest.Clean(t, checktest.Run(t, LineEndings, fake, facts.Options{}))
}

func TestLineEndings_MixedIsWarning(t *testing.T) {
	fake := scanTestFake(t, map[string]string{"x.go": "package x\r\n\nconst A = 1\nconst B = 2\r\n"})
	r := checktest.Run(t, LineEndings, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "x.go mixes line endings: 2 CRLF and 2 LF.")
	if fd.Fix.Auto == nil {
		t.Error("no auto fix")
	}
}

func TestLineEndings_LoneCRAndTestdata(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"x.go":                    "package x\n\nconst A = 1 \r// a lone CR is no line ending\n",
		"p/testdata/crlf.go":      "package x\r\n",
		"p/testdata/mixed.go":     "package x\r\n\n",
		"p/testdata/crlf.txt":     "text\r\n",
		"p/testdata/.hidden/x.go": "package x\r\n",
	})
	r := checktest.Run(t, LineEndings, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "2 files under testdata/ use CRLF line endings", "p/testdata/crlf.go: CRLF", "p/testdata/mixed.go: mixed: 1 CRLF, 1 LF")
	if fd.Fix != nil {
		t.Errorf("testdata must not be fixed")
	}
}

func TestLineEndings_GitAutocrlf(t *testing.T) {
	files := map[string]string{"x.go": "package x\r\n"}
	t.Run("global true", func(t *testing.T) {
		fake := scanTestFake(t, files)
		fake.File("/home/u/.gitconfig", "[user]\n\tname = U\n[core]\n\tautocrlf = true\n")
		fake.Dir("/work/.git")
		fake.File("/work/.git/config", "[core]\n\tbare = false\n")
		r := checktest.Run(t, LineEndings, fake, facts.Options{})
		checktest.Only(t, r, check.Info, "core.autocrlf=true (set in /home/u/.gitconfig:", "godx explain git/autocrlf", "core.autocrlf: true (/home/u/.gitconfig:", "git config --global core.autocrlf input")
	})
	t.Run("repository overrides", func(t *testing.T) {
		fake := scanTestFake(t, files)
		fake.File("/home/u/.gitconfig", "[core]\n\tautocrlf = true\n")
		fake.File("/work/.git/config", "[core]\n\tautocrlf = input\n")
		r := checktest.Run(t, LineEndings, fake, facts.Options{Dir: "/work"})
		if fd := checktest.Only(t, r, check.Info); strings.Contains(checktest.Text(fd), "autocrlf") {
			t.Errorf("autocrlf=input in the repository wins:\n%s", checktest.Text(fd))
		}
	})
	t.Run("worktree and XDG", func(t *testing.T) {
		fake := scanTestFake(t, files)
		fake.Export("XDG_CONFIG_HOME=/home/u/xdg")
		fake.File("/home/u/xdg/git/config", "[core]\n\tautocrlf = false\n")
		fake.File("/work/.git", "gitdir: /repo/.git/worktrees/w\n")
		fake.File("/repo/.git/worktrees/w/commondir", "../..\n")
		fake.File("/repo/.git/config", "[core]\n\tautocrlf\n") // a bare key is true
		r := checktest.Run(t, LineEndings, fake, facts.Options{})
		checktest.Only(t, r, check.Info, "core.autocrlf=true (set in /repo/.git/config:")
	})
	t.Run("windows system config", func(t *testing.T) {
		fake := factstest.NewMachine(t).Windows().
			Path(`C:\Go\bin`, `C:\Program Files\Git\cmd`).
			Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`).
			File("C:/work/go.mod", "module m\n\ngo 1.26\n").
			File("C:/work/x.go", "package x\r\n").
			Executable("C:/Program Files/Git/cmd/git.exe", "").
			File("C:/Program Files/Git/etc/gitconfig", "[core]\n\tautocrlf = true\n\tsymlinks = false\n").
			File("C:/work/.git/config", "[core]\n\tbare = false\n")
		r := checktest.Run(t, LineEndings, fake, facts.Options{})
		checktest.Only(t, r, check.Info, `core.autocrlf=true (set in C:\Program Files\Git\etc\gitconfig:`)
	})
}
