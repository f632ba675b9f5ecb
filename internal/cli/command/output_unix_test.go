//go:build unix

package command

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The file is replaced, never rewritten in place: a reader that opened
// it before (the textfile collector in the middle of a scrape) still
// reads the whole old document, and the path then holds the whole new one.
func TestWriteOutputReplacesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "godx.prom")
	old := strings.Repeat("godx_old 1\n", 1000) + "# EOF\n"
	if err := os.WriteFile(path, []byte(old), 0o640); err != nil {
		t.Fatal(err)
	}
	reader, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if err := WriteOutput(path, []byte("godx_new 1\n# EOF\n")); err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(reader); string(got) != old {
		t.Errorf("a reader of the old file saw %d bytes of a changed file", len(got))
	}
	if got, _ := os.ReadFile(path); string(got) != "godx_new 1\n# EOF\n" {
		t.Errorf("new content: %q", got)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the old file's 0640", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// A new file can be read by the collector's user whatever the umask.
func TestWriteOutputNewFileMode(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "sub", "godx.prom")
	if err := WriteOutput(path, []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("new file: %v %v, want 0644", st.Mode(), err)
	}
}

// A FIFO (or anything but a regular file) is refused without opening it,
// so godx never blocks waiting for a reader.
func TestWriteOutputRefusesFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip(err)
	}
	err := WriteOutput(path, []byte("x\n"))
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("err = %v", err)
	}
	if st, _ := os.Lstat(path); st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced")
	}
}
