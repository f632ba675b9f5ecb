//go:build !linux && !darwin && !freebsd && !dragonfly && !windows

package facts

import "errors"

func (System) DiskFree(path string) (uint64, error) {
	return 0, errors.New("free disk space is not available on this platform")
}
