package soak

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A fresh-cache build must not use GOCACHEPROG, whether the environment
// or the go env file sets it, and must keep every other setting of the
// file: proven by asking the real go command with the environment built.
func TestFreshCacheEnvLeavesOutGOCACHEPROG(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	tmp := t.TempDir()
	envFile := filepath.Join(tmp, "go.env")
	if err := os.WriteFile(envFile, []byte("GOFLAGS=-trimpath\nGOCACHEPROG=/opt/cacheprog --remote\nGOPRIVATE=example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(tmp, "cache")
	for _, tc := range []struct {
		name string
		env  []string
	}{
		{"go env file", []string{"GOENV=" + envFile}},
		{"environment and go env file", []string{"GOENV=" + envFile, "GOCACHEPROG=/opt/other"}},
		{"environment only", []string{"GOENV=off", "GOCACHEPROG=/opt/other", "GOPRIVATE=example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := append(goEnv(t), tc.env...)
			got := append(freshCacheEnv(context.Background(), goCmd, tmp, t.TempDir(), env), "GOCACHE="+cache)
			cmd := exec.Command(goCmd, "env", "GOCACHEPROG", "GOCACHE", "GOPRIVATE")
			cmd.Dir, cmd.Env = tmp, got
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			if lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n"); len(lines) != 3 || lines[0] != "" || lines[1] != cache || lines[2] != "example.com" {
				t.Errorf("go env GOCACHEPROG GOCACHE GOPRIVATE with the fresh-cache environment:\n%s", out)
			}
		})
	}
	// The file itself is left alone.
	if data, _ := os.ReadFile(envFile); !strings.Contains(string(data), "GOCACHEPROG=/opt/cacheprog --remote") {
		t.Errorf("the go env file was changed: %q", data)
	}
}
