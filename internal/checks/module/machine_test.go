package module

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/wintest/wine"
)

// testMachine is a Linux machine with go1.26.8 on PATH, HOME=/home/u
// and the project directory /work; goenv overrides what go env prints.
func testMachine(t *testing.T, goenv ...string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin", "/usr/bin").
		Go("/usr/local/go", "go1.26.8", goenv...)
}

// testRealGo prepares the real go (/usr/local/go/bin/go) with a
// hermetic configuration; it returns a fresh temporary directory.
func testRealGo(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cache := testBuildCache(t, gobin)
	home := filepath.Join(dir, "home")
	tmp := filepath.Join(dir, "tmp")
	for _, d := range []string{home, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The user's folders and the temp root, as each OS names them.
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	t.Setenv("APPDATA", filepath.Join(home, "AppData", "Roaming"))
	t.Setenv("LOCALAPPDATA", filepath.Join(home, "AppData", "Local"))
	t.Setenv("TMPDIR", tmp)
	t.Setenv("TMP", tmp)
	t.Setenv("TEMP", tmp)
	t.Setenv("GOENV", "off")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GO111MODULE", "")
	t.Setenv("GOWORK", "")
	t.Setenv("GOPATH", "")
	t.Setenv("GOTOOLCHAIN", "local")
	// The developer's build cache, not one in the fresh HOME: what these
	// tests prove does not depend on it, and a cold cache would compile
	// the runtime again in every test that builds.
	t.Setenv("GOCACHE", cache)
	t.Setenv("PATH", filepath.Dir(gobin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

var (
	buildCacheOnce sync.Once
	buildCacheDir  string
	buildCacheErr  error
)

// testBuildCache is the real go command's build cache (go env GOCACHE
// in this process's environment), asked once.
func testBuildCache(t *testing.T, gobin string) string {
	t.Helper()
	buildCacheOnce.Do(func() {
		out, err := exec.Command(gobin, "env", "GOCACHE").Output()
		buildCacheDir, buildCacheErr = strings.TrimSpace(string(out)), err
	})
	if buildCacheErr != nil || buildCacheDir == "" || buildCacheDir == "off" {
		t.Fatalf("go env GOCACHE: %q, %v", buildCacheDir, buildCacheErr)
	}
	return buildCacheDir
}

// testRealOptions runs checks on the real machine in dir. The go command
// gets a minute per run instead of the doctor's few seconds, so that a
// busy machine (a cold build cache in the fresh HOME, parallel tests)
// cannot turn a slow `go env` into a skipped check.
func testRealOptions(dir string) facts.Options {
	return facts.Options{Dir: dir, CommandTimeout: time.Minute}
}

// testWrite writes a file, creating its directory.
func testWrite(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testAgainstBuild runs the real `go build ./...` in dir and then c: when
// the build works, c must report nothing; when it fails, one error that
// holds wants and every line the go command printed. It reports whether
// the build failed.
func testAgainstBuild(t *testing.T, c *check.Check, dir string, wants ...string) bool {
	t.Helper()
	if wine.Detected() {
		// Trying would cost minutes of building the standard library
		// first, only to fail cleaning up.
		t.Skip("the official go.exe cannot build under Wine 8 (its os.RemoveAll fails there; internal/wintest/wine)")
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil && wine.RemoveAllBroken(string(out)) {
		t.Skipf("the go command cannot build under Wine 8 (its os.RemoveAll fails there; internal/wintest/wine): %s", out)
	}
	r := checktest.Run(t, c, facts.System{}, testRealOptions(dir))
	if err == nil {
		checktest.Clean(t, r)
		return false
	}
	fd := checktest.Only(t, r, check.Error, wants...)
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.Contains(fd.Detail, strings.TrimSpace(line)) {
			t.Errorf("finding does not quote %q:\n%s", line, fd.Detail)
		}
	}
	return true
}
