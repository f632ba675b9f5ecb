package fixer

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// exchange swaps the files a and b atomically (renamex_np RENAME_SWAP,
// APFS and HFS+): what was at b is at a afterwards. errNoExchange when
// the file system cannot.
func exchange(a, b string) error { return renamex(a, b, unix.RENAME_SWAP) }

// renameNoReplace renames a to b only if b does not exist (RENAME_EXCL),
// else fails with fs.ErrExist.
func renameNoReplace(a, b string) error {
	err := renamex(a, b, unix.RENAME_EXCL)
	if err == errNoExchange {
		return linkNoReplace(a, b)
	}
	return err
}

func renamex(a, b string, flags uint32) error {
	for {
		err := unix.RenamexNp(a, b, flags)
		switch err {
		case nil:
			return nil
		case unix.EINTR:
			continue
		case unix.ENOTSUP, unix.EINVAL, unix.ENOSYS:
			return errNoExchange
		case unix.EEXIST:
			return &fs.PathError{Op: "rename", Path: b, Err: fs.ErrExist}
		}
		return &fs.PathError{Op: "rename", Path: b, Err: err}
	}
}
