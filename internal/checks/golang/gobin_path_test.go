package golang

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// gobinPathNew is a Linux machine with go1.26.8 and PATH path.
func gobinPathNew(t *testing.T, path ...string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path(path...).
		Go("/usr/local/go", "go1.26.8")
}

func TestGoBinPath_OnPathIsClean(t *testing.T) {
	o := gobinPathNew(t, "/usr/bin", "/usr/local/go/bin", "/home/u/go/bin").
		Executable("/home/u/go/bin/gopls", "")
	checktest.Clean(t, checktest.Run(t, BinPath, o, facts.Options{}), "/home/u/go/bin is on PATH")
}

func TestGoBinPath_SpellingsOfTheSameDirectory(t *testing.T) {
	// Each PATH entry is the install directory.
	for _, entry := range []string{"/home/u/go/bin/", "/home/u//go/./bin", "/home/u/link-to-bin"} {
		t.Run(entry, func(t *testing.T) {
			o := gobinPathNew(t, "/usr/bin", entry, "/usr/local/go/bin").
				Executable("/home/u/go/bin/gopls", "").
				Link("/home/u/link-to-bin", "/home/u/go/bin")
			checktest.Clean(t, checktest.Run(t, BinPath, o, facts.Options{}))
		})
	}
}

func TestGoBinPath_NotOnPathWithProgramsIsWarning(t *testing.T) {
	o := gobinPathNew(t, "/usr/bin", "/usr/local/go/bin")
	for _, p := range []string{"gopls", "dlv", "staticcheck", "golangci-lint", "gotests", "impl", "goimports"} {
		o.Executable("/home/u/go/bin/"+p, "")
	}
	o.File("/home/u/go/bin/README", "not a program")
	o.Dir("/home/u/go/bin/windows_amd64")
	o.Export("SHELL=/bin/zsh")
	r := checktest.Run(t, BinPath, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "/home/u/go/bin is not on PATH", "the 7 programs",
		"dlv, goimports, golangci-lint, gopls, gotests and 2 more", "`dlv: command not found`")
	if fd.Fix.Commands[0] != "godx shell-init --install" || fd.Fix.Commands[1] != `export PATH="$PATH:/home/u/go/bin"` {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	if a := fd.Fix.Auto; a == nil || a.Kind != "edit" || a.Path != "/home/u/.zshrc" {
		t.Fatalf("auto fix = %+v", a)
	}
	if strings.Contains(checktest.Text(fd), "README") {
		t.Error("README is not a program")
	}
}

func TestGoBinPath_NotOnPathEmptyOrMissingIsInfo(t *testing.T) {
	o := gobinPathNew(t, "/usr/bin", "/usr/local/go/bin")
	r := checktest.Run(t, BinPath, o, facts.Options{})
	checktest.Only(t, r, check.Info, "/home/u/go/bin is not on PATH (it does not exist yet)")

	o.Dir("/home/u/go/bin")
	r = checktest.Run(t, BinPath, o, facts.Options{})
	checktest.Only(t, r, check.Info, "it holds no programs yet")
}

func TestGoBinPath_GobinWins(t *testing.T) {
	o := gobinPathNew(t, "/usr/bin", "/usr/local/go/bin", "/home/u/.local/bin").
		Go("/usr/local/go", "go1.26.8", "GOBIN=/home/u/.local/bin").
		Export("GOBIN=/home/u/.local/bin")
	o.Executable("/home/u/go/bin/old-tool", "")                       // GOPATH/bin is not used
	checktest.Clean(t, checktest.Run(t, BinPath, o, facts.Options{})) // GOBIN is on PATH

	o.Path("/usr/bin", "/usr/local/go/bin", "/home/u/go/bin")
	o.Executable("/home/u/.local/bin/gopls", "")
	r := checktest.Run(t, BinPath, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "/home/u/.local/bin is not on PATH", "GOBIN (environment variable)", "gopls")
}

func TestGoBinPath_RelativeGobinIsError(t *testing.T) {
	o := gobinPathNew(t, "/usr/bin", "/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8", "GOBIN=bin").
		Export("GOBIN=bin")
	r := checktest.Run(t, BinPath, o, facts.Options{})
	checktest.Only(t, r, check.Error, "cannot install, GOBIN must be an absolute path", "unset GOBIN")
}

func TestGoBinPath_Windows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Go("C:/Program Files/Go", "go1.26.8", `GOPATH=C:\Users\u\go`).
		File("C:/Users/u/go/bin/gopls.exe", "").
		File("C:/Users/u/go/bin/notes.txt", "")

	// Case and trailing separators do not matter on Windows.
	o.Path(`C:\Program Files\Go\bin`, `c:\users\U\GO\BIN\`)
	checktest.Clean(t, checktest.Run(t, BinPath, o, facts.Options{}))

	o.Path(`C:\Program Files\Go\bin`)
	r := checktest.Run(t, BinPath, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, `C:\Users\u\go\bin is not on PATH`, "the 1 program installed there", "gopls.exe",
		"`'gopls' is not recognized as an internal or external command")
	if strings.Contains(checktest.Text(fd), "notes.txt") {
		t.Error("notes.txt is not a program")
	}
	if !strings.Contains(fd.Fix.Commands[0], `GetEnvironmentVariable('Path', 'User') + ';C:\Users\u\go\bin'`) {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoBinPath_RealMachine(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("needs a real go command")
	}
	tmp := t.TempDir()
	gobin := filepath.Join(tmp, "tools")
	os.MkdirAll(gobin, 0o755)
	os.WriteFile(filepath.Join(gobin, "gopls"), []byte("#!/bin/sh\n"), 0o755)
	link := filepath.Join(tmp, "link")
	os.Symlink(gobin, link)
	t.Setenv("HOME", tmp)
	t.Setenv("GOENV", filepath.Join(tmp, "goenv"))
	t.Setenv("GOROOT", "")
	t.Setenv("GOPATH", "")
	t.Setenv("GOBIN", gobin)

	t.Setenv("PATH", filepath.Dir(goBin)+":/usr/bin:/bin")
	r := checktest.Run(t, BinPath, facts.System{}, facts.Options{Dir: tmp})
	checktest.Only(t, r, check.Warning, gobin+" is not on PATH", "gopls")

	t.Setenv("PATH", filepath.Dir(goBin)+":/usr/bin:"+link+"/:/bin")
	r = checktest.Run(t, BinPath, facts.System{}, facts.Options{Dir: tmp})
	checktest.Clean(t, r) // a symlink to GOBIN on PATH
}

func TestGoBinPath_AutoFixWritesTheShellBlockOnce(t *testing.T) {
	for _, tc := range []struct{ shell, profile, line string }{
		{"/bin/bash", "/home/u/.bashrc", `case ":${PATH}:" in *:"$HOME/go/bin":*)`},
		{"/usr/bin/fish", "/home/u/.config/fish/conf.d/godx.fish", `contains -- "$HOME/go/bin" $PATH; or set -gx PATH $PATH "$HOME/go/bin"`},
	} {
		o := gobinPathNew(t, "/usr/bin", "/usr/local/go/bin").
			Executable("/home/u/go/bin/gopls", "").
			Export("SHELL="+tc.shell).
			File("/home/u/.bashrc", "alias ll='ls -l'\r\n")
		r := checktest.Run(t, BinPath, o, facts.Options{})
		fd := checktest.Only(t, r, check.Warning, "/home/u/go/bin is not on PATH")
		a := fd.Fix.Auto
		if a == nil || a.Path != tc.profile {
			t.Fatalf("%s: auto = %+v", tc.shell, a)
		}
		old, _ := o.ReadFile(tc.profile, 1<<20)
		fixed, err := a.Rewrite(old)
		if err != nil || !strings.Contains(string(fixed), "# >>> godx >>>") || !strings.Contains(string(fixed), tc.line) {
			t.Fatalf("%s: rewrite = %q, %v", tc.shell, fixed, err)
		}
		if again, _ := a.Rewrite(fixed); string(again) != string(fixed) {
			t.Errorf("%s: the rewrite is not idempotent", tc.shell)
		}
		// After the fix, this environment is stale but the fix is done: info, no auto fix.
		o.File(tc.profile, string(fixed))
		r = checktest.Run(t, BinPath, o, facts.Options{})
		fd = checktest.Only(t, r, check.Info, "not on PATH here, but the godx block in "+tc.profile+" adds it")
		if fd.Fix.Auto != nil {
			t.Errorf("%s: still an automatic fix after the fix", tc.shell)
		}
	}
}

func TestGoBinPath_NoAutoFixForUnknownShellOrWindows(t *testing.T) {
	o := gobinPathNew(t, "/usr/bin", "/usr/local/go/bin").
		Executable("/home/u/go/bin/gopls", "").
		Export("SHELL=/bin/ksh")
	r := checktest.Run(t, BinPath, o, facts.Options{})
	if fd := checktest.Only(t, r, check.Warning, "~/.profile"); fd.Fix.Auto != nil {
		t.Errorf("ksh: auto = %+v", fd.Fix.Auto)
	}
}
