package project

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/versionsources"
)

// goCmd runs the real go command in dir with GOTOOLCHAIN=local (it never
// downloads or switches) and returns its combined output.
func goCmd(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// TestQuotedErrorsAreTheGoCommands proves the texts the check quotes
// against the real go command: the go line error under
// GOTOOLCHAIN=local, and the compiler's -lang error run.go warns about.
func TestQuotedErrorsAreTheGoCommands(t *testing.T) {
	dir := t.TempDir()
	gomod := filepath.Join(dir, "go.mod")
	if err := os.WriteFile(gomod, []byte("module example.com/m\n\ngo 1.99.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte("package m\n\nvar X = min(1, 2)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	running, err := goCmd(t, t.TempDir(), "env", "GOVERSION")
	if err != nil {
		t.Fatalf("go env GOVERSION: %v: %s", err, running)
	}
	running = strings.TrimPrefix(strings.Fields(running)[0], "go")
	out, err := goCmd(t, dir, "build", "./...")
	want := tooNew(versionsources.Source{Path: gomod, Version: "1.99.0"}, running)
	if err == nil || out != want {
		t.Errorf("go build printed %q (%v), the check quotes %q", out, err, want)
	}

	// run.go newer than the go line: code using min (Go 1.21) with go 1.20.
	if err := os.WriteFile(gomod, []byte("module example.com/m\n\ngo 1.20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = goCmd(t, dir, "build", "./...")
	if err == nil || !strings.Contains(out, "requires go1.21 or later (-lang was set to go1.20; check go.mod)") {
		t.Errorf("go build printed %q (%v)", out, err)
	}
}
