package wsl

import (
	"slices"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

func TestWindowsPaths_CleanHasNoFinding(t *testing.T) {
	r := checktest.Run(t, WindowsPaths, newWSLMachine(t), facts.Options{})
	checktest.Clean(t, r, "Linux file system")
}

func TestWindowsPaths_ProjectOnC(t *testing.T) {
	o := newWSLMachine(t)
	o.Wd = "/mnt/c/Users/me/src/app"
	o.AddFile("/mnt/c/Users/me/src/app/go.mod", "module example.com/app\n", 0o777)
	o.Go("/usr/local/go", "go1.26.8", "GOMOD=/mnt/c/Users/me/src/app/go.mod")
	r := checktest.Run(t, WindowsPaths, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "/mnt/c/Users/me/src/app", `C:\`, "without the `metadata` option", "permission denied", `\\wsl$\Ubuntu-24.04\home\me\src\app`)
	want := []string{"mkdir -p $HOME/src", "mv /mnt/c/Users/me/src/app $HOME/src/", "cd $HOME/src/app"}
	if !slices.Equal(fd.Fix.Commands, want) {
		t.Errorf("commands = %q, want %q", fd.Fix.Commands, want)
	}
}

func TestWindowsPaths_ModCacheInEnvFile(t *testing.T) {
	o := newWSLMachine(t)
	o.File("/home/me/.config/go/env", "GOMODCACHE=/mnt/d/gomod\n")
	o.Go("/usr/local/go", "go1.26.8", "GOMOD=/home/me/src/app/go.mod", "GOMODCACHE=/mnt/d/gomod", "GOENV=/home/me/.config/go/env")
	r := checktest.Run(t, WindowsPaths, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "GOMODCACHE is on a Windows drive", "/mnt/d/gomod", "go env -w file", "with the `metadata` option")
	want := []string{"go env -w GOMODCACHE=$HOME/go/pkg/mod", "GOMODCACHE=/mnt/d/gomod go clean -modcache"}
	if !slices.Equal(fd.Fix.Commands, want) {
		t.Errorf("commands = %q, want %q", fd.Fix.Commands, want)
	}
}

// GOPATH exported from Windows through WSLENV puts GOPATH and the default
// GOMODCACHE on C:; the GOPATH fix covers both.
func TestWindowsPaths_GopathFromEnvironment(t *testing.T) {
	o := newWSLMachine(t)
	o.Export("GOPATH=/mnt/c/Users/me/go", "WSLENV=GOPATH/p:USERPROFILE/p")
	o.AddFile("/mnt/c/Users/me/go/bin/gopls", "\x7fELF", 0o777)
	// The fake go derives GOMODCACHE from HOME; the real one from GOPATH.
	o.Go("/usr/local/go", "go1.26.8", "GOMOD=/home/me/src/app/go.mod", "GOMODCACHE=/mnt/c/Users/me/go/pkg/mod")
	r := checktest.Run(t, WindowsPaths, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "GOPATH, GOMODCACHE are on a Windows drive", "/mnt/c/Users/me/go/pkg/mod", "environment", "WSLENV", "export GOPATH=...")
	want := []string{
		"unset GOPATH",
		"go env -w GOPATH=$HOME/go",
		"mkdir -p $HOME/go/bin",
		"mv /mnt/c/Users/me/go/bin/* $HOME/go/bin/",
		"GOMODCACHE=/mnt/c/Users/me/go/pkg/mod go clean -modcache",
	}
	if !slices.Equal(fd.Fix.Commands, want) {
		t.Errorf("commands = %q, want %q", fd.Fix.Commands, want)
	}
}

func TestWindowsPaths_NoMountTableIsSkipped(t *testing.T) {
	o := newWSLMachine(t)
	delete(o.Files, "proc/self/mountinfo")
	checktest.Skipped(t, checktest.Run(t, WindowsPaths, o, facts.Options{}), "mountinfo")
}

func TestWindowsPaths_GoEnvFails(t *testing.T) {
	o := newWSLMachine(t)
	o.Wd = "/mnt/c/proj"
	o.Dir("/mnt/c/proj")
	o.Path("/usr/bin")
	r := checktest.Run(t, WindowsPaths, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "/mnt/c/proj")
}
