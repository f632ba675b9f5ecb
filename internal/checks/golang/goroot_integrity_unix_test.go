//go:build unix

package golang

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// A symbolic link to a file elsewhere, a FIFO and a release file replaced
// by a link to an identical copy: each is a difference, with or without
// the release zip (the regular files still hash to the release's).
func TestGoRootIntegrity_InjectedEntries(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	evil := filepath.Join(t.TempDir(), "evil.go")
	os.WriteFile(evil, []byte("package fmt\n"), 0o644)
	if err := os.Symlink(evil, filepath.Join(dir, "src", "fmt", "zz_evil.go")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "src", "fmt", "zz_pipe.go"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Warning, "differs from the official go1.99.1 release: 0 modified, 0 missing, 2 extra files",
		"src/fmt/zz_evil.go (symbolic link to "+evil+", outside the tree)", "src/fmt/zz_pipe.go (FIFO (named pipe))",
		"the go command follows a symbolic link")

	mv := toolchaintest.Host("go1.99.1").ModVersion()
	os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".zip"))
	r = goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Warning, "0 modified, 0 missing, 2 extra files", "src/fmt/zz_evil.go (symbolic link to "+evil+", outside the tree)")

	// A release file replaced by a link to an identical copy, without the
	// zip: the link is listed though which file it replaced is unknown.
	os.Remove(filepath.Join(dir, "src", "fmt", "zz_evil.go"))
	os.Remove(filepath.Join(dir, "src", "fmt", "zz_pipe.go"))
	print := filepath.Join(dir, "src", "fmt", "print.go")
	data, _ := os.ReadFile(print)
	cp := filepath.Join(t.TempDir(), "print.go")
	os.WriteFile(cp, data, 0o644)
	os.Remove(print)
	if err := os.Symlink(cp, print); err != nil {
		t.Fatal(err)
	}
	r = goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Warning, "differs from the official go1.99.1 release.", "not regular files (1): src/fmt/print.go (symbolic link to "+cp+", outside the tree)")
}
