// Package projectwalk is the bounded walk checks use to find a project's
// configuration files (Makefiles, Dockerfiles, workflows, project files):
// breadth first from the project's root, a few directory levels deep, with
// caps on entries and files, never into version-control, dependency or
// test-data directories, and never opening a device, socket or pipe.
package projectwalk

import (
	"context"
	"io/fs"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Options bound a walk and say what it is looking for.
type Options struct {
	// MaxDepth is how many directory levels below the root are read;
	// MaxEntries caps the directory entries looked at, MaxFiles the
	// files returned.
	MaxDepth, MaxEntries, MaxFiles int
	// KeepHidden names the hidden directories (".github") walked anyway;
	// other names starting with a dot are skipped.
	KeepHidden []string
	// SkipDir, when set, skips further directories by their path relative
	// to the root (slash-separated).
	SkipDir func(rel string) bool
	// Match says whether a file, by its slash-separated path relative to
	// the root, is one the caller wants.
	Match func(rel string) bool
}

// Stop says why a walk ended early ("" when it saw everything in reach).
type Stop string

const (
	StoppedAtTimeLimit Stop = "time limit"
	StoppedAtCap       Stop = "cap"
)

// Result is what a walk found.
type Result struct {
	Files   []string // absolute paths, in walk order
	Entries int      // directory entries looked at
	Stopped Stop
}

// skippedDirs are never walked: version control, dependencies, test data,
// editor and tool caches.
var skippedDirs = []string{".git", "vendor", "node_modules", "testdata", ".hg", ".svn", ".idea", ".cache"}

// Walk walks root with f's file system until ctx ends or a cap is reached.
// Unreadable directories are passed over.
func Walk(ctx context.Context, f *facts.Facts, root string, o Options) Result {
	type dir struct {
		path, rel string
		depth     int
	}
	queue := []dir{{root, "", 0}}
	var res Result
	for len(queue) > 0 {
		if ctx.Err() != nil {
			res.Stopped = StoppedAtTimeLimit
			break
		}
		if res.Entries >= o.MaxEntries || len(res.Files) >= o.MaxFiles {
			res.Stopped = StoppedAtCap
			break
		}
		d := queue[0]
		queue = queue[1:]
		ents, err := f.OS.ReadDir(d.path)
		if err != nil {
			continue
		}
		for _, e := range ents {
			res.Entries++
			name := e.Name()
			p := f.JoinPath(d.path, name)
			rel := name
			if d.rel != "" {
				rel = d.rel + "/" + name
			}
			if e.IsDir() {
				if d.depth+1 > o.MaxDepth || slices.Contains(skippedDirs, name) ||
					strings.HasPrefix(name, ".") && !slices.Contains(o.KeepHidden, name) ||
					o.SkipDir != nil && o.SkipDir(rel) {
					continue
				}
				queue = append(queue, dir{p, rel, d.depth + 1})
				continue
			}
			if e.Type()&fs.ModeType != 0 && e.Type()&fs.ModeSymlink == 0 {
				continue // devices, sockets, pipes
			}
			if o.Match(rel) {
				res.Files = append(res.Files, p)
				if len(res.Files) >= o.MaxFiles {
					res.Stopped = StoppedAtCap
					return res
				}
			}
		}
	}
	return res
}
