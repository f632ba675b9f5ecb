package facts

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
)

// TreeRemover is the part of an OS that deletes a directory tree. Only the
// real System has it: the probes of `godx doctor --deep` build in a
// scratch directory that must be gone afterwards, so on an OS without it
// (a test fake) they do not run at all.
type TreeRemover interface {
	RemoveAll(path string) error
}

// RemoveAll deletes path and everything under it.
func (System) RemoveAll(path string) error { return os.RemoveAll(path) }

// ErrNoScratch means the inspected OS cannot remove a scratch directory.
var ErrNoScratch = errors.New("this system cannot remove a scratch directory afterwards")

// ScratchDir makes a new, empty directory <CacheDir>/probe/<name>-<random>
// (outside any project, so nothing a probe builds lands in one) and
// returns it with the function that removes it again.
func (f *Facts) ScratchDir(name string) (dir string, remove func() error, err error) {
	rm, ok := f.OS.(TreeRemover)
	if !ok {
		return "", nil, ErrNoScratch
	}
	cache, err := f.CacheDir()
	if err != nil {
		return "", nil, fmt.Errorf("godx's cache folder: %w", err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, err
	}
	dir = f.JoinPath(cache, "probe", name+"-"+hex.EncodeToString(b[:]))
	if _, err := f.OS.Lstat(dir); err == nil {
		return "", nil, fmt.Errorf("%s already exists", dir)
	}
	if err := f.OS.MkdirAll(dir); err != nil {
		return "", nil, err
	}
	return dir, func() error { return rm.RemoveAll(dir) }, nil
}
