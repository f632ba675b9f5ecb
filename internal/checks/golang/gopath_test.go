package golang

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// gopathNew is a Linux machine without Go, GOPATH/bin on PATH; tests
// install theirs.
func gopathNew(t *testing.T) *factstest.Machine {
	return factstest.NewMachine(t).Linux().Path("/usr/bin", "/usr/local/go/bin", "/home/u/go/bin")
}

func TestGoPath_DefaultIsClean(t *testing.T) {
	o := gopathNew(t).
		Go("/usr/local/go", "go1.26.8")
	r := checktest.Run(t, Path, o, facts.Options{})
	checktest.Clean(t, r)
	// ~/go does not exist yet: normal, the go command creates it.
	if !strings.Contains(r.Summary, "/home/u/go (default)") || !strings.Contains(r.Summary, "creates it on first use") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestGoPath_RelativeEntryBreaksGoEnv(t *testing.T) {
	o := gopathNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: GOPATH entry is relative; must be absolute path: \"relative/gp\".\nFor more details see: 'go help gopath'\n")).
		Export("GOPATH=/home/u/go:relative/gp")
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error,
		"entry \"relative/gp\" is relative",
		"go: GOPATH entry is relative; must be absolute path: \"relative/gp\".\n  For more details see: 'go help gopath'",
		"unset GOPATH")
	if strings.Contains(fd.Detail, "shell metacharacter") {
		t.Errorf("detail: %s", fd.Detail)
	}
	if fd.Fix.Auto != nil {
		t.Errorf("GOPATH from the environment: auto = %+v", fd.Fix.Auto)
	}
}

func TestGoPath_RelativeInEnvFileAutoFixReturnsToDefault(t *testing.T) {
	o := gopathNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: GOPATH entry is relative; must be absolute path: \"gp\".\nFor more details see: 'go help gopath'\n")).
		File("/home/u/.config/go/env", "GOPATH=gp\n")
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, `entry "gp" is relative`)
	// godx fix removes the line from the file (the go command cannot start).
	checktest.AutoEdit(t, fd, "/home/u/.config/go/env", "GOPATH=gp\n", "")
}

func TestGoPath_TildeInEnvFile(t *testing.T) {
	o := gopathNew(t).
		Go("/usr/local/go", "go1.26.8").
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: GOPATH entry cannot start with shell metacharacter '~': \"~/gp\"\n")).
		File("/home/u/.config/go/env", "GOPATH=~/gp\n")
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error,
		`go: GOPATH entry cannot start with shell metacharacter '~': "~/gp"`,
		"go env -w file /home/u/.config/go/env", "literal `~`")
	// The go command refuses to start, so `go env -u` needs a good GOPATH
	// for that one run; then the expanded value is written.
	want := []string{"GOPATH=/home/u/gp go env -u GOPATH", "go env -w GOPATH=/home/u/gp", "go env GOPATH"}
	if strings.Join(fd.Fix.Commands, "\n") != strings.Join(want, "\n") {
		t.Errorf("fix = %q, want %q", fd.Fix.Commands, want)
	}
	// godx fix writes the expanded value into the file itself.
	checktest.AutoEdit(t, fd, "/home/u/.config/go/env", "GOFLAGS=-x\nGOPATH=~/gp\n", "GOFLAGS=-x\nGOPATH=/home/u/gp\n")
}

func TestGoPath_EqualToGoroot(t *testing.T) {
	for _, tc := range []struct{ version, msg string }{
		{"go1.26.8", "warning: both GOPATH and GOROOT are the same directory (/usr/local/go); see https://go.dev/wiki/InstallTroubleshooting"},
		{"go1.24.0", "warning: both GOPATH and GOROOT are the same directory (/usr/local/go); see https://go.dev/wiki/InstallTroubleshooting"},
		{"go1.23.0", "warning: GOPATH set to GOROOT (/usr/local/go) has no effect"},
	} {
		t.Run(tc.version, func(t *testing.T) {
			o := gopathNew(t)
			// The fake go does not derive GOMODCACHE from GOPATH; the real one does.
			o.Go("/usr/local/go", tc.version, "GOMODCACHE=/usr/local/go/pkg/mod")
			o.Export("GOPATH=/usr/local/go")
			r := checktest.Run(t, Path, o, facts.Options{})
			checktest.Only(t, r, check.Warning, tc.msg, "the same directory as GOROOT", "/usr/local/go/pkg/mod", "/usr/local/go/bin", "unset GOPATH")
		})
	}
}

func TestGoPath_InsideGoroot(t *testing.T) {
	o := gopathNew(t).
		Go("/usr/local/go", "go1.26.8").
		Export("GOPATH=/usr/local/go/gopath")
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "inside GOROOT /usr/local/go", "/usr/local/go/gopath/bin")
	if strings.Contains(fd.Detail, "warning: both") {
		t.Errorf("the go command prints no warning for a GOPATH inside GOROOT: %s", fd.Detail)
	}
}

func TestGoPath_GoInstalledInDefaultGopath(t *testing.T) {
	// Go unpacked into $HOME/go: the default GOPATH is GOROOT.
	o := gopathNew(t).
		Go("/home/u/go", "go1.26.8").
		Path("/usr/bin", "/home/u/go/bin")
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "warning: both GOPATH and GOROOT are the same directory (/home/u/go)", "GOPATH (default)")
	if got := strings.Join(fd.Fix.Commands, "\n"); !strings.Contains(got, "go env -w GOPATH=/home/u/gopath") {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoPath_LaterEntryInsideGorootIsInfo(t *testing.T) {
	o := gopathNew(t).
		Go("/usr/local/go", "go1.26.8").
		Export("GOPATH=/home/u/go:/usr/local/go")
	r := checktest.Run(t, Path, o, facts.Options{})
	checktest.Only(t, r, check.Info, "GOPATH entry /usr/local/go is inside GOROOT")
}

func TestGoPath_MissingButCreatableIsFine(t *testing.T) {
	// A user who may not write to / (not root).
	o := gopathNew(t).NotWritable("/", syscall.EACCES).
		Go("/usr/local/go", "go1.26.8").
		Export("GOPATH=/home/u/work/gopath")
	r := checktest.Run(t, Path, o, facts.Options{})
	checktest.Clean(t, r) // the go command creates missing parents
}

func TestGoPath_MissingAndUncreatable(t *testing.T) {
	// A user who may not write to / (not root).
	o := gopathNew(t).NotWritable("/", syscall.EACCES).
		Go("/usr/local/go", "go1.26.8", "GOMODCACHE=/data/go/pkg/mod").
		Export("GOPATH=/data/go")
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "GOPATH /data/go does not exist and cannot be created",
		"go: could not create module cache: mkdir /data: permission denied", "mkdir /data: permission denied")
	if fd.Fix.Commands[0] != "sudo mkdir -p /data/go" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoPath_ParentIsAFile(t *testing.T) {
	o := gopathNew(t).
		Go("/usr/local/go", "go1.26.8", "GOMODCACHE=/var/cache/gomod").
		File("/home/u/data", "not a dir").
		Export("GOPATH=/home/u/data/go")
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "/home/u/data is a file", "go install <package>: mkdir /home/u/data/go: not a directory")
	if strings.Contains(fd.Detail, "module cache") {
		t.Errorf("GOMODCACHE is elsewhere, the module cache is not affected: %s", fd.Detail)
	}
}

func TestGoPath_EmptyBecauseHomeUnset(t *testing.T) {
	o := factstest.NewMachine(t). // no HOME
					Path("/usr/local/go/bin").
					Go("/usr/local/go", "go1.26.8", "GOPATH=", "GOMODCACHE=")
	r := checktest.Run(t, Path, o, facts.Options{})
	checktest.Only(t, r, check.Error, "$HOME is not set", "go: module cache not found: neither GOMODCACHE nor GOPATH is set", "outside GOPATH")

	o.Go("/usr/local/go", "go1.26.8", "GOPATH=", "GOMODCACHE=/cache/mod")
	r = checktest.Run(t, Path, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "$HOME is not set", "go: no install location")

	o.Go("/usr/local/go", "go1.26.8", "GOPATH=", "GOMODCACHE=/cache/mod", "GOBIN=/cache/bin")
	r = checktest.Run(t, Path, o, facts.Options{})
	checktest.Clean(t, r) // GOMODCACHE and GOBIN set
}

func TestGoPath_WindowsUnexpandedVariable(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Path(`C:\Program Files\Go\bin`).
		Go("C:/Program Files/Go", "go1.26.8").
		Command("C:/Program Files/Go/bin/go.exe", factstest.Failure(2, "go: GOPATH entry is relative; must be absolute path: \"%USERPROFILE%\\\\go\".\n")).
		Export(`GOPATH=%USERPROFILE%\go`)
	r := checktest.Run(t, Path, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, `must be absolute path: "%USERPROFILE%\\go".`, "REG_EXPAND_SZ")
	if fd.Fix.Commands[0] != "[Environment]::SetEnvironmentVariable('GOPATH', $null, 'User')" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}

	// A drive that is not there cannot be created.
	o.Go("C:/Program Files/Go", "go1.26.8", `GOMODCACHE=D:\go\pkg\mod`)
	o.Export(`GOPATH=D:\go`)
	r = checktest.Run(t, Path, o, facts.Options{})
	checktest.Only(t, r, check.Warning, `GOPATH D:\go does not exist and cannot be created: D:\ does not exist`, "could not create module cache")

	// C:\Users\u\go is absolute on Windows: fine.
	o.Go("C:/Program Files/Go", "go1.26.8")
	o.Export(`GOPATH=C:\Users\u\go`)
	r = checktest.Run(t, Path, o, facts.Options{})
	checktest.Clean(t, r) // absolute Windows GOPATH
}

func TestGoPath_RealMachine(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil || runtime.GOOS == "windows" {
		t.Skip("needs a real go command")
	}
	tmp := t.TempDir()
	t.Setenv("HOME", tmp)
	t.Setenv("GOENV", filepath.Join(tmp, "goenv"))
	t.Setenv("GOROOT", "")
	t.Setenv("PATH", filepath.Dir(goBin)+":/usr/bin:/bin")
	goroot := strings.TrimSpace(string(gopathMust(exec.Command(goBin, "env", "GOROOT").Output())))

	for _, tc := range []struct {
		name, gopath string
		sev          check.Severity
		want         string
	}{
		{"relative", "relative/gp", check.Error, `go: GOPATH entry is relative; must be absolute path: "relative/gp".`},
		{"tilde", "~/go", check.Error, `go: GOPATH entry cannot start with shell metacharacter '~': "~/go"`},
		{"goroot", goroot, check.Warning, "warning: both GOPATH and GOROOT are the same directory (" + goroot + ")"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOPATH", tc.gopath)
			r := checktest.Run(t, Path, facts.System{}, facts.Options{Dir: tmp})
			checktest.Only(t, r, tc.sev, tc.want)
		})
	}
	t.Run("clean", func(t *testing.T) {
		t.Setenv("GOPATH", "")
		r := checktest.Run(t, Path, facts.System{}, facts.Options{Dir: tmp})
		checktest.Clean(t, r)
	})
	if os.Geteuid() != 0 {
		t.Run("uncreatable", func(t *testing.T) {
			ro := filepath.Join(tmp, "ro")
			os.Mkdir(ro, 0o555)
			t.Setenv("GOPATH", filepath.Join(ro, "gp"))
			r := checktest.Run(t, Path, facts.System{}, facts.Options{Dir: tmp})
			checktest.Only(t, r, check.Warning, "permission denied")
		})
	}
}

func gopathMust(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
