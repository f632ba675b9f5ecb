package toolchain

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/facts"
)

// omittedTopDirs are the top-level directories of a Go release archive
// that the golang.org/toolchain module leaves out (golang/build
// internal/task/dl2mod.go).
var omittedTopDirs = map[string]bool{".github": true, "api": true, "doc": true, "misc": true, "test": true}

// Tree is an installed Go tree hashed the way its module zip is: every
// regular file under its name in the module, with the module rules of
// dl2mod applied (the five omitted top-level directories are skipped, a
// go.mod counts as _go.mod, and a go.mod next to a _go.mod is the go
// command's own copy and is skipped).
type Tree struct {
	Root string
	// Files maps module-relative names ("bin/go", "src/_go.mod") to
	// their SHA-256.
	Files map[string][sha256.Size]byte
	// Entries lists, by path relative to Root, what could not be hashed as
	// a regular file: symbolic links, FIFOs, sockets, devices (none of
	// them can be part of a module, so they never match) and what could
	// not be read. Empty means every entry of the tree was read.
	Entries []Entry
	// H1 is the module hash (golang.org/x/mod/sumdb/dirhash.Hash1) of Files.
	H1 string
}

// Kinds of Entry.
const (
	KindSymlink    = "symlink"
	KindFIFO       = "fifo"
	KindSocket     = "socket"
	KindDevice     = "device"
	KindIrregular  = "irregular" // any other file type
	KindUnreadable = "unreadable"
)

// Entry is an entry of an installed tree that is not a readable regular
// file or directory. It is never opened for reading.
type Entry struct {
	Name string `json:"name"` // relative to the tree, with "/" (go.mod files keep their name)
	Kind string `json:"kind"`
	// Dir is set for a directory that could not be listed.
	Dir bool `json:"dir,omitempty"`
	// Resolved is where a symbolic link leads: relative to the tree (with
	// "/") when inside it, else the absolute path, and Outside is set.
	Resolved string `json:"resolved,omitempty"`
	Outside  bool   `json:"outside,omitempty"`
	// Problem is why a link leads nowhere (it dangles, it loops) or why
	// an entry could not be read.
	Problem string `json:"problem,omitempty"`
}

// Describe words what the entry is: "symbolic link to /elsewhere/evil.go,
// outside the tree", "FIFO (named pipe)", "unreadable: permission denied".
func (e Entry) Describe() string {
	switch e.Kind {
	case KindSymlink:
		switch {
		case e.Problem != "":
			return "symbolic link that " + e.Problem
		case e.Outside:
			return "symbolic link to " + e.Resolved + ", outside the tree"
		}
		return "symbolic link to " + e.Resolved + " in the tree"
	case KindFIFO:
		return "FIFO (named pipe)"
	case KindSocket:
		return "socket"
	case KindDevice:
		return "device node"
	case KindUnreadable:
		if e.Dir {
			return "directory that cannot be listed: " + e.Problem
		}
		return "unreadable: " + e.Problem
	}
	return "special file (not a regular file)"
}

// entryKind classifies a file type that is neither regular nor a directory.
func entryKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return KindSymlink
	case m&fs.ModeNamedPipe != 0:
		return KindFIFO
	case m&fs.ModeSocket != 0:
		return KindSocket
	case m&fs.ModeDevice != 0:
		return KindDevice
	}
	return KindIrregular
}

// HashTree hashes the Go tree at root as module version modVer of
// golang.org/toolchain, reading through sys. It uses a few workers: the
// cost is reading and hashing ~200 MB. Only regular files are opened;
// everything else, and what cannot be read, is listed in Entries (an
// error is returned only when root itself cannot be listed, or ctx ends).
func HashTree(ctx context.Context, sys facts.OS, join func(...string) string, root, modVer string) (*Tree, error) {
	t := &Tree{Root: root, Files: map[string][sha256.Size]byte{}}
	realRoot, err := sys.EvalSymlinks(root)
	if err != nil {
		realRoot = root
	}
	type job struct{ name, rel, file string }
	var jobs []job
	var walk func(dir, rel string) error
	walk = func(dir, rel string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		entries, err := sys.ReadDir(dir)
		if err != nil {
			if rel == "" {
				return err
			}
			t.Entries = append(t.Entries, Entry{Name: rel, Kind: KindUnreadable, Dir: true, Problem: readProblem(err)})
			return nil
		}
		hasUnderscore := false
		for _, e := range entries {
			if e.Name() == "_go.mod" && e.Type().IsRegular() {
				hasUnderscore = true
			}
		}
		for _, e := range entries {
			name := e.Name()
			r := name
			if rel != "" {
				r = rel + "/" + name
			}
			switch {
			case e.IsDir():
				if rel == "" && omittedTopDirs[name] {
					continue
				}
				if err := walk(join(dir, name), r); err != nil {
					return err
				}
			case e.Type().IsRegular():
				m := r
				if name == "go.mod" {
					if hasUnderscore {
						continue // the go command's copy of _go.mod
					}
					m = strings.TrimSuffix(r, "go.mod") + "_go.mod"
				}
				jobs = append(jobs, job{m, r, join(dir, name)})
			case e.Type()&fs.ModeSymlink != 0:
				t.Entries = append(t.Entries, symlinkEntry(sys, join(dir, name), r, realRoot))
			default:
				t.Entries = append(t.Entries, Entry{Name: r, Kind: entryKind(e.Type())})
			}
		}
		return nil
	}
	if err := walk(root, ""); err != nil {
		return nil, err
	}
	sums := make([][sha256.Size]byte, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(4, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for i := range next {
				sums[i], errs[i] = hashFile(sys, jobs[i].file, buf)
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, j := range jobs {
		if errs[i] != nil {
			e := Entry{Name: j.rel, Kind: KindUnreadable, Problem: readProblem(errs[i])}
			if fi, err := sys.Lstat(j.file); err == nil && !fi.Mode().IsRegular() {
				// Replaced since the directory was read: say what it is now.
				e = Entry{Name: j.rel, Kind: entryKind(fi.Mode().Type())}
				if e.Kind == KindSymlink {
					e = symlinkEntry(sys, j.file, j.rel, realRoot)
				}
			}
			t.Entries = append(t.Entries, e)
			continue
		}
		t.Files[j.name] = sums[i]
	}
	sort.Slice(t.Entries, func(i, j int) bool { return t.Entries[i].Name < t.Entries[j].Name })
	t.H1 = H1(modVer, t.Files)
	return t, nil
}

// symlinkEntry describes the symbolic link at file (rel in the tree whose
// real path is realRoot) without following it for reading.
func symlinkEntry(sys facts.OS, file, rel, realRoot string) Entry {
	e := Entry{Name: rel, Kind: KindSymlink}
	dest, err := sys.EvalSymlinks(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		e.Problem = "dangles (its target does not exist)"
	case err != nil:
		e.Problem = "cannot be resolved (" + readProblem(err) + ")"
	default:
		rel, inside := within(dest, realRoot)
		e.Resolved, e.Outside = dest, !inside
		if inside {
			e.Resolved = rel
		}
	}
	return e
}

// within reports whether path p is root or under it, and its path
// relative to root, with "/".
func within(p, root string) (string, bool) {
	if p == root {
		return ".", true
	}
	r := strings.TrimRight(root, `/\`)
	if rest, ok := strings.CutPrefix(p, r+"/"); ok {
		return strings.ReplaceAll(rest, `\`, "/"), true
	}
	if rest, ok := strings.CutPrefix(p, r+`\`); ok {
		return strings.ReplaceAll(rest, `\`, "/"), true
	}
	return "", false
}

// readProblem words why an entry could not be read, without its path
// (the entry's name is shown next to it).
func readProblem(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if strings.Contains(err.Error(), "too many links") {
		return "a loop of symbolic links"
	}
	return err.Error()
}

func hashFile(sys facts.OS, name string, buf []byte) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	// Never open anything but a regular file: opening a FIFO waits for a
	// writer. (facts.System.Open also refuses one that replaces the file
	// between this look and the open.)
	if fi, err := sys.Lstat(name); err != nil {
		return sum, err
	} else if !fi.Mode().IsRegular() {
		return sum, &fs.PathError{Op: "open", Path: name, Err: errors.New("not a regular file")}
	}
	f, err := sys.Open(name)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.CopyBuffer(h, io.NewSectionReader(f, 0, f.Size()), buf); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// H1 is dirhash.Hash1 over files named golang.org/toolchain@modVer/<name>:
// SHA-256 of the sorted lines "<hex sha256>  <name>\n", base64, "h1:".
func H1(modVer string, files map[string][sha256.Size]byte) string {
	prefix := Module + "@" + modVer + "/"
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, prefix+n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%x  %s\n", files[strings.TrimPrefix(n, prefix)], n)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// ZipFiles hashes every file of the module zip at zipPath (a
// golang.org/toolchain@modVer zip from the module cache) by its
// module-relative name, and returns the zip's h1 (dirhash.HashZip).
func ZipFiles(ctx context.Context, sys facts.OS, zipPath, modVer string) (map[string][sha256.Size]byte, string, error) {
	f, err := sys.Open(zipPath)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	zr, err := zip.NewReader(f, f.Size())
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", zipPath, err)
	}
	prefix := Module + "@" + modVer + "/"
	files := map[string][sha256.Size]byte{}
	buf := make([]byte, 256<<10)
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return nil, "", err
		}
		if strings.HasSuffix(zf.Name, "/") {
			continue
		}
		rel, ok := strings.CutPrefix(zf.Name, prefix)
		if !ok || rel == "" || !fs.ValidPath(rel) || path.Clean(rel) != rel {
			return nil, "", fmt.Errorf("%s: unexpected file %q in a %s zip", zipPath, zf.Name, prefix)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, "", err
		}
		h := sha256.New()
		_, err = io.CopyBuffer(h, rc, buf)
		rc.Close()
		if err != nil {
			return nil, "", fmt.Errorf("%s: %s: %w", zipPath, zf.Name, err)
		}
		var sum [sha256.Size]byte
		copy(sum[:], h.Sum(nil))
		files[rel] = sum
	}
	return files, H1(modVer, files), nil
}

// Diff is how an installed tree differs from its release. The names are
// module-relative; an entry that is not a regular file carries what it is
// in parentheses ("src/fmt/zz_evil.go (symbolic link to /elsewhere/evil.go,
// outside the tree)"), and Entries has the same with its kind.
type Diff struct {
	Modified, Missing, Extra []string
	// Unreadable lists what could not be read, so could not be compared.
	Unreadable []string `json:",omitempty"`
	// Entries are the differences that are not regular files, or not
	// readable, by kind.
	Entries []Entry `json:",omitempty"`
}

// Empty reports no differences.
func (d Diff) Empty() bool {
	return len(d.Modified)+len(d.Missing)+len(d.Extra)+len(d.Unreadable) == 0
}

// DiffTree lists the differences between a tree and the files of its
// release (as ZipFiles returns them).
func DiffTree(tree *Tree, release map[string][sha256.Size]byte) Diff {
	var d Diff
	for name, sum := range tree.Files {
		want, ok := release[name]
		switch {
		case !ok:
			d.Extra = append(d.Extra, name)
		case want != sum:
			d.Modified = append(d.Modified, name)
		}
	}
	seen := map[string]bool{}
	var unlisted []string // directories that could not be listed
	for _, e := range tree.Entries {
		d.addEntry(e, release)
		seen[moduleName(e.Name)] = true
		if e.Dir {
			unlisted = append(unlisted, e.Name+"/")
		}
	}
	for name := range release {
		if _, ok := tree.Files[name]; ok || seen[name] || underAny(name, unlisted) {
			continue
		}
		d.Missing = append(d.Missing, name)
	}
	sort.Strings(d.Modified)
	sort.Strings(d.Missing)
	sort.Strings(d.Extra)
	sort.Strings(d.Unreadable)
	return d
}

// EntriesDiff is the difference of a tree whose regular files are exactly
// the release's (their hash is the one vouched for): its other entries.
func EntriesDiff(tree *Tree) Diff {
	var d Diff
	for _, e := range tree.Entries {
		d.addEntry(e, nil)
	}
	sort.Strings(d.Extra)
	sort.Strings(d.Unreadable)
	return d
}

func (d *Diff) addEntry(e Entry, release map[string][sha256.Size]byte) {
	d.Entries = append(d.Entries, e)
	_, inRelease := release[moduleName(e.Name)]
	switch {
	case e.Kind == KindUnreadable:
		d.Unreadable = append(d.Unreadable, e.Name+" ("+e.Describe()+")")
	case inRelease:
		d.Modified = append(d.Modified, e.Name+" (replaced by a "+e.Describe()+")")
	default:
		d.Extra = append(d.Extra, e.Name+" ("+e.Describe()+")")
	}
}

// moduleName is the name in the module of a tree entry: go.mod files are
// _go.mod there.
func moduleName(rel string) string {
	if rel == "go.mod" || strings.HasSuffix(rel, "/go.mod") {
		return strings.TrimSuffix(rel, "go.mod") + "_go.mod"
	}
	return rel
}

func underAny(name string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(name, d) {
			return true
		}
	}
	return false
}

// ZipFile reads one small file (at most 1 MiB) of a module zip by its
// module-relative name.
func ZipFile(sys facts.OS, zipPath, modVer, name string) ([]byte, error) {
	f, err := sys.Open(zipPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := zip.NewReader(f, f.Size())
	if err != nil {
		return nil, err
	}
	rc, err := zr.Open(Module + "@" + modVer + "/" + name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 1<<20))
}
