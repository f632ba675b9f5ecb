package facts

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestFastRead_ReadFileInto(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.go")
	big := filepath.Join(dir, "big.go")
	os.WriteFile(small, []byte("package p\n"), 0o644)
	os.WriteFile(big, bytes.Repeat([]byte("x"), 200<<10), 0o644)
	f, err := New(t.Context(), System{}, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 1<<20)
	data, err := f.ReadFileInto(small, buf)
	if err != nil || string(data) != "package p\n" {
		t.Fatalf("got %q, %v", data, err)
	}
	if &data[:1][0] != &buf[:1][0] {
		t.Errorf("the buffer was not reused")
	}
	data, err = f.ReadFileInto(big, data[:0])
	if err != nil || len(data) != 200<<10 {
		t.Fatalf("big: %d bytes, %v", len(data), err)
	}
	if _, err := (System{}).ReadFileInto(big, nil, 1000); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), big) {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := (System{}).ReadFile(big, 1000); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), big) {
		t.Errorf("ReadFile over the limit: %v", err)
	}
	if _, err := f.ReadFileInto(filepath.Join(dir, "missing.go"), nil); !IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := f.ReadFileInto(dir, nil); err == nil {
		t.Errorf("a directory was read")
	}
	if runtime.GOOS == "linux" {
		// /proc files report size 0 but have content.
		if data, err := f.ReadFileInto("/proc/self/status", nil); err != nil || !bytes.Contains(data, []byte("Name:")) {
			t.Errorf("/proc/self/status: %q, %v", data, err)
		}
	}
	fifo := filepath.Join(dir, "pipe.go")
	if exec.Command("mkfifo", fifo).Run() == nil {
		done := make(chan error, 1)
		go func() { _, err := f.ReadFileInto(fifo, nil); done <- err }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("a FIFO was read")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("reading a FIFO blocked")
		}
	}
}

func TestFastRead_FastDir(t *testing.T) {
	fast, ok := OS(System{}).(FastDirs)
	if !ok {
		t.Skip("no FastDirs on " + runtime.GOOS)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.Symlink("a.go", filepath.Join(dir, "link.go"))
	long := strings.Repeat("n", 200) + ".go"
	os.WriteFile(filepath.Join(dir, long), []byte("package n\n"), 0o644)
	var buf []byte
	d, err := fast.OpenDir(dir, buf)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var got []string
	var content []byte
	for {
		name, typ, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(name)+":"+typ.String())
		if typ.IsRegular() && strings.HasSuffix(string(name), ".go") {
			data, err := d.ReadFileInto(name, content, 1<<20)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !bytes.HasPrefix(data, []byte("package ")) {
				t.Errorf("%s: %q", name, data)
			}
			content = data[:0]
		}
	}
	sort.Strings(got)
	want := []string{"a.go:----------", "go.mod:----------", "link.go:L---------", long + ":----------", "sub:d---------"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("entries:\n got %v\nwant %v", got, want)
	}
	if m, err := d.Stat("go.mod"); err != nil || !m.IsRegular() {
		t.Errorf("Stat(go.mod) = %v, %v", m, err)
	}
	if _, err := d.Stat("nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat(nope) = %v", err)
	}
	if _, err := d.ReadFileInto([]byte("link.go"), nil, 1<<20); err == nil {
		t.Errorf("a symlink was followed")
	}
	if _, err := d.ReadFileInto([]byte(strings.Repeat("x", 300)), nil, 1<<20); err == nil {
		t.Errorf("an over-long name was accepted")
	}
	if len(d.Buffer()) < 32<<10 {
		t.Errorf("listing buffer %d bytes", len(d.Buffer()))
	}
}
