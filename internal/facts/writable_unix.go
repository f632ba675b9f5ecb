//go:build unix

package facts

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// CheckWrite asks the kernel (access(2), W_OK) whether the user may write
// to path; it writes nothing.
func (System) CheckWrite(path string) error {
	if err := unix.Access(path, unix.W_OK); err != nil {
		return &fs.PathError{Op: "access", Path: path, Err: err}
	}
	return nil
}
