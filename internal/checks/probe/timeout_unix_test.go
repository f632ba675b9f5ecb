//go:build unix

package probe

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// A step that runs out of time proves nothing about the toolchain: the
// probe says so in a note (not a warning or an error), with the command
// that runs it alone with a longer budget, and the hung compiler is
// killed with the go command. (-toolexec makes every compile hang: a
// stand-in for a cold cache on a very slow machine.)
func TestBuildOutOfTimeIsANote(t *testing.T) {
	bin := t.TempDir()
	hang := filepath.Join(bin, "hang")
	if err := os.WriteFile(hang, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	m := realMachine(t, "GOFLAGS=-toolexec="+hang)
	start := time.Now()
	r := checktest.Run(t, Build, m.os, facts.Options{Dir: m.dir, CommandTimeout: 10 * time.Second})
	fd := checktest.Only(t, r, check.Info, "The probe's `build` step did not finish within its time limit", "godx cannot tell whether it works",
		"did not finish within its time limit", "cold build cache")
	if fd.Fix == nil || len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "godx doctor --deep --only probe/build --timeout 10m -v" {
		t.Errorf("fix = %+v", fd.Fix)
	}
	if d := time.Since(start); d > 2*time.Minute {
		t.Errorf("the probe took %v: the hung build was not stopped", d)
	}
	if entries, err := os.ReadDir(m.scratch); err == nil && len(entries) > 0 {
		t.Errorf("scratch modules left behind: %v", entries)
	}
}
