package facts

import "syscall"

// errFilenameExcedRange is ERROR_FILENAME_EXCED_RANGE (206), "The filename
// or extension is too long."
const errFilenameExcedRange = syscall.Errno(206)
