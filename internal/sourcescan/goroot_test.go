package sourcescan

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// testGOROOT is the GOROOT of the go command on PATH, whose sources the
// benchmarks read; it asks `go env GOROOT` once per test binary (outside
// any module, so that no go.mod selects another toolchain). Without a go
// command the caller is skipped.
func testGOROOT(tb testing.TB) string {
	tb.Helper()
	root, err := goenvGOROOT()
	if err != nil {
		tb.Skipf("no GOROOT: %v", err)
	}
	return root
}

var goenvGOROOT = sync.OnceValues(func() (string, error) {
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
})
