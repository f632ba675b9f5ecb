//go:build unix

package facts

import (
	"errors"
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

// System.ReadFile, through which every settings and config file is read
// (VS Code's settings.json, launch.json, ssh_config, go.mod), refuses a
// FIFO, a socket and a device without reading or waiting. The FIFO has no
// writer: a blocking open would wait for one forever.
func TestSystemReadFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "settings.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "sock")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: sock}); err != nil {
		t.Fatal(err)
	}
	for p, kind := range map[string]string{fifo: "a named pipe (FIFO)", sock: "a socket", "/dev/zero": "a character device"} {
		done := make(chan error, 1)
		go func() {
			_, err := System{}.ReadFile(p, MaxFileSize)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), p+": not a regular file: "+kind) {
				t.Errorf("ReadFile(%s): %v, want ErrNotRegular naming the file and %s", p, err, kind)
			}
		case <-time.After(2 * time.Minute): // a bound, not a timing assumption: ReadFile must return at all
			t.Fatalf("ReadFile(%s) blocks", p)
		}
	}
}
