//go:build unix

package fixer

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives tmp the owner and group of the file it replaces, so a
// fix run with sudo does not hand a user's file to root (best effort: an
// ordinary user can only chown to itself, which changes nothing).
func keepOwner(tmp *os.File, old fs.FileInfo) {
	if st, ok := old.Sys().(*syscall.Stat_t); ok {
		tmp.Chown(int(st.Uid), int(st.Gid))
	}
}
