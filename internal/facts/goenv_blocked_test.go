package facts_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// One setting can make `go env -json` fail while the go command otherwise
// works (issue 12, items 3 and 7): GoEnv then answers from a second run
// without it and says which setting blocked the first. Checked against
// the real go command.
func TestGoEnvBlocked_RealGo(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	dir := t.TempDir()
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOENV", filepath.Join(dir, "env"))
	for _, tc := range []struct {
		name, value, say string
	}{
		{"GOFLAGS", "-ldflags=-s -w", "go: cannot use -json with -w"},
		{"GOROOT", filepath.Join(dir, "removed"), "go: cannot find GOROOT directory: " + filepath.Join(dir, "removed")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir, CommandTimeout: 2 * time.Minute, RetryBlockedGoEnv: true})
			if err != nil {
				t.Fatal(err)
			}
			ge, err := f.GoEnv()
			if err != nil {
				t.Fatalf("GoEnv: %v", err)
			}
			b := ge.Blocked
			if b == nil || b.Setting != tc.name || b.Definition.Value != tc.value || b.Definition.Source != facts.FromEnvironment {
				t.Fatalf("Blocked = %+v", b)
			}
			if got := strings.TrimSpace(string(b.Failure.Stderr)); got != tc.say {
				t.Errorf("first run said %q, want %q", got, tc.say)
			}
			if ge.Get(tc.name) != tc.value || ge.Get("GOVERSION") == "" {
				t.Errorf("%s = %q, GOVERSION = %q", tc.name, ge.Get(tc.name), ge.Get("GOVERSION"))
			}
		})
	}

	// Without the option (godx env, toolchain, soak) the failure stays.
	t.Setenv("GOFLAGS", "-ldflags=-s -w")
	plain, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir, CommandTimeout: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.GoEnv(); err == nil {
		t.Error("GoEnv looked past GOFLAGS without RetryBlockedGoEnv")
	}

	// A GOFLAGS every command refuses is not retried: it is no go env
	// problem of its own.
	// Nor is -C, which every command refuses "(from $GOFLAGS)", or
	// "(from %GOFLAGS%)" on Windows.
	for _, flags := range []string{"-nosuchflag", "-C=" + dir} {
		t.Setenv("GOFLAGS", flags)
		f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir, CommandTimeout: 2 * time.Minute, RetryBlockedGoEnv: true})
		if err != nil {
			t.Fatal(err)
		}
		if ge, err := f.GoEnv(); err == nil && ge.Blocked != nil {
			t.Errorf("GOFLAGS=%s: Blocked = %+v", flags, ge.Blocked)
		}
	}
}
