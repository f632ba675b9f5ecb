package fixer

// This file is the fix engine's only door to the file system. godx fix is
// a command, not a check, so it uses the real OS directly.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// newFileMode is the permission of a file a fix creates.
const newFileMode fs.FileMode = 0o644

// readForEdit resolves path's symlinks and reads it. A missing file is
// not an error (a fix may create it); a directory or an oversized file is.
func readForEdit(path string) (target string, exists bool, mode fs.FileMode, data []byte, err error) {
	target = path
	if t, err := filepath.EvalSymlinks(path); err == nil {
		target = t
	}
	fi, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return target, false, newFileMode, nil, nil
	}
	if err != nil {
		return "", false, 0, nil, err
	}
	if !fi.Mode().IsRegular() {
		return "", false, 0, nil, fmt.Errorf("%s is not a regular file", target)
	}
	data, err = readLimited(target)
	return target, true, fi.Mode().Perm(), data, err
}

// readCurrent reads a file for the "changed underneath" comparison.
func readCurrent(path string) (data []byte, exists bool, err error) {
	data, err = readLimited(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB; godx fix does not edit it", path, MaxFileSize>>20)
	}
	return data, nil
}

// writeAtomic replaces path with data: a temporary file in the same
// directory, written, synced, given mode (and, on Unix, the owner of the
// file it replaces), then renamed over path; the directory is synced
// after. On any error path is untouched and the temporary file is removed.
func writeAtomic(path string, data []byte, mode fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".godx-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if runtime.GOOS != "windows" {
		if err = tmp.Chmod(mode); err != nil {
			return err
		}
		if old, statErr := os.Stat(path); statErr == nil {
			keepOwner(tmp, old)
		}
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// removeFile deletes path (a fix that removes a file godx created).
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename durable (best effort: Windows cannot sync a
// directory, and the data itself is already synced).
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// writeNew creates a file that must not exist yet (backups, manifests are
// written with writeAtomic), synced.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func mkdirPrivate(dir string) error { return os.MkdirAll(dir, 0o700) }

func mkdirNew(dir string) error { return os.Mkdir(dir, 0o700) }

func readDirNames(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// WriteFile replaces path atomically with data (see writeAtomic), for
// godx's own state files.
func WriteFile(path string, data []byte, mode fs.FileMode) error {
	return writeAtomic(path, data, mode)
}

// ReadFile reads a file of at most MaxFileSize bytes.
func ReadFile(path string) ([]byte, error) { return readLimited(path) }
