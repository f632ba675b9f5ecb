package git

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// autocrlfTestRepo is a fake machine (goos linux or windows) of user me with a
// Go module in a git repository at the working directory.
func autocrlfTestRepo(t *testing.T, goos string) *factstest.Machine {
	o := factstest.NewMachine(t).Linux().Home("/home/me")
	if goos == "windows" {
		o = factstest.NewMachine(t).Windows().Home(`C:\Users\me`)
	}
	wd := o.Wd
	return o.File(wd+"/go.mod", "module example.com/m\n\ngo 1.26\n").
		File(wd+"/main.go", "package main\n").
		File(wd+"/.git/HEAD", "ref: refs/heads/main\n").
		File(wd+"/.git/config", "[core]\n\trepositoryformatversion = 0\n")
}

func autocrlfTestRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	return checktest.Run(t, Autocrlf, o, facts.Options{})
}

func TestAutocrlf_CleanRepoNoFinding(t *testing.T) {
	checktest.Clean(t, autocrlfTestRun(t, autocrlfTestRepo(t, "linux")), "LF")
}

func TestAutocrlf_GlobalAutocrlfTrue(t *testing.T) {
	o := autocrlfTestRepo(t, "linux")
	o.File("/home/me/.gitconfig", "[user]\n\tname = Me\n[core]\n\tautocrlf = true ; set by me\n")
	r := autocrlfTestRun(t, o)
	fd := checktest.Only(t, r, check.Warning, "CRLF", "core.autocrlf=true (/home/me/.gitconfig:4)", "*.go text eol=lf", "git checkout-index --force --all")
	if fd.Fix.Auto == nil || fd.Fix.Auto.Path != "/work/.gitattributes" {
		t.Fatalf("auto fix %+v", fd.Fix.Auto)
	}
	out, err := fd.Fix.Auto.Rewrite([]byte("*.png binary"))
	if err != nil || string(out) != "*.png binary\n*.go text eol=lf\n" {
		t.Fatalf("rewrite = %q, %v", out, err)
	}
	again, _ := fd.Fix.Auto.Rewrite(out)
	if !bytes.Equal(again, out) {
		t.Errorf("the fix is not idempotent: %q", again)
	}
	// With the rule committed, the finding goes away.
	o.File("/work/.gitattributes", string(out))
	checktest.Clean(t, autocrlfTestRun(t, o))
}

func TestAutocrlf_AttributesThatHelpAndThatDoNot(t *testing.T) {
	cases := []struct {
		attrs string
		crlf  bool
	}{
		{"* text=auto eol=lf\n", false},
		{"*.go -text\n", false},
		{"*.go binary\n", false},
		{"**/*.go text eol=lf\n", false},
		{"* text=auto\n", true}, // autocrlf=true still wins over core.eol
		{"*.go text\n", true},
		{"*.md text eol=lf\n", true},
		{"*.go text eol=lf\n*.go eol=crlf\n", true},
		{"sub/*.go -text\n", true}, // anchored elsewhere
	}
	for _, c := range cases {
		o := autocrlfTestRepo(t, "linux")
		o.File("/work/.git/config", "[core]\n\tautocrlf = true\n")
		o.File("/work/.gitattributes", c.attrs)
		r := autocrlfTestRun(t, o)
		if got := len(r.Findings) == 1; got != c.crlf {
			t.Errorf("%q: CRLF finding = %v, want %v (%+v, %q)", c.attrs, got, c.crlf, r.Findings, r.Summary)
		}
	}
}

func TestAutocrlf_WindowsNativeEOLWithTextAuto(t *testing.T) {
	// No autocrlf at all, but `* text=auto` on Windows: core.eol is native = CRLF.
	o := autocrlfTestRepo(t, "windows")
	o.File(`C:\work\.gitattributes`, "* text=auto\n")
	r := autocrlfTestRun(t, o)
	checktest.Only(t, r, check.Warning, "native, which is CRLF on Windows", `C:\work\.gitattributes:1`)

	// The same repository on Linux gets LF.
	o = autocrlfTestRepo(t, "linux")
	o.File("/work/.gitattributes", "* text=auto\n")
	checktest.Clean(t, autocrlfTestRun(t, o))
}

func TestAutocrlf_GitForWindowsSystemConfig(t *testing.T) {
	o := autocrlfTestRepo(t, "windows")
	o.Path(`C:\Program Files\Git\cmd`)
	o.Executable(`C:\Program Files\Git\cmd\git.exe`, "MZ")
	o.File(`C:\Program Files\Git\etc\gitconfig`, "[core]\n\tautocrlf = true\n\tfscache = true\n")
	r := autocrlfTestRun(t, o)
	checktest.Only(t, r, check.Warning, `core.autocrlf=true (C:\Program Files\Git\etc\gitconfig:2)`)

	// The repository's own config wins.
	o.File(`C:\work\.git\config`, "[core]\n\tautocrlf = input\n")
	checktest.Clean(t, autocrlfTestRun(t, o))
}

func TestAutocrlf_Includes(t *testing.T) {
	o := autocrlfTestRepo(t, "linux")
	o.File("/home/me/.gitconfig", "[include]\n\tpath = .gitconfig.d/base\n[includeIf \"gitdir:~/elsewhere/\"]\n\tpath = ~/never\n[includeIf \"gitdir:/work/\"]\n\tpath = ~/work.inc\n")
	o.File("/home/me/.gitconfig.d/base", "[core]\n\tautocrlf = false\n")
	o.File("/home/me/never", "[core]\n\tautocrlf = input\n")
	o.File("/home/me/work.inc", "[core]\n\tautocrlf = \"true\"\n")
	r := autocrlfTestRun(t, o)
	checktest.Only(t, r, check.Warning, "/home/me/work.inc:2")

	// onbranch:
	o.File("/home/me/.gitconfig", "[includeIf \"onbranch:release/**\"]\n\tpath = ~/work.inc\n")
	checktest.Clean(t, autocrlfTestRun(t, o)) // on branch main
	o.File("/work/.git/HEAD", "ref: refs/heads/release/1.0\n")
	checktest.Only(t, autocrlfTestRun(t, o), check.Warning, "/home/me/work.inc:2")
}

func TestAutocrlf_EnvironmentConfig(t *testing.T) {
	o := autocrlfTestRepo(t, "linux")
	o.Export("GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=core.autocrlf", "GIT_CONFIG_VALUE_0=true")
	checktest.Only(t, autocrlfTestRun(t, o), check.Warning, "GIT_CONFIG_KEY_0")

	o = autocrlfTestRepo(t, "linux")
	o.File("/etc/gitconfig", "[core]\nautocrlf=true\n")
	checktest.Only(t, autocrlfTestRun(t, o), check.Warning, "/etc/gitconfig:2")
	o.Export("GIT_CONFIG_NOSYSTEM=1")
	checktest.Clean(t, autocrlfTestRun(t, o))
}

func TestAutocrlf_WorktreeAndSkips(t *testing.T) {
	o := factstest.NewMachine(t).Linux().Home("/home/me").File("/work/main.go", "package main\n")
	checktest.Skipped(t, autocrlfTestRun(t, o)) // no repository
	// A linked worktree: .git is a file; config lives in the common dir.
	o.File("/work/.git", "gitdir: /repo/.git/worktrees/work\n")
	o.File("/repo/.git/worktrees/work/HEAD", "ref: refs/heads/feature\n")
	o.File("/repo/.git/worktrees/work/commondir", "../..\n")
	o.File("/repo/.git/config", "[core]\n\tautocrlf = yes\n")
	checktest.Only(t, autocrlfTestRun(t, o), check.Warning, "/repo/.git/config:2")

	// A repository without Go code is skipped.
	o = factstest.NewMachine(t).
		File("/work/.git/HEAD", "ref: refs/heads/main\n").
		File("/work/README.md", "hi\n")
	checktest.Skipped(t, autocrlfTestRun(t, o))
}

// TestAutocrlf_AgreesWithRealGit checks godx's prediction against what
// the real git does on checkout, for a matrix of settings.
func TestAutocrlf_AgreesWithRealGit(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	cases := []struct{ global, local, attrs string }{
		{"", "", ""},
		{"[core]\n\tautocrlf = true\n", "", ""},
		{"[core]\n\tautocrlf = true\n", "", "* text=auto eol=lf\n"},
		{"[core]\n\tautocrlf = true\n", "", "* text=auto\n"},
		{"[core]\n\tautocrlf = true\n", "[core]\n\tautocrlf = input\n", ""},
		{"", "[core]\n\teol = crlf\n", "* text=auto\n"},
		{"", "[core]\n\teol = crlf\n", ""},
		{"[core]\n\tautocrlf = true\n", "", "*.go -text\n"},
		{"", "", "*.go eol=crlf\n"},
		{"[core]\n\tautocrlf = true\n", "", "*.go text eol=lf\n"},
	}
	for i, c := range cases {
		dir := t.TempDir()
		home, repo := filepath.Join(dir, "home"), filepath.Join(dir, "repo")
		os.MkdirAll(home, 0o755)
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") && !strings.HasPrefix(kv, "GIT_") {
				env = append(env, kv)
			}
		}
		env = append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		git := func(args ...string) {
			t.Helper()
			cmd := exec.Command(gitPath, args...)
			cmd.Dir, cmd.Env = repo, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
		os.MkdirAll(repo, 0o755)
		git("init", "-q", "-b", "main")
		os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module example.com/m\n"), 0o644)
		os.WriteFile(filepath.Join(repo, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
		if c.attrs != "" {
			os.WriteFile(filepath.Join(repo, ".gitattributes"), []byte(c.attrs), 0o644)
		}
		git("add", "-A")
		git("commit", "-q", "-m", "x")
		os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(c.global), 0o644)
		if c.local != "" {
			f, _ := os.OpenFile(filepath.Join(repo, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString(c.local)
			f.Close()
		}
		os.Remove(filepath.Join(repo, "main.go"))
		git("checkout", "--", "main.go")
		data, _ := os.ReadFile(filepath.Join(repo, "main.go"))
		gitCRLF := bytes.Contains(data, []byte("\r\n"))

		sys := &autocrlfTestEnvOS{System: facts.System{}, env: env}
		fx, err := facts.New(context.Background(), sys, facts.Options{Dir: repo})
		if err != nil {
			t.Fatal(err)
		}
		r := checktest.RunFacts(t, Autocrlf, fx)
		if got := len(r.Findings) == 1; got != gitCRLF {
			t.Errorf("case %d %+v: godx predicts CRLF=%v, git wrote CRLF=%v (%q)", i, c, got, gitCRLF, r.Summary)
		}
	}
}

// autocrlfTestEnvOS is the real system with a replaced environment.
type autocrlfTestEnvOS struct {
	facts.System
	env []string
}

func (o *autocrlfTestEnvOS) Environ() []string { return o.env }
