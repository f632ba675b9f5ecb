//go:build !(darwin || freebsd || linux || netbsd || openbsd)

package toolchain

import "io/fs"

// writeBits is the go command's choice where there is no umask.
func writeBits() fs.FileMode { return 0o700 }
