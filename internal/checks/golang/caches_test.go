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

// goCachesTNew is a Linux machine with go1.26.8 on PATH that tells which
// paths are writable: all of them, until a test says otherwise.
func goCachesTNew(t *testing.T) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8").
		Writable()
}

func goCachesTRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, Caches, o, facts.Options{Offline: true})
	if r.Err != nil || r.SkipReason != "" {
		t.Fatalf("err=%v skip=%q", r.Err, r.SkipReason)
	}
	return r
}

func TestGoCaches_CleanEnvironment(t *testing.T) {
	o := goCachesTNew(t)
	o.Dir("/home/u/.cache/go-build", "/home/u/go/pkg/mod/cache/download")
	r := goCachesTRun(t, o)
	checktest.Clean(t, r)
	if r.Summary != "GOCACHE writable; GOMODCACHE writable" {
		t.Errorf("summary = %q", r.Summary)
	}
	if got := checktest.Evidence(r.Evidence, "GOCACHE (default: the user cache directory + /go-build)"); got != "/home/u/.cache/go-build" {
		t.Errorf("evidence: %+v", r.Evidence)
	}
}

func TestGoCaches_NotCreatedYetIsFine(t *testing.T) {
	r := goCachesTRun(t, goCachesTNew(t))
	checktest.Clean(t, r)
	if got := checktest.Evidence(r.Evidence, "GOMODCACHE state"); !strings.Contains(got, "not created yet") || !strings.Contains(got, "/home/u is writable") {
		t.Errorf("GOMODCACHE state = %q", got)
	}
}

func TestGoCaches_FakeWithoutWriteCheckIsQuiet(t *testing.T) {
	// An OS that cannot tell writability never produces a permission finding.
	o := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8") // no Writable()
	checktest.Clean(t, goCachesTRun(t, o))
}

func TestGoCaches_GocacheOff(t *testing.T) {
	o := goCachesTNew(t)
	o.Export("GOCACHE=off")
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "GOCACHE is off (set in the environment)",
		"build cache is disabled by GOCACHE=off, but required as of Go 1.12", "unset GOCACHE")
}

func TestGoCaches_RelativeGocacheFromEnvFile(t *testing.T) {
	o := goCachesTNew(t)
	o.File("/home/u/.config/go/env", "GOCACHE=rel/cache\n")
	// go env prints "off" for a relative GOCACHE; godx reports what was set.
	o.Go("/usr/local/go", "go1.26.8", "GOCACHE=off")
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, `GOCACHE is a relative path ("rel/cache", set in the go env -w file /home/u/.config/go/env)`,
		"build cache is required, but could not be located: GOCACHE is not an absolute path", "go env -u GOCACHE")
}

func TestGoCaches_NoHomeForDefault(t *testing.T) {
	o := goCachesTNew(t)
	o.Unset("HOME")
	o.Go("/usr/local/go", "go1.26.8", "GOCACHE=off", "GOMODCACHE=", "GOPATH=")
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error,
		"build cache is required, but could not be located: GOCACHE is not defined and neither $XDG_CACHE_HOME nor $HOME are defined")
}

func TestGoCaches_RelativeGomodcache(t *testing.T) {
	o := goCachesTNew(t)
	o.Export("GOMODCACHE=rel/mod")
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, `go: GOMODCACHE entry is relative; must be absolute path: "rel/mod".`, "unset GOMODCACHE")
}

func TestGoCaches_ExistingNotWritable(t *testing.T) {
	o := goCachesTNew(t)
	o.Dir("/home/u/.cache/go-build")
	o.NotWritable("/home/u/.cache/go-build", syscall.EACCES)
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "The build cache /home/u/.cache/go-build is not writable by you (permission denied)",
		`sudo chown -R "$(id -un)" /home/u/.cache/go-build`, "permission denied`")
}

func TestGoCaches_ModuleDownloadDirNotWritable(t *testing.T) {
	o := goCachesTNew(t)
	o.Dir("/home/u/go/pkg/mod/cache/download")
	o.NotWritable("/home/u/go/pkg/mod/cache/download", syscall.EACCES)
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "/home/u/go/pkg/mod/cache/download is not writable", "go: writing go.mod cache")
}

func TestGoCaches_CannotBeCreated(t *testing.T) {
	o := goCachesTNew(t)
	o.Export("GOMODCACHE=/srv/gomod/mod")
	o.Dir("/srv")
	o.NotWritable("/srv", syscall.EACCES)
	r := goCachesTRun(t, o)
	fd := checktest.OnlyWithFix(t, r, check.Error, "The module cache /srv/gomod/mod does not exist and cannot be created: /srv is not writable",
		"go: could not create module cache: mkdir /srv/gomod: permission denied", "sudo mkdir -p /srv/gomod/mod")
	if got := checktest.Evidence(fd.Evidence, "GOMODCACHE comes from"); got != "environment variable" {
		t.Errorf("source = %q", got)
	}
}

func TestGoCaches_ReadOnlyFileSystem(t *testing.T) {
	o := goCachesTNew(t)
	o.Dir("/home/u/.cache/go-build")
	o.NotWritable("/home/u/.cache/go-build", syscall.EROFS)
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "read-only file system", "export GOCACHE=/tmp/go-build")

	// Set in the environment: removing the setting is the fix, not go env -w
	// (the environment would still win).
	o.Export("GOCACHE=/home/u/.cache/go-build")
	r = goCachesTRun(t, o)
	fd := checktest.OnlyWithFix(t, r, check.Error, "read-only file system", "unset GOCACHE")
	if strings.Contains(strings.Join(fd.Fix.Commands, "\n"), "go env -w") {
		t.Errorf("go env -w cannot override the environment: %q", fd.Fix.Commands)
	}
}

func TestGoCaches_FileInTheWay(t *testing.T) {
	o := goCachesTNew(t)
	o.File("/home/u/.cache", "oops")
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "/home/u/.cache is a file",
		"failed to initialize build cache at /home/u/.cache/go-build: mkdir /home/u/.cache/go-build: not a directory")
}

func TestGoCaches_LowDiskSpace(t *testing.T) {
	o := goCachesTNew(t)
	o.Free = 300 << 20
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, "300 MiB for GOCACHE (/home/u)", "300 MiB for GOMODCACHE (/home/u)",
		"no space left on device", "go clean -cache")
}

func TestGoCaches_Windows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Path(`C:\Program Files\Go\bin`).
		Go(`C:\Program Files\Go`, "go1.26.8", `GOCACHE=C:\Users\u\AppData\Local\go-build`, `GOMODCACHE=C:\Users\u\go\pkg\mod`)
	r := goCachesTRun(t, o)
	checktest.Clean(t, r)
	if got := checktest.Evidence(r.Evidence, "GOMODCACHE state"); !strings.Contains(got, `C:\Users\u`) || !strings.Contains(got, "not checked on windows") {
		t.Errorf("GOMODCACHE state = %q", got)
	}
	o.Export("GOCACHE=off")
	r = goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "GOCACHE is off", "[Environment]::SetEnvironmentVariable('GOCACHE', $null, 'User')", "Remove-Item Env:GOCACHE")
}

func TestGoCaches_GoEnvFailingIsSkipped(t *testing.T) {
	o := goCachesTNew(t)
	o.Command("/usr/local/go/bin/go", factstest.Failure(1, "go: cannot find GOROOT directory: /nonexistent\n"))
	checktest.Skipped(t, checktest.Run(t, Caches, o, facts.Options{Offline: true}))
}

// With cgo enabled, `go env -json` needs the build cache, so a bad GOCACHE
// makes go env itself fail; the check still names the cause and source.
func TestGoCaches_BadGocacheBreaksGoEnv(t *testing.T) {
	o := goCachesTNew(t)
	o.Export("GOCACHE=off")
	o.Command("/usr/local/go/bin/go", factstest.Failure(1, "build cache is disabled by GOCACHE=off, but required as of Go 1.12\n"))
	r := goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "GOCACHE is off (set in the environment)", "even `go env` fails this way",
		"go env: /usr/local/go/bin/go env -json failed: build cache is disabled by GOCACHE=off", "unset GOCACHE")

	o = goCachesTNew(t)
	o.File("/home/u/.config/go/env", "GOCACHE=rel/cache\n")
	o.Command("/usr/local/go/bin/go", factstest.Failure(1, "build cache is required, but could not be located: GOCACHE is not an absolute path\n"))
	r = goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, `GOCACHE is a relative path ("rel/cache", set in the go env -w file /home/u/.config/go/env)`, "go env -u GOCACHE")

	o = goCachesTNew(t)
	o.Unset("HOME")
	o.Command("/usr/local/go/bin/go", factstest.Failure(1, "build cache is required, but could not be located: GOCACHE is not defined and neither $XDG_CACHE_HOME nor $HOME are defined\n"))
	r = goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "GOCACHE is not set and neither $XDG_CACHE_HOME nor $HOME are defined")

	// An absolute GOCACHE the go command cannot create breaks go env too.
	o = goCachesTNew(t)
	o.Export("GOCACHE=/home/u/notadir/go-build")
	o.File("/home/u/notadir", "x")
	o.Command("/usr/local/go/bin/go", factstest.Failure(1, "failed to initialize build cache at /home/u/notadir/go-build: mkdir /home/u/notadir/go-build: not a directory\n"))
	r = goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "/home/u/notadir is a file", "even `go env` fails this way", "GOCACHE comes from: environment")

	// The default one, when ~/.cache is not writable (a root-owned cache).
	o = goCachesTNew(t)
	o.Dir("/home/u/.cache")
	o.NotWritable("/home/u/.cache", syscall.EACCES)
	o.Command("/usr/local/go/bin/go", factstest.Failure(1, "failed to initialize build cache at /home/u/.cache/go-build: mkdir /home/u/.cache/go-build: permission denied\n"))
	r = goCachesTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Error, "/home/u/.cache/go-build does not exist and cannot be created", "permission denied")
}

// TestGoCaches_RealMachine uses the real go with caches in temporary
// directories.
func TestGoCaches_RealMachine(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	cc, ccErr := exec.LookPath("gcc")
	home, _ := checktest.FreshUser(t)
	t.Setenv("GOPATH", "")
	t.Setenv("GOENV", "")
	t.Setenv("GOMODCACHE", "")
	t.Setenv("PATH", filepath.Dir(gobin))
	t.Chdir(home)
	gocache := filepath.Join(home, "gc")
	if err := os.Mkdir(gocache, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOCACHE", gocache)
	r := checktest.Run(t, Caches, facts.System{}, facts.Options{Offline: true})
	checktest.Clean(t, r)
	want := "GOCACHE writable; GOMODCACHE not created yet"
	if runtime.GOOS == "windows" {
		want = "GOCACHE ok; GOMODCACHE not created yet" // writability is not probed there
	}
	if r.Summary != want {
		t.Errorf("summary = %q", r.Summary)
	}

	t.Setenv("GOCACHE", "off")
	r = checktest.Run(t, Caches, facts.System{}, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Error, "GOCACHE is off")

	t.Setenv("GOCACHE", "rel/gc")
	r = checktest.Run(t, Caches, facts.System{}, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Error, `GOCACHE is a relative path ("rel/gc"`)

	// With cgo on (a C compiler on PATH), go env -json itself fails.
	if ccErr == nil {
		t.Setenv("PATH", filepath.Dir(gobin)+string(os.PathListSeparator)+filepath.Dir(cc))
		t.Setenv("GOCACHE", "off")
		r = checktest.Run(t, Caches, facts.System{}, facts.Options{Offline: true})
		checktest.OnlyWithFix(t, r, check.Error, "GOCACHE is off", "env -json failed: build cache is disabled by GOCACHE=off")
		t.Setenv("PATH", filepath.Dir(gobin))
	}

	// A read-only parent: only meaningful when not root (root may write),
	// and not on Windows (a folder's read-only attribute does not stop
	// creating files in it).
	if runtime.GOOS == "windows" {
		return
	}
	t.Setenv("GOCACHE", gocache)
	ro := filepath.Join(home, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOMODCACHE", filepath.Join(ro, "mod"))
	r = checktest.Run(t, Caches, facts.System{}, facts.Options{Offline: true})
	if os.Geteuid() == 0 {
		checktest.Clean(t, r) // root can create the module cache
		return
	}
	checktest.OnlyWithFix(t, r, check.Error, "cannot be created", "permission denied")
}
