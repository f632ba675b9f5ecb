package facts

import "io/fs"

// FastDirs is an optional extension of OS for walking large trees without
// an allocation per entry: a directory is listed into a buffer the caller
// reuses, and its files are opened relative to it (no path lookup from the
// root for each file). System implements it on Linux; elsewhere, and with
// the test fakes, callers use ReadDir and ReadFileInto.
type FastDirs interface {
	// OpenDir opens a directory for listing; buf is the caller's listing
	// buffer (grown when too small; keep Buffer() for the next OpenDir).
	OpenDir(name string, buf []byte) (FastDir, error)
}

// FastDir is an open directory.
type FastDir interface {
	// Next returns the next entry (never "." or ".."): its name, valid
	// until the next call, and its type bits (0 for a regular file,
	// fs.ModeDir, fs.ModeSymlink, ...). It returns io.EOF at the end.
	Next() (name []byte, typ fs.FileMode, err error)
	// ReadFileInto reads the regular file name of this directory into buf
	// like FastReader.ReadFileInto (a symlink is refused). Errors carry no
	// path: the caller knows it.
	ReadFileInto(name []byte, buf []byte, limit int64) ([]byte, error)
	// Stat is the type of name in this directory, following symlinks.
	Stat(name string) (fs.FileMode, error)
	// Buffer is the listing buffer, to reuse for the next OpenDir.
	Buffer() []byte
	Close() error
}
