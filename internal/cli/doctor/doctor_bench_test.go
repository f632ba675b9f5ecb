package doctor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/engine"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
)

// BenchmarkDoctorOffline measures one whole `godx doctor --offline` run
// (every check, the real go command, text rendering) in a small module on
// this machine: the in-process part of the ≤ 70 ms goal in the README.
func BenchmarkDoctorOffline(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/bench\n\ngo 1.22\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ios, _, _, _ := iostreams.Test()
		f := &command.Factory{IO: ios, OS: facts.System{}, Checks: checks.All}
		err := Run(context.Background(), f, &Options{Dir: dir, Offline: true, Timeout: engine.DefaultBudget})
		var exit *command.ExitError
		if err != nil && !errors.As(err, &exit) {
			b.Fatal(err)
		}
	}
}
