//go:build !windows

package facts

import "syscall"

// errFilenameExcedRange is Windows' ERROR_FILENAME_EXCED_RANGE; elsewhere
// ENAMETOOLONG is the only such error.
const errFilenameExcedRange = syscall.ENAMETOOLONG
