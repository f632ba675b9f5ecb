//go:build unix

package toolchaincmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// A symbolic link injected into the standard library's sources (the
// regular files are untouched, so their hash is the release's) is a
// difference, and so is a FIFO, which is never opened: exit status 1, never
// "identical".
func TestVerifyInjectedLink(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.1")...)
	mustRun(t, s.Home, "install", "1.99.1")
	dir := modDir(s, "go1.99.1")
	toolchaintest.MakeWritable(dir)
	evil := filepath.Join(t.TempDir(), "evil.go")
	os.WriteFile(evil, []byte("package fmt\n"), 0o644)
	if err := os.Symlink(evil, filepath.Join(dir, "src", "fmt", "zz_evil.go")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "src", "fmt", "zz_pipe.go"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, noZip := range []bool{false, true} {
		args := []string{"verify", "go1.99.1"}
		if noZip {
			// Without the zip in reach the entries are still listed.
			mv := toolchaintest.Host("go1.99.1").ModVersion()
			os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".zip"))
		}
		out, _, err := run(t, s.Home, args...)
		if exitCode(err) != 1 || strings.Contains(out, "identical") {
			t.Fatalf("verify of a tree with an injected link: %v\n%s", err, out)
		}
		for _, want := range []string{"MODIFIED", "extra    src/fmt/zz_evil.go (symbolic link to " + evil + ", outside the tree)",
			"extra    src/fmt/zz_pipe.go (FIFO (named pipe))", "0 modified, 0 missing, 2 extra"} {
			if !strings.Contains(out, want) {
				t.Errorf("verify output lacks %q:\n%s", want, out)
			}
		}
	}
}
