package toolchain

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Prepare does what the go command does on the first use of a toolchain
// it unpacked (cmd/go/internal/toolchain/select.go Exec), so that the tree
// is the same whoever gets there first: module zips carry no file modes,
// so it sets the execute bits (pkg/tool and lib's go_*_*_exec scripts, then
// bin/gofmt, then bin, in that order, so that a racing go command that
// sees bin/go executable can rely on the rest), and it copies every _go.mod
// to go.mod (modules cannot contain go.mod files), src/go.mod last as the
// sign that the work is done. Both steps are safe to race with other go
// commands or godx processes doing the same. It reports whether it changed
// anything.
func Prepare(dir, goos string) (bool, error) {
	changed := false
	if goos != "windows" {
		info, err := os.Stat(filepath.Join(dir, "bin", "go"))
		if err != nil {
			return false, err
		}
		if info.Mode()&0o111 == 0 {
			for _, p := range []struct{ dir, pattern string }{
				{filepath.Join(dir, "pkg", "tool"), ""},
				{filepath.Join(dir, "lib"), "go_?*_?*_exec"},
				{filepath.Join(dir, "bin", "gofmt"), ""},
				{filepath.Join(dir, "bin"), ""},
			} {
				if err := allowExec(p.dir, p.pattern); err != nil {
					return changed, err
				}
			}
			changed = true
		}
	}
	srcUGoMod := filepath.Join(dir, "src", "_go.mod")
	srcGoMod := filepath.Join(dir, "src", "go.mod")
	if size(srcGoMod) != size(srcUGoMod) {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path == srcUGoMod {
				return nil // last: the signal that everything is done
			}
			if pdir, name := filepath.Split(path); name == "_go.mod" && d.Type().IsRegular() {
				return raceSafeCopy(path, pdir+"go.mod")
			}
			return nil
		})
		if err == nil {
			err = raceSafeCopy(srcUGoMod, srcGoMod)
		}
		if err != nil {
			return changed, err
		}
		changed = true
	}
	return changed, nil
}

// Prepared reports whether Prepare has nothing left to do.
func Prepared(dir, goos string) bool {
	if goos != "windows" {
		info, err := os.Stat(filepath.Join(dir, "bin", "go"))
		if err != nil || info.Mode()&0o111 == 0 {
			return false
		}
	}
	return size(filepath.Join(dir, "src", "go.mod")) == size(filepath.Join(dir, "src", "_go.mod"))
}

// allowExec adds the execute bits to every file under dir (or dir itself
// when it is a file) whose name matches pattern ("" matches all). A
// missing dir is skipped.
func allowExec(dir, pattern string) error {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if pattern != "" {
			if ok, _ := filepath.Match(pattern, d.Name()); !ok {
				return nil
			}
		}
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		return os.Chmod(path, info.Mode()&0o777|0o111)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func size(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return info.Size()
}

// raceSafeCopy is cmd/go's: copy old to new by opening new without
// truncation and writing the (never changing) content, so that racing
// copies all succeed with the same result. The module cache's directories
// are read-only: the directory's write bit is restored for the copy and
// cleared again after.
func raceSafeCopy(old, new string) error {
	oldInfo, err := os.Stat(old)
	if err != nil {
		return err
	}
	if newInfo, err := os.Stat(new); err == nil && newInfo.Size() == oldInfo.Size() {
		return nil
	}
	data, err := os.ReadFile(old)
	if err != nil {
		return err
	}
	dir := filepath.Dir(old)
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	bits := writeBits()
	if err := os.Chmod(dir, info.Mode()|bits); err != nil {
		return err
	}
	defer os.Chmod(dir, info.Mode())
	f, err := os.OpenFile(new, os.O_CREATE|os.O_WRONLY, bits&^0o111)
	if err != nil {
		if size(old) == size(new) {
			return nil // a racing copy finished first
		}
		return err
	}
	defer os.Chmod(new, oldInfo.Mode())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
