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

// ReadFile reads a regular file only (see Open): a FIFO, socket or
// device where a settings file is expected is ErrNotRegular, never read.
func (System) ReadFile(name string, limit int64) ([]byte, error) {
	f, err := openRegular(name)
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
	f, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ErrNotRegular is the error for a FIFO, socket or device where godx
// expected a file to read: such a file is never read (a FIFO would block
// the reader until a writer comes). The error returned is a
// *NotRegularError, which says what the file is.
var ErrNotRegular = errors.New("not a regular file")

// NotRegularError is ErrNotRegular with the file's type.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return "not a regular file: " + FileKind(e.Mode)
}

func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// FileKind names the type of a file that is not a regular file or a
// directory, in the words ls -l and file(1) use.
func FileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m.IsRegular():
		return "a regular file"
	}
	return "an irregular file"
}

// openRegular opens name for reading if it is a regular file.
// openNonblock: opening a FIFO must not wait for a writer; anything but a
// regular file is refused again once open, by what fstat says of the open
// file (so a FIFO swapped in after the look at the path is refused too).
func openRegular(name string) (*osFile, error) {
	// A look first, so that a socket (which open refuses with a puzzling
	// "no such device or address") is named for what it is.
	if st, err := os.Stat(name); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: st.Mode()}}
	}
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
		return nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: st.Mode()}}
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
