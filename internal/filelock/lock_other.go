//go:build !(darwin || dragonfly || freebsd || illumos || linux || netbsd || openbsd || windows)

package filelock

// Lock is a no-op where the platform has no file locks godx knows.
func Lock(path string) (unlock func(), err error) { return func() {}, nil }
