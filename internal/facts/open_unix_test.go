//go:build unix

package facts

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// System.Open refuses a FIFO without waiting for a writer (a FIFO that
// replaces a file between a look at its type and the open).
func TestSystemOpenFIFO(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := System{}.Open(p)
		if err == nil {
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("Open of a FIFO: %v", err)
		}
	case <-time.After(2 * time.Minute): // a bound, not a timing assumption: Open must return at all
		t.Fatal("Open of a FIFO waits for a writer")
	}
}
