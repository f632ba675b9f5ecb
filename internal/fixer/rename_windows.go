package fixer

import (
	"errors"
	"io/fs"

	"golang.org/x/sys/windows"
)

// exchange: Windows has no atomic exchange of two files; the caller
// compares the file with the plan just before renaming instead.
func exchange(a, b string) error { return errNoExchange }

// renameNoReplace renames a to b only if b does not exist: MoveFileEx
// without MOVEFILE_REPLACE_EXISTING fails when b exists.
func renameNoReplace(a, b string) error {
	from, err := windows.UTF16PtrFromString(a)
	if err != nil {
		return err
	}
	to, err := windows.UTF16PtrFromString(b)
	if err != nil {
		return err
	}
	err = windows.MoveFileEx(from, to, windows.MOVEFILE_WRITE_THROUGH)
	if errors.Is(err, windows.ERROR_ALREADY_EXISTS) || errors.Is(err, windows.ERROR_FILE_EXISTS) {
		return &fs.PathError{Op: "rename", Path: b, Err: fs.ErrExist}
	}
	if err != nil {
		return &fs.PathError{Op: "rename", Path: b, Err: err}
	}
	return nil
}
