//go:build darwin || freebsd || linux || netbsd || openbsd

package toolchain

import (
	"io/fs"
	"sync"
	"syscall"
)

// writeBits is what the go command ORs into a directory's mode to make it
// writable (cmd/go/internal/toolchain/umask_unix.go): it follows the
// umask, read once (reading it means setting it, so it is done before any
// concurrent file creation of godx's own).
var writeBits = sync.OnceValue(func() fs.FileMode {
	m := syscall.Umask(0o777)
	syscall.Umask(m)
	if m&0o22 == 0o22 {
		return 0o700
	}
	if m&0o2 == 0o2 {
		return 0o770
	}
	return 0o777
})
