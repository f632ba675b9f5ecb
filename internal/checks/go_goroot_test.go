package checks

import (
	"context"
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

func gorootNew() *factstest.OS {
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.Setenv("PATH", "/usr/bin:/usr/local/go/bin")
	return o
}

// gorootFailingGo replaces the go command at bin with one whose every
// invocation fails like the real one does.
func gorootFailingGo(o *factstest.OS, bin, stderr string) {
	o.AddCommand(bin, func(ctx context.Context, c facts.Command) facts.Result {
		return factstest.Failure(2, stderr)
	})
}

func TestGoRoot_NotSetIsClean(t *testing.T) {
	o := gorootNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	if len(r.Findings) != 0 || r.Err != nil || r.SkipReason != "" {
		t.Fatalf("clean environment: %+v", r)
	}
	if !strings.Contains(r.Summary, "GOROOT not set") || !strings.Contains(r.Summary, "go1.26.8 matches") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestGoRoot_OtherInstallationIsCompileMismatch(t *testing.T) {
	o := gorootNew()
	o.AddGo("/opt/go1.22", "go1.22.5", nil) // not on PATH
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{
		"GOROOT": "/opt/go1.22", "GOTOOLDIR": "/opt/go1.22/pkg/tool/linux_amd64",
	})
	o.Setenv("GOROOT", "/opt/go1.22")
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error,
		"GOROOT is set (environment variable) to /opt/go1.22, whose compiler is go1.22.5",
		`compile: version "go1.22.5" does not match go tool version "go1.26.8"`,
		"another installation than the one the go command belongs to (/usr/local/go)")
	if fd.Fix.Commands[0] != "unset GOROOT" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoRoot_SetToOwnInstallationIsInfo(t *testing.T) {
	o := gorootNew()
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOROOT": "/usr/local/go"})
	o.Setenv("GOROOT", "/usr/local/go/")
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "set (environment variable) to /usr/local/go", "unnecessary", "unset GOROOT")
	if fd.Fix.Auto != nil {
		t.Errorf("an environment variable is not godx's to change: auto = %+v", fd.Fix.Auto)
	}
}

func TestGoRoot_SetInEnvFileIsInfo(t *testing.T) {
	o := gorootNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddFile("/home/u/.config/go/env", "GOROOT=/usr/local/go\n", 0)
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "go env -w file /home/u/.config/go/env", "unnecessary")
	if fd.Fix.Commands[0] != "GOROOT=/usr/local/go go env -u GOROOT" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	gorootWantAuto(t, fd)
}

// gorootWantAuto: godx fix runs `go env -u GOROOT` with the go command's
// own installation as GOROOT for that run.
func gorootWantAuto(t *testing.T, fd check.Finding) {
	t.Helper()
	a := fd.Fix.Auto
	if a == nil || a.Kind != "command" || strings.Join(a.Argv, " ") != "go env -u GOROOT" ||
		strings.Join(a.Env, " ") != "GOROOT=/usr/local/go GOTOOLCHAIN=local" {
		t.Errorf("auto fix = %+v", a)
	}
}

func TestGoRoot_MissingFromEnvironment(t *testing.T) {
	o := gorootNew()
	bin := o.AddGo("/usr/local/go", "go1.26.8", nil)
	gorootFailingGo(o, bin, "go: cannot find GOROOT directory: /usr/local/go1.21\n")
	o.Setenv("GOROOT", "/usr/local/go1.21")
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	checktest.Only(t, r, check.Error, "/usr/local/go1.21, which does not exist",
		"go: cannot find GOROOT directory: /usr/local/go1.21", "unset GOROOT", "go command's installation: /usr/local/go")
}

func TestGoRoot_MissingFromEnvFile(t *testing.T) {
	o := gorootNew()
	bin := o.AddGo("/usr/local/go", "go1.26.8", nil)
	gorootFailingGo(o, bin, "go: cannot find GOROOT directory: /nonexistent/go\n")
	o.AddFile("/home/u/.config/go/env", "GOPROXY=direct\nGOROOT=/nonexistent/go\n", 0)
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go env -w file /home/u/.config/go/env", "/nonexistent/go")
	// `go env -u` alone fails while the file's GOROOT is missing.
	if fd.Fix.Commands[0] != "GOROOT=/usr/local/go go env -u GOROOT" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	gorootWantAuto(t, fd)
}

func TestGoRoot_GoEnvFailingForAnotherReasonIsSkipped(t *testing.T) {
	o := gorootNew()
	bin := o.AddGo("/usr/local/go", "go1.26.8", nil)
	gorootFailingGo(o, bin, "go: GOPATH entry is relative; must be absolute path: \"rel\".\n")
	o.Setenv("GOROOT", "/usr/local/go") // exists: not this check's problem
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	if r.SkipReason == "" || len(r.Findings) != 0 {
		t.Fatalf("want skip, got %+v", r)
	}
}

func TestGoRoot_NotAGoTree(t *testing.T) {
	o := gorootNew()
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{
		"GOROOT": "/home/u/go", "GOTOOLDIR": "/home/u/go/pkg/tool/linux_amd64",
	})
	o.AddDir("/home/u/go/pkg/mod")
	o.Setenv("GOROOT", "/home/u/go")
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	checktest.Only(t, r, check.Error, "not a Go installation", "package fmt is not in std (/home/u/go/src/fmt)", "unset GOROOT")
}

func TestGoRoot_SameVersionElsewhereIsWarning(t *testing.T) {
	o := gorootNew()
	o.AddGo("/opt/go", "go1.26.8", nil)
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{
		"GOROOT": "/opt/go", "GOTOOLDIR": "/opt/go/pkg/tool/linux_amd64",
	})
	o.Setenv("GOROOT", "/opt/go")
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "another installation", "(/usr/local/go)", "builds work today")
}

func TestGoRoot_MixedInstallationWithoutGoroot(t *testing.T) {
	// A new archive unpacked over an old tree: the go binary is new, the
	// compiler old, GOROOT not set.
	o := gorootNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddCommand("/usr/local/go/pkg/tool/linux_amd64/compile", func(ctx context.Context, c facts.Command) facts.Result {
		return factstest.Output("compile version go1.25.0\n")
	})
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, `compile: version "go1.25.0" does not match go tool version "go1.26.8"`, "GOROOT is not set", "unpacked over")
	if !strings.Contains(strings.Join(fd.Fix.Commands, "\n"), "rm -rf /usr/local/go") {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoRoot_TrimmedCopy(t *testing.T) {
	o := gorootNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	gorootFailingGo(o, "/usr/local/bin/go", "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\n")
	o.Setenv("PATH", "/usr/local/bin:/usr/bin:/usr/local/go/bin")
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "/usr/local/bin/go is a copy outside any Go installation", "'go' binary is trimmed and GOROOT is not set")
	if fd.Fix.Commands[0] != "ln -sf /usr/local/go/bin/go /usr/local/bin/go" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoRoot_Windows(t *testing.T) {
	o := factstest.New()
	o.OSName = "windows"
	o.Setenv("USERPROFILE", `C:\Users\u`)
	o.Setenv("PATH", `C:\Windows\system32;C:\Program Files\Go\bin`)
	o.AddGo("C:/Go", "go1.21.0", nil)
	o.AddGo("C:/Program Files/Go", "go1.26.8", map[string]string{
		"GOROOT": `C:\Go`, "GOTOOLDIR": `C:\Go\pkg\tool\windows_amd64`,
	})
	o.Setenv("GOROOT", `C:\Go`)
	r := checktest.Run(t, GoRoot, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, `compile: version "go1.21.0" does not match go tool version "go1.26.8"`, `C:\Program Files\Go`)
	if !strings.Contains(strings.Join(fd.Fix.Commands, "\n"), "[Environment]::SetEnvironmentVariable('GOROOT', $null, 'User')") {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}

	// The same GOROOT spelled differently (case, slashes) is the same installation.
	o2 := factstest.New()
	o2.OSName = "windows"
	o2.Setenv("USERPROFILE", `C:\Users\u`)
	o2.Setenv("PATH", `C:\Program Files\Go\bin`)
	o2.AddGo("C:/Program Files/Go", "go1.26.8", map[string]string{"GOROOT": `c:\program files\go\`})
	o2.Setenv("GOROOT", `c:\program files\go\`)
	r = checktest.Run(t, GoRoot, o2, facts.Options{})
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
		r := checktest.Run(t, GoRoot, facts.System{}, facts.Options{Dir: tmp})
		if len(r.Findings) != 0 || r.Err != nil {
			t.Fatalf("got %+v", r)
		}
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
		r := checktest.Run(t, GoRoot, facts.System{}, facts.Options{Dir: tmp})
		checktest.Only(t, r, check.Error, `compile: version "go1.22.5" does not match go tool version "go1.`)
	})
	t.Run("missing GOROOT", func(t *testing.T) {
		t.Setenv("GOROOT", filepath.Join(tmp, "gone"))
		r := checktest.Run(t, GoRoot, facts.System{}, facts.Options{Dir: tmp})
		checktest.Only(t, r, check.Error, "go: cannot find GOROOT directory: "+filepath.Join(tmp, "gone"))
	})
}
