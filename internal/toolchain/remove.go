package toolchain

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/godx-dev/godx/internal/filelock"
)

// Removed says what Remove deleted.
type Removed struct {
	Name  string   `json:"name"`
	Dir   string   `json:"dir"`
	Files []string `json:"files"` // download files deleted besides the tree
	Freed int64    `json:"freed"` // bytes
	Link  string   `json:"link,omitempty"`
}

// Remove deletes toolchain modVer from the module cache: its unpacked tree
// and its downloaded zip and hash. It holds the go command's lock for that
// version, so it never races an install; it restores write permission only
// inside the toolchain's own tree (the module cache makes directories
// read-only), never follows a symbolic link, and leaves the rest of the
// module cache alone. The small .info, .mod and .lock files stay, as the
// module cache's version list refers to them. A `godx toolchain link`
// command that runs this toolchain is removed too.
func (e *Env) Remove(modVer string) (*Removed, error) {
	name, _, _, ok := ParseModVersion(modVer)
	if !ok {
		return nil, fmt.Errorf("%q is not a toolchain module version", modVer)
	}
	mc := e.ModCache()
	if mc == "" || !filepath.IsAbs(mc) {
		return nil, fmt.Errorf("GOMODCACHE %q is not an absolute path", mc)
	}
	parent := filepath.Join(mc, "golang.org")
	dir := filepath.Join(parent, "toolchain@"+modVer)
	if filepath.Dir(dir) != parent || filepath.Base(dir) != "toolchain@"+modVer {
		return nil, fmt.Errorf("refusing to remove %s: not a toolchain directory of %s", dir, mc)
	}
	r := &Removed{Name: name, Dir: dir}

	unlock, err := filelock.Lock(e.DownloadFile(modVer, "lock"))
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", modVer, err)
	}
	defer unlock()

	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Only the download files may be left.
	case err != nil:
		return nil, err
	case !st.IsDir():
		return nil, fmt.Errorf("refusing to remove %s: it is not a directory (%v)", dir, st.Mode().Type())
	default:
		if r.Freed, err = makeTreeRemovable(dir); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	}
	for _, ext := range []string{"zip", "ziphash", "partial"} {
		f := e.DownloadFile(modVer, ext)
		if fi, err := os.Lstat(f); err == nil && fi.Mode().IsRegular() {
			if err := os.Remove(f); err != nil {
				return r, err
			}
			r.Files = append(r.Files, f)
			r.Freed += fi.Size()
		}
	}
	if p := e.LinkPath(name); e.linkTarget(p) != "" && sameDir(e.linkTarget(p), dir) {
		if os.Remove(p) == nil {
			r.Link = p
		}
	}
	return r, nil
}

// makeTreeRemovable gives the owner write permission on every directory
// under dir (and, on Windows, on files, where read-only files cannot be
// deleted), without following symbolic links, and totals file sizes.
func makeTreeRemovable(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			info, err := d.Info()
			if err != nil {
				return err
			}
			if info.Mode().Perm()&0o700 != 0o700 {
				return os.Chmod(p, info.Mode().Perm()|0o700)
			}
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			total += info.Size()
			if filepath.Separator == '\\' && info.Mode().Perm()&0o200 == 0 {
				return os.Chmod(p, 0o666)
			}
		}
		return nil
	})
	return total, err
}

func sameDir(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if filepath.Separator == '\\' {
		return strings.EqualFold(a, b)
	}
	return a == b
}
