package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
)

// buildCacheProg builds testdata/cacheprog, a real GOCACHEPROG program.
func buildCacheProg(t *testing.T) string {
	t.Helper()
	needBuild(t)
	bin := filepath.Join(t.TempDir(), "cacheprog")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Join("testdata", "cacheprog")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the test cache program: %v\n%s", err, out)
	}
	return bin
}

func TestGoCacheProgReal(t *testing.T) {
	prog := buildCacheProg(t)
	store := t.TempDir()

	r := realMachine(t).run(GoCacheProg)
	checktest.Skipped(t, r, "GOCACHEPROG is not set")

	// The program also answers hits from the real build cache (read
	// only, as a shared remote cache would), so the build need not
	// compile the standard library through an empty cache (over a minute
	// on a busy machine). probe/build's hello-world, built first with the
	// real cache, makes sure the cache holds what the build needs; the
	// program's log proves the build went through it.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command on PATH")
	}
	checktest.Clean(t, realMachine(t).run(Build), "built and ran a hello-world")
	log := filepath.Join(t.TempDir(), "requests")
	m := realMachine(t, "GOCACHEPROG="+prog+" good "+store+` "`+buildCache(t, goCmd)+`"`, "CACHEPROG_LOG="+log)
	r = m.run(GoCacheProg)
	checktest.Clean(t, r, "answered (get, put, close) and a build used it")
	measured(t, r, "gocacheprog hello", "build with gocacheprog")
	requests, err := os.ReadFile(log)
	if err != nil || !strings.Contains(string(requests), "get hit\n") {
		t.Errorf("the build got no cache hit from the program (%v): %q", err, requests)
	}

	for _, tc := range []struct {
		mode string
		want []string
	}{
		{"exit", []string{"It ended without its first message", "cacheprog: cannot open cache store: permission denied", "(exit status 1)"}},
		{"log", []string{"error reading JSON from GOCACHEPROG: invalid character 'c' looking for beginning of value"}},
		{"none", []string{"GOCACHEPROG declared no supported commands"}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			r := realMachine(t, "GOCACHEPROG="+prog+" "+tc.mode).run(GoCacheProg)
			checktest.Only(t, r, check.Error, append([]string{"does not answer the go command's cache protocol"}, tc.want...)...)
		})
	}

	missing := filepath.Join(t.TempDir(), "no-such-cacheprog")
	r = realMachine(t, "GOCACHEPROG="+missing).run(GoCacheProg)
	checktest.Only(t, r, check.Error, "It ended without its first message", "no such file or directory")

	r = realMachine(t, `GOCACHEPROG="`+prog).run(GoCacheProg)
	checktest.Only(t, r, check.Error, "cannot be split", "go: GOCACHEPROG args: unterminated \" string")
}
