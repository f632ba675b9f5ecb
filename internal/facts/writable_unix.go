//go:build unix

package facts

import "golang.org/x/sys/unix"

// WritableDir asks the kernel (access(2) with W_OK|X_OK), which knows about
// owners, groups, root and read-only mounts.
func (System) WritableDir(dir string) (writable, known bool) {
	err := unix.Access(dir, unix.W_OK|unix.X_OK)
	switch err {
	case nil:
		return true, true
	case unix.EACCES, unix.EROFS, unix.EPERM:
		return false, true
	}
	return false, false
}
