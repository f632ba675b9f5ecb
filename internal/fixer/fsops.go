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

// fileState is a file as a plan reads it.
type fileState struct {
	target, link string // link: the symlink's text when path is one
	exists       bool
	mode         fs.FileMode
	links        int // hard links
	owner        fileOwner
	info         fs.FileInfo
	data         []byte
}

// readForEdit resolves path's symlinks and reads the file. A missing file
// is not an error (a fix may create it, also through a dangling link); a
// directory, an oversized file, or one whose owner godx could not keep
// when replacing it, is.
func readForEdit(path string) (fileState, error) {
	target, link, err := resolveLinks(path)
	if err != nil {
		return fileState{}, err
	}
	st := fileState{target: target, link: link, mode: newFileMode, links: 1}
	fi, err := os.Stat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return fileState{}, err
	}
	if !fi.Mode().IsRegular() {
		return fileState{}, fmt.Errorf("%s is not a regular file", target)
	}
	st.exists, st.mode, st.links, st.owner, st.info = true, fi.Mode().Perm(), linkCount(target, fi), ownerOf(fi), fi
	if st.links <= 1 {
		// Replaced by a new file: its owner must be one godx can give.
		if err := st.owner.keepable(target); err != nil {
			return fileState{}, err
		}
	}
	st.data, err = readLimited(target)
	return st, err
}

// resolveLinks follows the symlinks of path's last element by hand, so
// that a dangling link names the file to create (as a shell's >> does),
// then resolves the folders' links. link is the text of path's own link.
// The folder of a dangling link's target is never created: a missing
// one is an error (it may be an unmounted drive).
func resolveLinks(path string) (target, link string, err error) {
	target = path
	for hops := 0; ; hops++ {
		fi, err := os.Lstat(target)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			break
		}
		if hops == 40 {
			return "", "", fmt.Errorf("%s: too many levels of symbolic links", path)
		}
		dest, err := os.Readlink(target)
		if err != nil {
			return "", "", err
		}
		if hops == 0 {
			link = dest
		}
		if !filepath.IsAbs(dest) {
			// Not filepath.Join: cleaning "dir/../x" lexically is wrong
			// when dir is itself a link.
			dest = rawDir(target) + string(filepath.Separator) + dest
		}
		target = dest
	}
	if t, err := filepath.EvalSymlinks(target); err == nil {
		return t, link, nil
	}
	d, err := filepath.EvalSymlinks(rawDir(target))
	if err == nil {
		return filepath.Join(d, filepath.Base(target)), link, nil
	}
	if link != "" {
		return "", "", fmt.Errorf("%s is a symbolic link to %s, whose folder does not exist; godx does not create it (it may be on a drive that is not mounted)", path, target)
	}
	return filepath.Clean(target), "", nil
}

// rawDir is p without its last element, not cleaned.
func rawDir(p string) string {
	i := len(p) - 1
	for i > 0 && !os.IsPathSeparator(p[i]) {
		i--
	}
	if i <= 0 {
		return string(filepath.Separator)
	}
	return p[:i]
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

// writeAtomic replaces one of godx's own state files with data: a
// temporary file in the same directory, written, synced, given mode,
// then renamed over path; the directory is synced after. On any error
// path is untouched and the temporary file is removed. (Users' files are
// changed by a change, see replace.go.)
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

// writeNew creates a file that must not exist yet (backups, journals),
// synced.
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
