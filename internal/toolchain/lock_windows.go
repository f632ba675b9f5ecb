//go:build windows

package toolchain

import (
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes the lock the go command takes on the module cache's
// <version>.lock file while it downloads or unpacks that version
// (lockedfile.MutexAt: LockFileEx, exclusive, the whole file).
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	const allBytes = ^uint32(0)
	ol := new(windows.Overlapped)
	if err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, allBytes, allBytes, ol); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		windows.UnlockFileEx(windows.Handle(f.Fd()), 0, allBytes, allBytes, new(windows.Overlapped))
		f.Close()
	}, nil
}
