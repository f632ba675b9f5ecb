package fixer

import (
	"errors"
	"io/fs"

	"golang.org/x/sys/unix"
)

// exchange swaps the files a and b atomically (renameat2
// RENAME_EXCHANGE): what was at b is at a afterwards, so the caller can
// check what it replaced. errNoExchange when the file system cannot
// (some network and FUSE file systems).
func exchange(a, b string) error {
	return renameat2(a, b, unix.RENAME_EXCHANGE)
}

// renameNoReplace renames a to b only if b does not exist
// (RENAME_NOREPLACE), else fails with fs.ErrExist.
func renameNoReplace(a, b string) error {
	err := renameat2(a, b, unix.RENAME_NOREPLACE)
	if errors.Is(err, errNoExchange) {
		return linkNoReplace(a, b)
	}
	return err
}

func renameat2(a, b string, flags uint) error {
	for {
		err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, flags)
		switch err {
		case nil:
			return nil
		case unix.EINTR:
			continue
		case unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP:
			return errNoExchange
		case unix.EEXIST:
			return &fs.PathError{Op: "rename", Path: b, Err: fs.ErrExist}
		}
		return &fs.PathError{Op: "rename", Path: b, Err: err}
	}
}
