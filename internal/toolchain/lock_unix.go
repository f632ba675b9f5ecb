//go:build darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd

package toolchain

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes the lock the go command takes on the module cache's
// <version>.lock file while it downloads or unpacks that version
// (lockedfile.MutexAt: flock, exclusive, on a file opened read-write).
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
