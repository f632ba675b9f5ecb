package facts

import "errors"

// WriteChecker is an optional part of OS: it tells whether the current user
// may create or change files in path without writing anything (access(2)
// with W_OK on Unix). System implements it; an OS without it makes
// Facts.CheckWrite answer ErrWriteUnknown.
type WriteChecker interface {
	CheckWrite(path string) error
}

// ErrWriteUnknown means the OS cannot tell whether a path is writable
// without writing to it (Windows ACLs, fakes without WriteChecker).
var ErrWriteUnknown = errors.New("cannot tell whether the path is writable without writing to it")

// CheckWrite reports whether the current user may write to path: nil when
// it may, ErrWriteUnknown when the OS cannot tell, else the OS's reason
// (permission denied, read-only file system, no such file or directory).
// It never writes. Root passes on Unix, as it does for real writes.
func (f *Facts) CheckWrite(path string) error {
	if wc, ok := f.OS.(WriteChecker); ok {
		return wc.CheckWrite(path)
	}
	return ErrWriteUnknown
}
