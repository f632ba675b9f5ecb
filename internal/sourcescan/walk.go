package sourcescan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/facts"
)

// queuedDir is one directory waiting to be read.
type queuedDir struct {
	path     string
	rel      string // slash path below its root ("" for the root itself)
	root     *tree
	testdata bool
	vendored bool // inside the vendor tree
}

// symlink is a symlinked .go file, resolved after the walk.
type symlink struct {
	path     string
	testdata bool
}

// worker is one worker's private state: its read buffer and
// what it found (merged when the walk ends, so no locks on the hot path).
type worker struct {
	buf      []byte // file contents
	dirbuf   []byte // directory listings (FastDirs)
	subdirs  []queuedDir
	files    int
	bytes    int64
	dirs     int
	problems []*File
	tooLarge []Issue
	failed   []Issue
	links    []symlink
}

// walker walks trees with a pool of workers sharing one queue of
// directories.
type walker struct {
	f    *facts.Facts
	ctx  context.Context
	sep  string
	skip map[string]bool // directories never walked into (GOROOT, GOMODCACHE, GOCACHE)

	mu        sync.Mutex
	cond      *sync.Cond
	queue     []queuedDir
	pending   int // directories queued or being read
	cancelled bool
}

// workerCount bounds the pool: reads from a warm page cache are
// system-call bound, so a few more workers than cores keep them busy.
func workerCount() int {
	return min(max(2*runtime.GOMAXPROCS(0), 4), 16)
}

// newWalker prepares a walk of f's file system that stops when ctx ends
// and never enters the directories in skip (which may be nil).
func newWalker(ctx context.Context, f *facts.Facts, skip map[string]bool) *walker {
	w := &walker{f: f, ctx: ctx, sep: "/", skip: skip}
	if f.GOOS() == "windows" {
		w.sep = `\`
	}
	return w
}

// run walks roots and adds what it found to sc, sorted by path.
func (w *walker) run(roots []*tree, sc *Scan) {
	w.cond = sync.NewCond(&w.mu)
	for _, r := range roots {
		w.queue = append(w.queue, queuedDir{path: r.dir, root: r, vendored: !r.module})
	}
	w.pending = len(w.queue)
	n := workerCount()
	workers := make([]worker, n)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func(s *worker) {
			defer wg.Done()
			for {
				d, ok := w.next()
				if !ok {
					return
				}
				if w.ctx.Err() != nil {
					w.mu.Lock()
					w.cancelled = true
					w.mu.Unlock()
				} else {
					w.dir(s, d)
				}
				w.done()
			}
		}(&workers[i])
	}
	wg.Wait()
	var links []symlink
	for i := range workers {
		s := &workers[i]
		sc.Files += s.files
		sc.Bytes += s.bytes
		sc.Dirs += s.dirs
		sc.Problems = append(sc.Problems, s.problems...)
		sc.TooLarge = append(sc.TooLarge, s.tooLarge...)
		sc.Failed = append(sc.Failed, s.failed...)
		links = append(links, s.links...)
	}
	if len(links) > 0 {
		w.links(links, roots, sc)
	}
	sc.Cancelled = w.cancelled
	slices.SortFunc(sc.Problems, func(a, b *File) int { return cmp.Compare(a.Path, b.Path) })
	byPath := func(a, b Issue) int { return cmp.Compare(a.Path, b.Path) }
	slices.SortFunc(sc.TooLarge, byPath)
	slices.SortFunc(sc.Failed, byPath)
}

// next takes the most recently queued directory (depth first keeps the
// queue short), waiting while other workers may still queue some; false
// means the walk is over.
func (w *walker) next() (queuedDir, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && w.pending > 0 {
		w.cond.Wait()
	}
	if len(w.queue) == 0 {
		return queuedDir{}, false
	}
	d := w.queue[len(w.queue)-1]
	w.queue = w.queue[:len(w.queue)-1]
	return d, true
}

// push queues a directory's subdirectories at once (one lock per
// directory, not per entry) and wakes idle workers: one for a single
// subdirectory, all for more.
func (w *walker) push(ds []queuedDir) {
	w.mu.Lock()
	w.queue = append(w.queue, ds...)
	w.pending += len(ds)
	w.mu.Unlock()
	if len(ds) == 1 {
		w.cond.Signal()
	} else {
		w.cond.Broadcast()
	}
}

// done marks a directory finished; the last one wakes every waiting
// worker so that they return.
func (w *walker) done() {
	w.mu.Lock()
	w.pending--
	last := w.pending == 0
	w.mu.Unlock()
	if last {
		w.cond.Broadcast()
	}
}

// dir reads one directory: reads its .go files and queues its
// subdirectories. The fast path (Linux) lists the directory into the
// worker's buffer and opens files relative to it; other systems and the
// test fakes go through ReadDir and ReadFileInto. Both decide with
// classifyEntry.
func (w *walker) dir(s *worker, d queuedDir) {
	if fast, ok := w.f.OS.(facts.FastDirs); ok {
		w.dirFast(s, fast, d)
	} else {
		w.dirSlow(s, d)
	}
	if len(s.subdirs) > 0 {
		w.push(s.subdirs)
		s.subdirs = s.subdirs[:0]
	}
}

// mayNest says whether a directory may be a module of its own, which the
// walk leaves out (like the go command, only below a module root).
func (d *queuedDir) mayNest() bool { return d.rel != "" && d.root.module && !d.vendored }

// dirSlow is dir through the portable facts.OS calls.
func (w *walker) dirSlow(s *worker, d queuedDir) {
	entries, err := w.f.OS.ReadDir(d.path)
	if err != nil {
		w.dirFailed(s, d, err)
		return
	}
	s.dirs++
	if d.mayNest() {
		for _, e := range entries {
			if e.Name() == "go.mod" && !e.IsDir() {
				return
			}
		}
	}
	for _, e := range entries {
		name := e.Name()
		switch a := classifyEntry(&d, name, e.Type()); a {
		case readEntry:
			p := d.path + w.sep + name
			data, err := w.f.ReadFileInto(p, s.buf)
			if cap(data) > cap(s.buf) {
				s.buf = data[:0]
			}
			w.examine(s, d, p, nil, data, err, "")
		case linkedEntry:
			s.links = append(s.links, symlink{path: d.path + w.sep + name, testdata: d.testdata})
		case skipEntry:
		default:
			w.subdir(s, d, name, a)
		}
	}
}

// dirFast is dir through facts.FastDirs: the listing and the file reads
// reuse the worker's buffers.
func (w *walker) dirFast(s *worker, fast facts.FastDirs, d queuedDir) {
	dir, err := fast.OpenDir(d.path, s.dirbuf)
	if err != nil {
		w.dirFailed(s, d, err)
		return
	}
	defer dir.Close()
	s.dirbuf = dir.Buffer()
	s.dirs++
	if d.mayNest() {
		if m, err := dir.Stat("go.mod"); err == nil && !m.IsDir() {
			return
		}
	}
	for {
		name, typ, err := dir.Next()
		if err != nil {
			if err != io.EOF {
				w.dirFailed(s, d, err)
			}
			return
		}
		switch a := classifyEntry(&d, name, typ); a {
		case readEntry:
			data, err := dir.ReadFileInto(name, s.buf, facts.MaxFileSize)
			if cap(data) > cap(s.buf) {
				s.buf = data[:0]
			}
			w.examine(s, d, d.path, name, data, err, "")
		case linkedEntry:
			s.links = append(s.links, symlink{path: d.path + w.sep + string(name), testdata: d.testdata})
		case skipEntry:
		default:
			w.subdir(s, d, string(name), a)
		}
	}
}

// dirFailed records a directory that could not be listed.
func (w *walker) dirFailed(s *worker, d queuedDir, err error) {
	if facts.IsNotExist(err) && d.rel == "" {
		return // a go.work use directory that does not exist: module/gowork's finding
	}
	s.failed = append(s.failed, Issue{Path: d.path, Rel: relPath(w.f, d.path), Testdata: d.testdata, Err: err})
}

// What the walk does with a directory entry.
type action int

const (
	skipEntry       action = iota
	readEntry              // a .go file
	linkedEntry            // a symlink named *.go, resolved after the walk
	descend                // a subdirectory
	descendTestdata        // testdata/
	descendVendor          // vendor/ at the module root, when the build uses it
)

// classifyEntry applies the go command's rules to one entry of d: no
// allocation, whether the name comes as a string (ReadDir) or as bytes of
// the listing buffer (FastDir).
func classifyEntry[N string | []byte](d *queuedDir, name N, typ fs.FileMode) action {
	if len(name) == 0 || name[0] == '.' || name[0] == '_' {
		return skipEntry // ignored by the go command, files and directories alike
	}
	switch {
	case typ.IsDir():
		switch string(name) {
		case "vendor":
			if d.rel != "" || d.vendored || !d.root.vendor {
				return skipEntry
			}
			return descendVendor
		case "testdata":
			return descendTestdata
		}
		return descend
	case len(name) < 4 || string(name[len(name)-3:]) != ".go":
		return skipEntry
	case typ.IsRegular():
		return readEntry
	case typ&fs.ModeSymlink != 0:
		return linkedEntry // directory symlinks are never followed
	}
	return skipEntry
}

// subdir queues a subdirectory unless a go.mod ignore directive names it.
func (w *walker) subdir(s *worker, d queuedDir, name string, a action) {
	sub := queuedDir{
		path: d.path + w.sep + name, rel: d.rel + "/" + name, root: d.root,
		testdata: d.testdata || a == descendTestdata,
		vendored: d.vendored || a == descendVendor,
	}
	if !sub.vendored && ignored(d.root, sub.rel) || w.skip[sub.path] {
		return
	}
	s.subdirs = append(s.subdirs, sub)
}

// ignored applies go.mod ignore directives (search.IgnorePatterns).
func ignored(r *tree, rel string) bool {
	if len(r.ignoreRel) == 0 && len(r.ignoreAny) == 0 {
		return false
	}
	dir := rel + "/"
	for _, p := range r.ignoreRel {
		if strings.HasPrefix(dir, p) {
			return true
		}
	}
	for _, p := range r.ignoreAny {
		if strings.Contains(dir, p) {
			return true
		}
	}
	return false
}

// examine classifies one file's content (or records why it could not be
// read). The file is dir/name, or dir itself when name is nil; its path is
// only built for a file with something to report.
func (w *walker) examine(s *worker, d queuedDir, dir string, name, data []byte, err error, target string) {
	if err != nil {
		p := dir
		if name != nil {
			p = dir + w.sep + string(name)
			if !errors.Is(err, facts.ErrTooLarge) {
				err = &fs.PathError{Op: "open", Path: p, Err: err}
			} else {
				err = fmt.Errorf("%s: %w", p, err)
			}
		}
		switch {
		case errors.Is(err, facts.ErrTooLarge):
			s.tooLarge = append(s.tooLarge, Issue{Path: p, Rel: relPath(w.f, p), Testdata: d.testdata, Err: err})
		case facts.IsNotExist(err): // removed while we looked
		default:
			s.failed = append(s.failed, Issue{Path: p, Rel: relPath(w.f, p), Testdata: d.testdata, Err: err})
		}
		return
	}
	s.files++
	s.bytes += int64(len(data))
	var r File // stays on the stack: most files have nothing to report
	if !Classify(data, &r) {
		return
	}
	p := dir
	if name != nil {
		p = dir + w.sep + string(name)
	}
	found := new(File)
	*found = r
	found.Path, found.Rel, found.Kind, found.Testdata, found.Size, found.Target = p, relPath(w.f, p), "go", d.testdata, len(data), target
	Locate(data, found)
	s.problems = append(s.problems, found)
}

// links reads symlinked .go files that point inside a scanned root, unless
// their target was already reported under its own name.
func (w *walker) links(links []symlink, roots []*tree, sc *Scan) {
	reported := map[string]bool{}
	for _, p := range sc.Problems {
		if r, err := w.f.OS.EvalSymlinks(p.Path); err == nil {
			reported[r] = true
		}
	}
	var s worker
	for _, l := range links {
		target, err := w.f.OS.EvalSymlinks(l.path)
		if err != nil || reported[target] {
			continue
		}
		inside := false
		for _, r := range roots {
			if w.f.PathWithin(target, r.dir) {
				inside = true
				break
			}
		}
		if !inside {
			continue // never read outside the tree
		}
		if st, err := w.f.OS.Stat(target); err != nil || !st.Mode().IsRegular() {
			continue
		}
		data, err := w.f.ReadFileInto(l.path, s.buf)
		if cap(data) > cap(s.buf) {
			s.buf = data[:0]
		}
		w.examine(&s, queuedDir{testdata: l.testdata}, l.path, nil, data, err, target)
	}
	sc.Files += s.files
	sc.Bytes += s.bytes
	sc.Problems = append(sc.Problems, s.problems...)
	sc.TooLarge = append(sc.TooLarge, s.tooLarge...)
	sc.Failed = append(sc.Failed, s.failed...)
}
