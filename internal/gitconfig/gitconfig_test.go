package gitconfig_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/gitconfig"
)

// repoAtWork is a fake Linux machine with a git repository at /work on
// branch main and HOME=/home/me.
func repoAtWork() *factstest.OS {
	o := factstest.New()
	o.Setenv("HOME", "/home/me")
	o.AddFile("/work/.git/HEAD", "ref: refs/heads/main\n", 0)
	o.AddFile("/work/.git/config", "[core]\n\trepositoryformatversion = 0\n", 0)
	return o
}

func newFacts(t *testing.T, o facts.OS, dir string) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func project(t *testing.T, o facts.OS) *gitconfig.Config {
	t.Helper()
	cfg, err := gitconfig.Project.Get(newFacts(t, o, ""))
	if err != nil || cfg == nil {
		t.Fatalf("Project = %v, %v", cfg, err)
	}
	return cfg
}

func TestFindRepo(t *testing.T) {
	o := repoAtWork()
	o.AddDir("/work/a/b")
	f := newFacts(t, o, "/work/a/b")
	r, ok := gitconfig.FindRepo(f, f.Dir)
	if !ok || r != (gitconfig.Repo{Worktree: "/work", GitDir: "/work/.git", CommonDir: "/work/.git"}) {
		t.Errorf("from a subdirectory: %+v %v", r, ok)
	}

	// A linked worktree: .git is a file; config lives in the common dir.
	o = factstest.New()
	o.AddFile("/wt/.git", "gitdir: ../repo/.git/worktrees/wt\n", 0)
	o.AddFile("/repo/.git/worktrees/wt/commondir", "../..\n", 0)
	f = newFacts(t, o, "/wt")
	r, ok = gitconfig.FindRepo(f, f.Dir)
	if !ok || r != (gitconfig.Repo{Worktree: "/wt", GitDir: "/repo/.git/worktrees/wt", CommonDir: "/repo/.git"}) {
		t.Errorf("linked worktree: %+v %v", r, ok)
	}

	o = factstest.New()
	o.AddFile("/work/.git", "garbage\n", 0)
	if _, ok := gitconfig.FindRepo(newFacts(t, o, ""), "/work"); ok {
		t.Errorf("a .git file without gitdir: is no repository")
	}
	o = factstest.New()
	o.AddDir("/work")
	f = newFacts(t, o, "")
	if _, ok := gitconfig.FindRepo(f, "/work"); ok {
		t.Errorf("no .git anywhere")
	}
	if cfg, err := gitconfig.Project.Get(f); cfg != nil || err != nil {
		t.Errorf("Project outside a repository = %v, %v", cfg, err)
	}
}

func TestRead_PrecedenceAndOrigins(t *testing.T) {
	o := repoAtWork()
	o.AddFile("/etc/gitconfig", "[core]\n\tautocrlf = true\n\teol = crlf\n\tpager = less\n", 0)
	o.AddFile("/home/me/.config/git/config", "[core]\n\teol = lf\n", 0)
	o.AddFile("/home/me/.gitconfig", "[Core]\n\tEOL = native ; comment\n[user]\n\tname = \"A  B\" # quoted blanks stay\n", 0)
	o.AddFile("/work/.git/config", "[core]\n\tautocrlf = input\n[remote \"Origin\"]\n\turl = x\n[branch.Main]\n\tremote = y\n", 0)
	cfg := project(t, o)
	for key, want := range map[string]gitconfig.Value{
		"core.autocrlf":       {Value: "input", Origin: "/work/.git/config:2", Set: true},
		"CORE.EOL":            {Value: "native", Origin: "/home/me/.gitconfig:2", Set: true},
		"core.pager":          {Value: "less", Origin: "/etc/gitconfig:4", Set: true},
		"user.name":           {Value: "A  B", Origin: "/home/me/.gitconfig:4", Set: true},
		"remote.Origin.url":   {Value: "x", Origin: "/work/.git/config:4", Set: true},
		"remote.origin.url":   {},                                                     // a subsection is case-sensitive
		"branch.main.remote":  {Value: "y", Origin: "/work/.git/config:6", Set: true}, // [branch.Main]: the old form is lower-cased
		"core.attributesFile": {},
	} {
		if got := cfg.Get(key); got != want {
			t.Errorf("Get(%q) = %+v, want %+v", key, got, want)
		}
	}

	// The environment: GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL, GIT_CONFIG_COUNT.
	o.Setenv("GIT_CONFIG_NOSYSTEM", "yes")
	o.Setenv("GIT_CONFIG_GLOBAL", "/elsewhere/gitconfig")
	o.AddFile("/elsewhere/gitconfig", "[user]\n\temail = e@example.com\n", 0)
	o.Setenv("GIT_CONFIG_COUNT", "2")
	o.Setenv("GIT_CONFIG_KEY_0", "Core.Eol")
	o.Setenv("GIT_CONFIG_VALUE_0", "crlf")
	o.Setenv("GIT_CONFIG_KEY_1", "")
	cfg = project(t, o)
	if v := cfg.Get("core.pager"); v.Set {
		t.Errorf("GIT_CONFIG_NOSYSTEM: system value %+v", v)
	}
	if v := cfg.Get("user.name"); v.Set {
		t.Errorf("GIT_CONFIG_GLOBAL: ~/.gitconfig still read: %+v", v)
	}
	if v := cfg.Get("user.email"); v.Origin != "/elsewhere/gitconfig:2" {
		t.Errorf("GIT_CONFIG_GLOBAL: %+v", v)
	}
	if v := cfg.Get("core.eol"); v != (gitconfig.Value{Value: "crlf", Origin: "GIT_CONFIG_KEY_0", Set: true}) {
		t.Errorf("GIT_CONFIG_KEY_0: %+v", v)
	}
}

func TestRead_ValueSyntax(t *testing.T) {
	o := repoAtWork()
	o.AddFile("/work/.git/config", "\xef\xbb\xbf[a]\r\n"+
		"\tbare\r\n"+
		"\tquoted = \" x \" \"y\"\n"+
		"\tescaped = a\\tb\\\\c\\\"d\n"+
		"\tcomment = v # c\n"+
		"\tsemi = \"v;w\";x\n"+
		"\tcont = one \\\n two\n"+
		"[b] c = inline\n", 0)
	cfg := project(t, o)
	for key, want := range map[string]string{
		"a.bare": "true", "a.quoted": " x  y", "a.escaped": "a\tb\\c\"d", "a.comment": "v", "a.semi": "v;w", "a.cont": "one  two", "b.c": "inline",
	} {
		if got := cfg.Get(key); got.Value != want {
			t.Errorf("%s = %q, want %q", key, got.Value, want)
		}
	}
}

func TestRead_Includes(t *testing.T) {
	o := repoAtWork()
	o.AddFile("/home/me/.gitconfig", "[include]\n\tpath = .gitconfig.d/base\n"+
		"[includeIf \"gitdir:~/elsewhere/\"]\n\tpath = ~/never\n"+
		"[includeIf \"gitdir:/work/\"]\n\tpath = ~/work.inc\n"+
		"[includeIf \"gitdir/i:/WORK/.git\"]\n\tpath = /etc/fold.inc\n"+
		"[includeIf \"onbranch:release/**\"]\n\tpath = ~/release.inc\n"+
		"[includeIf \"hasconfig:remote.*.url:https://x/**\"]\n\tpath = ~/never\n"+
		"[include]\n\tpath = ~/loop\n", 0)
	o.AddFile("/home/me/.gitconfig.d/base", "[x]\n\tbase = 1\n", 0)
	o.AddFile("/home/me/never", "[x]\n\tnever = 1\n", 0)
	o.AddFile("/home/me/work.inc", "[x]\n\twork = 1\n", 0)
	o.AddFile("/etc/fold.inc", "[x]\n\tfold = 1\n", 0)
	o.AddFile("/home/me/release.inc", "[x]\n\trelease = 1\n", 0)
	o.AddFile("/home/me/loop", "[include]\n\tpath = loop\n[x]\n\tloop = 1\n", 0) // includes itself: bounded
	cfg := project(t, o)
	for key, want := range map[string]bool{"x.base": true, "x.never": false, "x.work": true, "x.fold": true, "x.release": false, "x.loop": true} {
		if got := cfg.Get(key).Set; got != want {
			t.Errorf("%s set = %v, want %v", key, got, want)
		}
	}
	if v := cfg.Get("x.work"); v.Origin != "/home/me/work.inc:2" {
		t.Errorf("origin of an included value: %q", v.Origin)
	}
	o.AddFile("/work/.git/HEAD", "ref: refs/heads/release/1.0\n", 0)
	if !project(t, o).Get("x.release").Set {
		t.Errorf("onbranch:release/** on release/1.0")
	}
}

func TestRead_SystemFileFromGitOnPath(t *testing.T) {
	o := repoAtWork()
	o.Setenv("PATH", "/opt/git/bin")
	o.AddFile("/opt/git/bin/git", "#!/bin/sh\n", 0o755)
	o.AddFile("/opt/git/etc/gitconfig", "[x]\n\tsystem = opt\n", 0)
	o.AddFile("/etc/gitconfig", "[x]\n\tsystem = etc\n", 0)
	if v := project(t, o).Get("x.system"); v.Value != "opt" {
		t.Errorf("git in /opt/git: %+v", v)
	}
	o.Setenv("GIT_CONFIG_SYSTEM", "/etc/gitconfig")
	if v := project(t, o).Get("x.system"); v.Value != "etc" {
		t.Errorf("GIT_CONFIG_SYSTEM: %+v", v)
	}

	w := factstest.New()
	w.OSName, w.Wd = "windows", `C:\work`
	w.Setenv("USERPROFILE", `C:\Users\me`)
	w.Setenv("PROGRAMDATA", `C:\ProgramData`)
	w.Setenv("PATH", `C:\Program Files\Git\cmd`)
	w.AddFile(`C:\Program Files\Git\cmd\git.exe`, "MZ", 0o755)
	w.AddFile(`C:\ProgramData\Git\config`, "[x]\n\ta = programdata\n\tb = programdata\n", 0)
	w.AddFile(`C:\Program Files\Git\etc\gitconfig`, "[x]\n\tb = gitforwindows\n", 0)
	w.AddFile(`C:\Users\me\.gitconfig`, "[x]\n\tc = home\n", 0)
	w.AddFile(`C:\work\.git\HEAD`, "ref: refs/heads/main\n", 0)
	cfg := project(t, w)
	for key, want := range map[string]string{"x.a": "programdata", "x.b": "gitforwindows", "x.c": "home"} {
		if got := cfg.Get(key).Value; got != want {
			t.Errorf("windows %s = %q, want %q", key, got, want)
		}
	}
}

func TestBool(t *testing.T) {
	for v, want := range map[string]bool{"true": true, "Yes": true, " on ": true, "1": true, "false": false, "input": false, "": false, "0": false} {
		if got := gitconfig.Bool(v); got != want {
			t.Errorf("Bool(%q) = %v", v, got)
		}
	}
}

func TestLineEndingAttributes(t *testing.T) {
	o := repoAtWork()
	o.AddFile("/home/me/.config/git/attributes", "* text=auto\n", 0)
	o.AddFile("/work/.gitattributes", "# comment\n*.go text\n*.md eol=crlf\n[attr]mine text\n", 0)
	o.AddFile("/work/sub/.gitattributes", "*.go eol=lf\n/*.go -text\nother/*.go eol=crlf\n", 0)
	o.AddFile("/work/.git/info/attributes", "deep/**/x.go binary\n", 0)
	f := newFacts(t, o, "")
	cfg, _ := gitconfig.Project.Get(f)
	cases := []struct {
		rel, text, eol string
		rules          int
	}{
		{"x.go", "set", "", 2},
		{"README.md", "auto", "crlf", 2},
		{"sub/x.go", "unset", "lf", 4},
		{"sub/other/x.go", "set", "crlf", 4},
		{"sub/deep/a/x.go", "set", "lf", 3},
		{"deep/a/b/x.go", "unset", "", 3},
	}
	for _, c := range cases {
		text, eol, rules := gitconfig.LineEndingAttributes(f, cfg, c.rel)
		if text.Value != c.text || eol.Value != c.eol || len(rules) != c.rules {
			t.Errorf("%s: text %+v eol %+v rules %q; want %q %q and %d rules", c.rel, text, eol, rules, c.text, c.eol, c.rules)
		}
	}
	text, _, _ := gitconfig.LineEndingAttributes(f, cfg, "sub/x.go")
	if text.Origin != "/work/sub/.gitattributes:2" {
		t.Errorf("origin: %q", text.Origin)
	}

	// core.attributesFile replaces the XDG file.
	o.AddFile("/work/.git/config", "[core]\n\tattributesFile = ~/attrs\n", 0)
	o.AddFile("/home/me/attrs", "*.txt eol=crlf\n", 0)
	f = newFacts(t, o, "")
	cfg, _ = gitconfig.Project.Get(f)
	if _, eol, _ := gitconfig.LineEndingAttributes(f, cfg, "a.txt"); eol.Origin != "/home/me/attrs:1" {
		t.Errorf("core.attributesFile: %+v", eol)
	}
	if text, _, _ := gitconfig.LineEndingAttributes(f, cfg, "README.md"); text.Set {
		t.Errorf("XDG attributes still read: %+v", text)
	}
}

// TestRead_AgreesWithRealGit compares values and their origins with
// `git config --show-origin --get`.
func TestRead_AgreesWithRealGit(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	home, repo := filepath.Join(dir, "home"), filepath.Join(dir, "repo")
	os.MkdirAll(filepath.Join(home, ".config", "git"), 0o755)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") && !strings.HasPrefix(kv, "GIT_") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "GIT_CONFIG_NOSYSTEM=1")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitPath, args...)
		cmd.Dir, cmd.Env = repo, env
		out, _ := cmd.Output()
		return strings.TrimRight(string(out), "\n")
	}
	os.MkdirAll(repo, 0o755)
	git("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(home, ".config", "git", "config"), []byte("[core]\n\tautocrlf = false\n[x]\n\txdg = 1\n"), 0o644)
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[core]\n\tautocrlf = \"true\" ; why\n"+
		"[includeIf \"gitdir:"+filepath.ToSlash(repo)+"/\"]\n\tpath = inc\n"+
		"[includeIf \"onbranch:main\"]\n\tpath = ~/branch\n"), 0o644)
	os.WriteFile(filepath.Join(home, "inc"), []byte("[x]\n\tinc = \"a \\\"b\\\"\"\n[Y \"Sub\"]\n\tz = 2\n"), 0o644)
	os.WriteFile(filepath.Join(home, "branch"), []byte("[core]\n\teol = crlf\n"), 0o644)

	sys := &envOS{System: facts.System{}, env: env}
	cfg, err := gitconfig.Project.Get(newFacts(t, sys, repo))
	if err != nil || cfg == nil {
		t.Fatalf("Project: %v, %v", cfg, err)
	}
	for _, key := range []string{"core.autocrlf", "core.eol", "x.xdg", "x.inc", "y.Sub.z", "core.repositoryformatversion", "x.missing"} {
		want := git("config", "--show-origin", "--get", key)
		if file, ok := strings.CutPrefix(want, "file:"); ok && !filepath.IsAbs(file) {
			want = "file:" + filepath.Join(repo, file) // git shows the repository's own config relative
		}
		v := cfg.Get(key)
		got := ""
		if v.Set {
			got = "file:" + strings.TrimSuffix(v.Origin, v.Origin[strings.LastIndexByte(v.Origin, ':'):]) + "\t" + v.Value
		}
		if got != want {
			t.Errorf("%s: godx %q, git %q", key, got, want)
		}
	}
}

// envOS is the real system with a replaced environment.
type envOS struct {
	facts.System
	env []string
}

func (o *envOS) Environ() []string { return o.env }
