package soak

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The tests that run real soaks, builds or browsers call t.Parallel: the
// two cold builds of TestRunReproducibleWithFreshCaches take most of the
// package's time, and the others mostly wait (timeouts, sleeps, child
// processes), so together they take about half as long.

// TestMain lets the test binary stand in for godx as the go test -exec
// wrapper, as `godx soak exec-wrapper` does.
func TestMain(m *testing.M) {
	if os.Getenv("GODX_SOAK_TEST_WRAPPER") == "1" {
		os.Exit(RunWrapped(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// writeModule writes files (path: content) into a new temporary folder.
func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// goEnv is the environment for the real go command in tests: local
// toolchain, no VCS stamping unless a test asks, the developer's build
// cache (warm), a test-private counter folder.
func goEnv(t testing.TB, extra ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOTOOLCHAIN=") {
			env = append(env, kv)
		}
	}
	return append(env, append([]string{"GOFLAGS=-buildvcs=false", "GOTOOLCHAIN=local"}, extra...)...)
}

func goRun(t testing.TB, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func testWrapper(t *testing.T) []string {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return []string{exe}
}
