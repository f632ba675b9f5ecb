//go:build unix

package toolchain_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// verifyBounded runs Verify and fails, rather than hanging the suite, when
// it never returns (a FIFO opened for reading waits for a writer forever).
// The bound is generous: the test asserts that Verify returns at all.
func verifyBounded(t *testing.T, e *toolchain.Env, dir string) *toolchain.Verification {
	t.Helper()
	type result struct {
		v   *toolchain.Verification
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := e.Verify(context.Background(), dir, "go1.99.1")
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.v.Match {
			t.Fatalf("verify says identical: %+v", r.v)
		}
		return r.v
	case <-time.After(3 * time.Minute):
		t.Fatal("Verify did not return: it is blocked on an entry of the tree")
	}
	return nil
}

// removeZip takes the release zip out of the module cache, so that Verify
// cannot list the differences from the release.
func removeZip(t *testing.T, s *toolchaintest.Sandbox) {
	t.Helper()
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	if err := os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".zip")); err != nil {
		t.Fatal(err)
	}
}

func entryNamed(v *toolchain.Verification, name string) (toolchain.Entry, bool) {
	for _, e := range v.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return toolchain.Entry{}, false
}

// hasItem reports whether list has an item starting with prefix and
// containing every one of parts.
func hasItem(list []string, prefix string, parts ...string) bool {
	return slices.ContainsFunc(list, func(s string) bool {
		if !strings.HasPrefix(s, prefix) {
			return false
		}
		for _, p := range parts {
			if !strings.Contains(s, p) {
				return false
			}
		}
		return true
	})
}

// Entries added to an installed toolchain that are not regular files are
// differences, whether or not the release zip is at hand: the regular
// files all match, so the hash alone would say "identical".
func TestVerifyInjectedEntries(t *testing.T) {
	elsewhere := t.TempDir()
	evil := filepath.Join(elsewhere, "evil.go")
	if err := os.WriteFile(evil, []byte("package fmt\n\nfunc init() { println(\"injected\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		root   bool // needs root
		inject func(t *testing.T, dir string)
		entry  string // the entry's name in the tree
		kind   string
		want   []string // in its line of Diff.Extra
	}{
		{"symlink outside the tree", false, func(t *testing.T, dir string) {
			must(t, os.Symlink(evil, filepath.Join(dir, "src", "fmt", "zz_evil.go")))
		}, "src/fmt/zz_evil.go", toolchain.KindSymlink, []string{"symbolic link to " + evil, "outside the tree"}},
		{"dangling symlink", false, func(t *testing.T, dir string) {
			must(t, os.Symlink("/elsewhere/evil.go", filepath.Join(dir, "src", "fmt", "zz_evil.go")))
		}, "src/fmt/zz_evil.go", toolchain.KindSymlink, []string{"symbolic link that dangles"}},
		{"symlink loop", false, func(t *testing.T, dir string) {
			must(t, os.Symlink("loop_b.go", filepath.Join(dir, "src", "fmt", "loop_a.go")))
			must(t, os.Symlink("loop_a.go", filepath.Join(dir, "src", "fmt", "loop_b.go")))
		}, "src/fmt/loop_a.go", toolchain.KindSymlink, []string{"a loop of symbolic links"}},
		{"symlinked directory", false, func(t *testing.T, dir string) {
			must(t, os.Symlink(elsewhere, filepath.Join(dir, "src", "evil")))
		}, "src/evil", toolchain.KindSymlink, []string{"outside the tree"}},
		{"FIFO", false, func(t *testing.T, dir string) {
			must(t, syscall.Mkfifo(filepath.Join(dir, "src", "fmt", "zz_pipe.go"), 0o644))
		}, "src/fmt/zz_pipe.go", toolchain.KindFIFO, []string{"FIFO"}},
		{"socket", false, func(t *testing.T, dir string) {
			// Bound in a short directory (socket paths are limited to
			// about 100 bytes), then moved into the tree.
			short, err := os.MkdirTemp("", "s")
			must(t, err)
			t.Cleanup(func() { os.RemoveAll(short) })
			l, err := net.Listen("unix", filepath.Join(short, "s"))
			must(t, err)
			l.(*net.UnixListener).SetUnlinkOnClose(false)
			t.Cleanup(func() { l.Close() })
			must(t, os.Rename(filepath.Join(short, "s"), filepath.Join(dir, "src", "fmt", "zz.sock")))
		}, "src/fmt/zz.sock", toolchain.KindSocket, []string{"socket"}},
		{"device node", true, func(t *testing.T, dir string) {
			// The character device of /dev/null (1, 3).
			must(t, syscall.Mknod(filepath.Join(dir, "src", "fmt", "zz_dev.go"), syscall.S_IFCHR|0o644, 1<<8|3))
		}, "src/fmt/zz_dev.go", toolchain.KindDevice, []string{"device node"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.root && os.Geteuid() != 0 {
				t.Skip("making a device node needs root")
			}
			for _, zip := range []bool{true, false} {
				s, e, dir := install(t, "go1.99.1")
				if !zip {
					removeZip(t, s)
				}
				edit(t, dir, func() { c.inject(t, dir) })
				v := verifyBounded(t, e, dir)
				en, ok := entryNamed(v, c.entry)
				if !ok || en.Kind != c.kind {
					t.Fatalf("zip %v: entries = %+v, want %s a %s", zip, v.Entries, c.entry, c.kind)
				}
				if v.Diff == nil {
					t.Fatalf("zip %v: no diff: %+v", zip, v)
				}
				if !hasItem(v.Diff.Extra, c.entry+" (", c.want...) || len(v.Diff.Modified)+len(v.Diff.Missing) != 0 {
					t.Errorf("zip %v: diff = %+v, want %s in extra with %q", zip, v.Diff, c.entry, c.want)
				}
				if !slices.ContainsFunc(v.Diff.Entries, func(d toolchain.Entry) bool { return d.Name == c.entry && d.Kind == c.kind }) {
					t.Errorf("zip %v: diff entries = %+v", zip, v.Diff.Entries)
				}
			}
		})
	}
}

// A release file replaced by a symbolic link is modified, even when the
// link leads to a copy with identical content.
func TestVerifyFileReplacedByLink(t *testing.T) {
	for _, zip := range []bool{true, false} {
		s, e, dir := install(t, "go1.99.1")
		if !zip {
			removeZip(t, s)
		}
		print := filepath.Join(dir, "src", "fmt", "print.go")
		cp := filepath.Join(t.TempDir(), "print.go")
		data, err := os.ReadFile(print)
		must(t, err)
		must(t, os.WriteFile(cp, data, 0o644))
		edit(t, dir, func() {
			must(t, os.Remove(print))
			must(t, os.Symlink(cp, print))
		})
		v := verifyBounded(t, e, dir)
		if en, ok := entryNamed(v, "src/fmt/print.go"); !ok || en.Kind != toolchain.KindSymlink || !en.Outside {
			t.Fatalf("zip %v: entries = %+v", zip, v.Entries)
		}
		if !zip {
			continue // which release file it replaces cannot be told without the zip
		}
		if v.Diff == nil || !hasItem(v.Diff.Modified, "src/fmt/print.go (", "replaced by a symbolic link to "+cp, "outside the tree") ||
			len(v.Diff.Missing)+len(v.Diff.Extra) != 0 {
			t.Errorf("diff = %+v", v.Diff)
		}
	}
}

// A release file replaced by a FIFO is never opened, and is modified.
func TestVerifyFileReplacedByFIFO(t *testing.T) {
	_, e, dir := install(t, "go1.99.1")
	print := filepath.Join(dir, "src", "fmt", "print.go")
	edit(t, dir, func() {
		must(t, os.Remove(print))
		must(t, syscall.Mkfifo(print, 0o644))
	})
	v := verifyBounded(t, e, dir)
	if v.Diff == nil || !slices.Equal(v.Diff.Modified, []string{"src/fmt/print.go (replaced by a FIFO (named pipe))"}) || len(v.Diff.Missing) != 0 {
		t.Errorf("diff = %+v", v.Diff)
	}
}

// What cannot be read is reported, not taken as identical, and does not
// stop the verification.
func TestVerifyUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file")
	}
	t.Run("file", func(t *testing.T) {
		_, e, dir := install(t, "go1.99.1")
		edit(t, dir, func() { must(t, os.Chmod(filepath.Join(dir, "src", "fmt", "print.go"), 0)) })
		v := verifyBounded(t, e, dir)
		if en, ok := entryNamed(v, "src/fmt/print.go"); !ok || en.Kind != toolchain.KindUnreadable {
			t.Fatalf("entries = %+v", v.Entries)
		}
		if v.Diff == nil || !hasItem(v.Diff.Unreadable, "src/fmt/print.go (unreadable: ", "permission denied") || len(v.Diff.Missing) != 0 {
			t.Errorf("diff = %+v", v.Diff)
		}
	})
	t.Run("directory", func(t *testing.T) {
		_, e, dir := install(t, "go1.99.1")
		edit(t, dir, func() { must(t, os.Chmod(filepath.Join(dir, "src", "fmt"), 0)) })
		t.Cleanup(func() { os.Chmod(filepath.Join(dir, "src", "fmt"), 0o755) })
		v := verifyBounded(t, e, dir)
		if v.Diff == nil || !hasItem(v.Diff.Unreadable, "src/fmt (directory that cannot be listed: ", "permission denied") || len(v.Diff.Missing) != 0 {
			t.Errorf("diff = %+v", v.Diff)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
