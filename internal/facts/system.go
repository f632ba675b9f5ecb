package facts

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// System is the real operating system.
type System struct{}

func (System) GOOS() string                           { return runtime.GOOS }
func (System) GOARCH() string                         { return runtime.GOARCH }
func (System) Environ() []string                      { return os.Environ() }
func (System) Getwd() (string, error)                 { return os.Getwd() }
func (System) Stat(name string) (fs.FileInfo, error)  { return os.Stat(name) }
func (System) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }
func (System) ReadDir(name string) ([]fs.DirEntry, error) {
	return os.ReadDir(name)
}
func (System) EvalSymlinks(name string) (string, error) { return filepath.EvalSymlinks(name) }
func (System) MkdirAll(name string) error               { return os.MkdirAll(name, 0o777) }
func (System) Now() time.Time                           { return time.Now() }

func (System) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A file its size already rules out is not read at all (a 50 MB
	// go.mod took seconds to read and throw away).
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
		return nil, fmt.Errorf("%s: %w (over %d bytes)", name, ErrTooLarge, limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w (over %d bytes)", name, ErrTooLarge, limit)
	}
	return data, nil
}

func (System) Open(name string) (File, error) {
	// openNonblock: opening a FIFO must not wait for a writer; anything
	// but a regular file is refused once open.
	f, err := os.OpenFile(name, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("is a directory")}
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("not a regular file")}
	}
	return &osFile{File: f, size: st.Size()}, nil
}

// osFile is an *os.File with its size recorded at open.
type osFile struct {
	*os.File
	size int64
}

func (f *osFile) Size() int64 { return f.size }

func (System) WriteFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// HTTPError is a non-200 answer.
type HTTPError struct {
	URL    string
	Status string
	Code   int
}

func (e *HTTPError) Error() string { return e.URL + ": " + e.Status }

// IsNotFound reports whether err means the thing does not exist (a missing
// file or a 404/410 from a server).
func IsNotFound(err error) bool {
	var h *HTTPError
	if errors.As(err, &h) {
		return h.Code == http.StatusNotFound || h.Code == http.StatusGone
	}
	return errors.Is(err, fs.ErrNotExist)
}
