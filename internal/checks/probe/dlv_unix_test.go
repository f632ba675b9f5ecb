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

// A gopls that does not know the go command's language (here a script
// printing what a gopls built with Go 1.25 says of Go 1.26's new(42))
// is an error quoting it.
func TestGoplsBogusDiagnosticReal(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\necho \"$2:3:33-35: 42 is not a type\"\n"
	if err := os.WriteFile(filepath.Join(bin, "gopls"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	m := realMachine(t, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r := m.run(Gopls)
	fd := checktest.Only(t, r, check.Error, "reports errors in correct code that uses new with an expression (Go 1.26): it cannot handle go1.",
		"feature.go:3:33-35: 42 is not a type", "gopls check")
	if checktest.Evidence(fd.Evidence, "gopls") != filepath.Join(bin, "gopls") {
		t.Errorf("evidence: %v", fd.Evidence)
	}
	measured(t, r, "gopls check")
}
