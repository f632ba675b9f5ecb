//go:build unix

package probe

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
)

// A dlv that refuses the program (here a script printing Delve's own
// words for a Go it does not support) ends the probe as soon as it exits,
// with its output and the step that failed.
func TestDlvRefusesReal(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\necho 'Version of Delve is too old for Go version go1.26.8 (maximum supported version 1.25, suppress this error with --check-go-version=false)' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dlv"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	m := realMachine(t, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r := m.run(Dlv)
	checktest.Only(t, r, check.Error, "cannot debug a hello-world built by go1.",
		"dlv exited before its API answered (exit status 1)",
		"Version of Delve is too old for Go version go1.26.8",
		"install a Delve release that supports it",
		"dlv exec --headless --listen=127.0.0.1:")
}
