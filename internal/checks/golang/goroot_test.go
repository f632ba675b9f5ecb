package golang

import (
	"io/fs"
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

// gorootNew is a Linux machine without Go, /usr/local/go/bin on PATH;
// tests install theirs.
func gorootNew(t *testing.T) *factstest.Machine {
	return factstest.NewMachine(t).Linux().Path("/usr/bin", "/usr/local/go/bin")
}

func TestGoRoot_NotSetIsClean(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8")
	r := checktest.Run(t, Root, o, facts.Options{})
	checktest.Clean(t, r, "GOROOT not set", "go1.26.8 matches")
}

func TestGoRoot_OtherInstallationIsCompileMismatch(t *testing.T) {
	o := gorootNew(t)
	o.Go("/opt/go1.22", "go1.22.5") // not on PATH
	o.Go("/usr/local/go", "go1.26.8", "GOROOT=/opt/go1.22", "GOTOOLDIR=/opt/go1.22/pkg/tool/linux_amd64")
	o.Export("GOROOT=/opt/go1.22")
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error,
		"GOROOT is set (environment variable) to /opt/go1.22, whose compiler is go1.22.5",
		`compile: version "go1.22.5" does not match go tool version "go1.26.8"`,
		"another installation than the one the go command belongs to (/usr/local/go)")
	if fd.Fix.Commands[0] != "unset GOROOT" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoRoot_SetToOwnInstallationIsInfo(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8", "GOROOT=/usr/local/go").
		Export("GOROOT=/usr/local/go/")
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "set (environment variable) to /usr/local/go", "unnecessary", "unset GOROOT")
	if fd.Fix.Auto != nil {
		t.Errorf("an environment variable is not godx's to change: auto = %+v", fd.Fix.Auto)
	}
}

func TestGoRoot_SetInEnvFileIsInfo(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8").
		File("/home/u/.config/go/env", "GOROOT=/usr/local/go\n")
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "go env -w file /home/u/.config/go/env", "unnecessary")
	if fd.Fix.Commands[0] != "GOROOT=/usr/local/go go env -u GOROOT" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	gorootWantAuto(t, fd)
}

// gorootWantAuto: godx fix removes the GOROOT line from the go env -w
// file itself (`go env -u` cannot run while the file's GOROOT is missing,
// nor while another of its values stops the go command).
func gorootWantAuto(t *testing.T, fd check.Finding) {
	t.Helper()
	checktest.AutoEdit(t, fd, "/home/u/.config/go/env", "GOPROXY=direct\nGOROOT=/nonexistent/go\nGOPATH=~/gp\n", "GOPROXY=direct\nGOPATH=~/gp\n")
}

func TestGoRoot_MissingFromEnvironment(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: cannot find GOROOT directory: /usr/local/go1.21\n")).
		Export("GOROOT=/usr/local/go1.21")
	r := checktest.Run(t, Root, o, facts.Options{})
	checktest.Only(t, r, check.Error, "/usr/local/go1.21, which does not exist",
		"go: cannot find GOROOT directory: /usr/local/go1.21", "unset GOROOT", "go command's installation: /usr/local/go")
}

func TestGoRoot_MissingFromEnvFile(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: cannot find GOROOT directory: /nonexistent/go\n")).
		File("/home/u/.config/go/env", "GOPROXY=direct\nGOROOT=/nonexistent/go\n")
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go env -w file /home/u/.config/go/env", "/nonexistent/go")
	// `go env -u` alone fails while the file's GOROOT is missing.
	if fd.Fix.Commands[0] != "GOROOT=/usr/local/go go env -u GOROOT" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	gorootWantAuto(t, fd)
}

func TestGoRoot_GoEnvFailingForAnotherReasonIsSkipped(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: GOPATH entry is relative; must be absolute path: \"rel\".\n"))
	o.Export("GOROOT=/usr/local/go") // exists: not this check's problem
	r := checktest.Run(t, Root, o, facts.Options{})
	checktest.Skipped(t, r)
}

func TestGoRoot_NotAGoTree(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8", "GOROOT=/home/u/go", "GOTOOLDIR=/home/u/go/pkg/tool/linux_amd64").
		Dir("/home/u/go/pkg/mod").
		Export("GOROOT=/home/u/go")
	r := checktest.Run(t, Root, o, facts.Options{})
	checktest.Only(t, r, check.Error, "not a Go installation", "reported as not in std", "unset GOROOT")
}

func TestGoRoot_SameVersionElsewhereIsWarning(t *testing.T) {
	o := gorootNew(t).
		Go("/opt/go", "go1.26.8").
		Go("/usr/local/go", "go1.26.8", "GOROOT=/opt/go", "GOTOOLDIR=/opt/go/pkg/tool/linux_amd64").
		Export("GOROOT=/opt/go")
	r := checktest.Run(t, Root, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "another installation", "(/usr/local/go)", "builds work today")
}

func TestGoRoot_MixedInstallationWithoutGoroot(t *testing.T) {
	// A new archive unpacked over an old tree: the go binary is new, the
	// compiler old, GOROOT not set.
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/go/pkg/tool/linux_amd64/compile", factstest.Output("compile version go1.25.0\n"))
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, `compile: version "go1.25.0" does not match go tool version "go1.26.8"`, "GOROOT is not set", "unpacked over")
	if !strings.Contains(strings.Join(fd.Fix.Commands, "\n"), "rm -rf /usr/local/go") {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoRoot_TrimmedCopy(t *testing.T) {
	o := gorootNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/bin/go", factstest.Failure(2, "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\n")).
		Path("/usr/local/bin", "/usr/bin", "/usr/local/go/bin")
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "/usr/local/bin/go is a copy outside any Go installation", "'go' binary is trimmed and GOROOT is not set")
	if fd.Fix.Commands[0] != "ln -sf /usr/local/go/bin/go /usr/local/bin/go" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoRoot_Windows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Path(`C:\Windows\system32`, `C:\Program Files\Go\bin`).
		Go("C:/Go", "go1.21.0").
		Go("C:/Program Files/Go", "go1.26.8", `GOROOT=C:\Go`, `GOTOOLDIR=C:\Go\pkg\tool\windows_amd64`).
		Export(`GOROOT=C:\Go`)
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, `compile: version "go1.21.0" does not match go tool version "go1.26.8"`, `C:\Program Files\Go`)
	if !strings.Contains(strings.Join(fd.Fix.Commands, "\n"), "[Environment]::SetEnvironmentVariable('GOROOT', $null, 'User')") {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}

	// The same GOROOT spelled differently (case, slashes) is the same installation.
	o2 := factstest.NewMachine(t).Windows().
		Path(`C:\Program Files\Go\bin`).
		Go("C:/Program Files/Go", "go1.26.8", `GOROOT=c:\program files\go\`).
		Export(`GOROOT=c:\program files\go\`)
	r = checktest.Run(t, Root, o2, facts.Options{})
	checktest.Only(t, r, check.Info, "unnecessary", "Remove-Item Env:GOROOT")
}

func TestGoRoot_RealMachine(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("needs a real go command and a Unix shell")
	}
	tmp := t.TempDir()
	t.Setenv("HOME", tmp)
	t.Setenv("GOENV", filepath.Join(tmp, "goenv"))
	t.Setenv("PATH", filepath.Dir(goBin)+":/usr/bin:/bin")

	t.Run("clean", func(t *testing.T) {
		t.Setenv("GOROOT", "")
		r := checktest.Run(t, Root, facts.System{}, facts.Options{Dir: tmp})
		checktest.Clean(t, r)
	})
	t.Run("stale GOROOT", func(t *testing.T) {
		old := filepath.Join(tmp, "go1.22.5")
		tool := filepath.Join(old, "pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH)
		if err := os.MkdirAll(tool, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(old, "VERSION"), []byte("go1.22.5\n"), 0o644)
		os.WriteFile(filepath.Join(tool, "compile"), []byte("#!/bin/sh\necho compile version go1.22.5\n"), 0o755)
		t.Setenv("GOROOT", old)
		r := checktest.Run(t, Root, facts.System{}, facts.Options{Dir: tmp})
		checktest.Only(t, r, check.Error, `compile: version "go1.22.5" does not match go tool version "go1.`)
	})
	t.Run("missing GOROOT", func(t *testing.T) {
		t.Setenv("GOROOT", filepath.Join(tmp, "gone"))
		r := checktest.Run(t, Root, facts.System{}, facts.Options{Dir: tmp})
		checktest.Only(t, r, check.Error, "go: cannot find GOROOT directory: "+filepath.Join(tmp, "gone"))
	})
}

// A GOROOT whose compiler cannot be run: nothing is said about a version
// that was not observed (issue 12, item 14).
func TestGoRoot_CompilerCannotRun(t *testing.T) {
	o := gorootNew(t).
		Go("/opt/go", "go1.22.5").
		Go("/usr/local/go", "go1.26.8", "GOROOT=/opt/go", "GOTOOLDIR=/opt/go/pkg/tool/linux_amd64").
		Export("GOROOT=/opt/go").
		Command("/opt/go/pkg/tool/linux_amd64/compile", facts.Result{ExitCode: -1,
			Err: &fs.PathError{Op: "fork/exec", Path: "/opt/go/pkg/tool/linux_amd64/compile", Err: fs.ErrPermission}})
	r := checktest.Run(t, Root, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "cannot be run",
		"`go: error obtaining buildID for go tool compile: fork/exec /opt/go/pkg/tool/linux_amd64/compile: permission denied`",
		"GOROOT's VERSION file says go1.22.5", "unset GOROOT")
	if strings.Contains(fd.Detail, "Both are") {
		t.Errorf("states versions it did not observe: %s", fd.Detail)
	}
}
