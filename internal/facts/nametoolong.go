package facts

import (
	"errors"
	"syscall"
)

// IsNameTooLong reports whether err says a path is too long for the file
// system (ENAMETOOLONG, "file name too long": a name in it over the file
// system's limit, usually 255 bytes, or the whole path over PATH_MAX; on
// Windows ERROR_FILENAME_EXCED_RANGE). That is not a permission problem:
// no owner or mode change helps, only a shorter path.
func IsNameTooLong(err error) bool {
	return errors.Is(err, syscall.ENAMETOOLONG) || errors.Is(err, errFilenameExcedRange)
}
