//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd || windows)

package toolchain

// lockFile is a no-op where godx does not know the go command's locking.
func lockFile(path string) (unlock func(), err error) { return func() {}, nil }
