package toolchain

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/base64"
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
	// Other lists what is neither a regular file nor a directory
	// (symbolic links, devices), by path relative to Root: none of it can
	// be part of a module, so it never matches.
	Other []string
	// H1 is the module hash (golang.org/x/mod/sumdb/dirhash.Hash1).
	H1 string
}

// HashTree hashes the Go tree at root as module version modVer of
// golang.org/toolchain, reading through sys. It uses a few workers: the
// cost is reading and hashing ~200 MB.
func HashTree(ctx context.Context, sys facts.OS, join func(...string) string, root, modVer string) (*Tree, error) {
	t := &Tree{Root: root, Files: map[string][sha256.Size]byte{}}
	type job struct{ name, file string }
	var jobs []job
	var walk func(dir, rel string) error
	walk = func(dir, rel string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		entries, err := sys.ReadDir(dir)
		if err != nil {
			return err
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
				if name == "go.mod" {
					if hasUnderscore {
						continue // the go command's copy of _go.mod
					}
					r = strings.TrimSuffix(r, "go.mod") + "_go.mod"
				}
				jobs = append(jobs, job{r, join(dir, name)})
			default:
				t.Other = append(t.Other, r)
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
			return nil, errs[i]
		}
		t.Files[j.name] = sums[i]
	}
	sort.Strings(t.Other)
	t.H1 = H1(modVer, t.Files)
	return t, nil
}

func hashFile(sys facts.OS, name string, buf []byte) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
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

// Diff is how an installed tree differs from its release.
type Diff struct {
	Modified, Missing, Extra []string
}

// Empty reports no differences.
func (d Diff) Empty() bool { return len(d.Modified)+len(d.Missing)+len(d.Extra) == 0 }

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
	for name := range release {
		if _, ok := tree.Files[name]; !ok {
			d.Missing = append(d.Missing, name)
		}
	}
	for _, o := range tree.Other {
		d.Extra = append(d.Extra, o+" (not a regular file)")
	}
	sort.Strings(d.Modified)
	sort.Strings(d.Missing)
	sort.Strings(d.Extra)
	return d
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
