package checks

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/textfix"
)

// The source scanner: one parallel walk over the Go files the go command
// would compile in the main module (and the modules of go.work), shared by
// source/bom, source/encoding and source/line-endings as the sourceScanResult
// fact.
//
// Scope follows cmd/go's own directory rules (modload.matchPackages):
// directories whose names start with "." or "_" are skipped, as are nested
// modules (a directory holding a go.mod), vendor/ unless vendoring is in
// effect, and directories named by go.mod ignore directives. testdata/ is
// read too, but its problems are only worth an info: the go command never
// compiles those files. Symbolic links to directories are not followed
// (neither does the go command), so the walk cannot loop; a symlinked .go
// file is read only when it points inside the scanned tree.
//
// Per file the work is: one read into a buffer the worker reuses, three
// byte searches (NUL, 0xEF for a BOM, CR) and utf8.Valid. Positions and
// everything else are computed only for the rare file with a problem.

// sourceScan is what the walk found.
type sourceScan struct {
	Roots     []string // directories walked (module roots, a workspace vendor/)
	Vendor    string   // why vendor/ was read ("" when it was not)
	GoVersion string   // GOVERSION of the go command on PATH
	Files     int      // .go files read
	Bytes     int64
	Dirs      int
	Problems  []*sourceScanFile // .go files with something to report, by path
	ModFiles  []*sourceScanFile // go.mod, go.sum, go.work, go.work.sum with a leading BOM
	TooLarge  []sourceScanIssue // files over facts.MaxFileSize, not read
	Failed    []sourceScanIssue // files and directories that could not be read
	Cancelled bool              // the doctor's time ran out before the walk finished
	Duration  time.Duration
}

// sourceScanIssue is a file or directory the scan could not read.
type sourceScanIssue struct {
	Path, Rel string
	Testdata  bool
	Err       error
}

// sourceScanFile is one file with something worth reporting.
type sourceScanFile struct {
	Path     string
	Rel      string // as the user reads it: relative to the project directory when inside it
	Kind     string // "go" for .go files; else the file name (go.mod, go.sum, ...)
	Testdata bool
	Size     int
	Target   string // for a symlink: the file it points to

	UTF16      string // "UTF-16LE" or "UTF-16BE" when the file is UTF-16
	UTF16BOM   bool   // ... and starts with a UTF-16 byte order mark
	LeadingBOM bool
	MidBOM     sourceScanHit // BOMs after the first character
	NUL        sourceScanHit
	BadUTF8    sourceScanHit // bytes that are not UTF-8 (each one a compiler error)
	CRLF, LF   int           // line endings, counted only in files that contain a CR
	FirstLine  string        // first line of a module file (go.sum: the line the BOM breaks)
}

// sourceScanHit locates the first of Count occurrences (Line and Col are
// 1-based, Col in bytes, as the compiler counts).
type sourceScanHit struct {
	Count, Offset, Line, Col int
	Byte                     byte   // the offending byte, for invalid UTF-8
	Context                  string // for a mid-file BOM: where it is (see sourceScanContext)
	Text                     string // the line around it, quoted (invisible bytes escaped)
}

// Pos is "line:col".
func (h sourceScanHit) Pos() string { return strconv.Itoa(h.Line) + ":" + strconv.Itoa(h.Col) }

// sourceScanResult is the shared scan, run once per doctor run by the
// first check that asks.
var sourceScanResult = facts.NewFact("source scan", sourceScanRun)

// sourceScanRoot is one tree to walk.
type sourceScanRoot struct {
	dir       string
	module    bool     // a module root: stop at nested modules, honour ignore directives
	vendor    bool     // walk <dir>/vendor: the build uses vendoring
	ignoreRel []string // ignore "./x" directives, normalised "/x/"
	ignoreAny []string // ignore "x" directives, normalised "/x/"
}

// sourceScanSkipError makes the checks skip (no module, no go command).
type sourceScanSkipError struct{ reason string }

func (e *sourceScanSkipError) Error() string { return e.reason }

func sourceScanRun(f *facts.Facts) (*sourceScan, error) {
	start := time.Now()
	spec := sourceScanSpeculate(f)
	if spec != nil {
		defer spec.cancel()
	}
	ge, err := f.GoEnv()
	if err != nil {
		return nil, &sourceScanSkipError{"`go env` did not work (see go/installed)"}
	}
	sc := &sourceScan{GoVersion: ge.Get("GOVERSION")}
	gomod, gowork := ge.Get("GOMOD"), ge.Get("GOWORK")
	if gowork == "off" {
		gowork = ""
	}
	switch {
	case gomod == "" && gowork == "":
		return nil, &sourceScanSkipError{"GOPATH mode: there is no module to scan (see module/mode)"}
	case (gomod == f.DevNull()) && gowork == "":
		return nil, &sourceScanSkipError{"not inside a module: no go.mod here or in any parent directory (see module/mode)"}
	}
	mod, explicit := sourceScanGoFlagsMod(ge.Get("GOFLAGS"))
	var roots []*sourceScanRoot
	var modFiles []string
	if gowork != "" {
		data, werr := f.ReadFile(gowork)
		modFiles = append(modFiles, gowork, gowork+".sum")
		wdir := f.ParentDir(gowork)
		var wf *modfile.WorkFile
		if werr == nil {
			wf, _ = modfile.ParseWork(gowork, bytes.TrimPrefix(data, []byte(textfix.BOM)), nil)
		}
		if wf != nil {
			seen := map[string]bool{}
			for _, u := range wf.Use {
				dir := u.Path
				if !f.IsAbs(dir) {
					dir = f.JoinPath(wdir, dir)
				}
				dir = f.CleanPath(dir)
				if seen[dir] {
					continue
				}
				seen[dir] = true
				gomodPath := f.JoinPath(dir, "go.mod")
				root, _ := sourceScanModuleRoot(f, dir, gomodPath)
				roots = append(roots, root)
				modFiles = append(modFiles, gomodPath, f.JoinPath(dir, "go.sum"))
			}
			goLine := ""
			if wf.Go != nil {
				goLine = wf.Go.Version
			}
			if why := sourceScanVendoring(f, wdir, goLine, true, mod, explicit); why != "" {
				sc.Vendor = why
				roots = append(roots, &sourceScanRoot{dir: f.JoinPath(wdir, "vendor")})
			}
		} else if gomod != "" && gomod != f.DevNull() {
			// go.work does not parse (module/gomod reports it): scan the
			// module the directory belongs to.
			dir := f.ParentDir(gomod)
			root, _ := sourceScanModuleRoot(f, dir, gomod)
			roots = append(roots, root)
			modFiles = append(modFiles, gomod, f.JoinPath(dir, "go.sum"))
		}
	} else {
		dir := f.ParentDir(gomod)
		root, goLine := sourceScanModuleRoot(f, dir, gomod)
		sc.Vendor = sourceScanVendoring(f, dir, goLine, false, mod, explicit)
		root.vendor = sc.Vendor != ""
		roots = append(roots, root)
		modFiles = append(modFiles, gomod, f.JoinPath(dir, "go.sum"))
	}

	for _, p := range modFiles {
		if mf := sourceScanModFile(f, p); mf != nil {
			sc.ModFiles = append(sc.ModFiles, mf)
		}
	}
	w := &sourceScanWalker{f: f, ctx: f.Context(), sep: "/", skip: map[string]bool{}}
	if f.GOOS() == "windows" {
		w.sep = `\`
	}
	// Go's own trees are never part of a module, even one rooted above
	// them (a go.mod in $HOME): GOROOT holds test files that are broken on
	// purpose, the module cache is huge, and neither is the user's code.
	for _, v := range []string{"GOROOT", "GOMODCACHE", "GOCACHE"} {
		if p := ge.Get(v); p != "" && f.IsAbs(p) {
			w.skip[f.CleanPath(p)] = true
		}
	}
	for _, r := range roots {
		sc.Roots = append(sc.Roots, r.dir)
	}
	if spec != nil && spec.confirmed(f, roots, sc.Vendor, w.skip) {
		<-spec.done
		sc.Files, sc.Bytes, sc.Dirs, sc.Problems = spec.sc.Files, spec.sc.Bytes, spec.sc.Dirs, spec.sc.Problems
		sc.TooLarge, sc.Failed, sc.Cancelled = spec.sc.TooLarge, spec.sc.Failed, spec.sc.Cancelled
	} else {
		if spec != nil {
			spec.cancel()
		}
		w.run(roots, sc)
	}
	sc.Duration = time.Since(start)
	return sc, nil
}

// sourceScanSpeculation is a walk started while `go env` (~5 ms) is still
// running, on the module the go command is expected to name: the nearest
// go.mod above the project directory, no go.work, vendoring decided from
// the explicit GOFLAGS. Its result is used only when go env confirms every
// input; otherwise it is cancelled and the walk starts again.
type sourceScanSpeculation struct {
	root   *sourceScanRoot
	vendor string
	sc     *sourceScan
	cancel context.CancelFunc
	done   chan struct{}
}

func sourceScanSpeculate(f *facts.Facts) *sourceScanSpeculation {
	if d, ok := f.ExplicitGoSetting("GO111MODULE"); ok && d.Value == "off" {
		return nil
	}
	workOff := false
	if d, ok := f.ExplicitGoSetting("GOWORK"); ok {
		if d.Value != "off" {
			return nil
		}
		workOff = true
	}
	gomod := ""
	for dir := f.Dir; ; {
		if !workOff && f.Exists(f.JoinPath(dir, "go.work")) {
			return nil // workspace mode: leave it to go env
		}
		if gomod == "" {
			if st, err := f.OS.Stat(f.JoinPath(dir, "go.mod")); err == nil && !st.IsDir() {
				gomod = f.JoinPath(dir, "go.mod")
				if workOff {
					break
				}
			}
		}
		parent := f.ParentDir(dir)
		if parent == dir || parent == "." {
			break
		}
		dir = parent
	}
	if gomod == "" {
		return nil
	}
	goflags, _ := f.ExplicitGoSetting("GOFLAGS")
	mod, explicit := sourceScanGoFlagsMod(goflags.Value)
	dir := f.ParentDir(gomod)
	data, _ := f.ReadFile(gomod)
	root, goLine := sourceScanRootFrom(dir, gomod, data)
	spec := &sourceScanSpeculation{root: root, vendor: sourceScanVendoring(f, dir, goLine, false, mod, explicit), sc: &sourceScan{}, done: make(chan struct{})}
	root.vendor = spec.vendor != ""
	ctx, cancel := context.WithCancel(f.Context())
	spec.cancel = cancel
	w := &sourceScanWalker{f: f, ctx: ctx, sep: "/"}
	if f.GOOS() == "windows" {
		w.sep = `\`
	}
	go func() {
		defer close(spec.done)
		w.run([]*sourceScanRoot{root}, spec.sc)
	}()
	return spec
}

// confirmed says whether go env agrees with every input of the guess: the
// same single module root and vendoring, and none of Go's own trees (which
// the guess could not know) inside it.
func (s *sourceScanSpeculation) confirmed(f *facts.Facts, roots []*sourceScanRoot, vendor string, skip map[string]bool) bool {
	if len(roots) != 1 || roots[0].dir != s.root.dir || vendor != s.vendor {
		return false
	}
	for p := range skip {
		if f.PathWithin(p, s.root.dir) {
			return false
		}
	}
	return true
}

// sourceScanModuleRoot describes a module root to walk, and returns its
// go line.
func sourceScanModuleRoot(f *facts.Facts, dir, gomod string) (*sourceScanRoot, string) {
	data, _ := f.ReadFile(gomod)
	return sourceScanRootFrom(dir, gomod, data)
}

// sourceScanRootFrom reads go.mod's go line and ignore directives
// leniently (a leading BOM removed): the scan needs them even when the
// file is broken (module/gomod reports that).
func sourceScanRootFrom(dir, gomod string, data []byte) (*sourceScanRoot, string) {
	r := &sourceScanRoot{dir: dir, module: true}
	m, err := modfile.ParseLax(gomod, bytes.TrimPrefix(data, []byte(textfix.BOM)), nil)
	if err != nil || m == nil {
		return r, ""
	}
	goLine := ""
	if m.Go != nil {
		goLine = m.Go.Version
	}
	for _, ig := range m.Ignore {
		p, rel := strings.CutPrefix(ig.Path, "./")
		p = sourceScanNormalize(p)
		if rel {
			r.ignoreRel = append(r.ignoreRel, p)
		} else {
			r.ignoreAny = append(r.ignoreAny, p)
		}
	}
	return r, goLine
}

// sourceScanNormalize is cmd/go's search.normalizePath: "/x/".
func sourceScanNormalize(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// sourceScanGoFlagsMod finds -mod=X in GOFLAGS.
func sourceScanGoFlagsMod(goflags string) (mode string, explicit bool) {
	for _, fl := range strings.Fields(goflags) {
		fl = strings.TrimPrefix(fl, "-")
		if v, ok := strings.CutPrefix(fl, "-mod="); ok {
			mode, explicit = v, true
		} else if v, ok := strings.CutPrefix(fl, "mod="); ok {
			mode, explicit = v, true
		}
	}
	return mode, explicit
}

// sourceScanVendoring applies cmd/go's setDefaultBuildMod: vendor/ is used
// with an explicit -mod=vendor, or by default when the go line is at least
// 1.14 and vendor/modules.txt was made in the same (workspace or single
// module) mode. It returns why vendor/ is read, or "".
func sourceScanVendoring(f *facts.Facts, dir, goLine string, workspace bool, mod string, explicit bool) string {
	vdir := f.JoinPath(dir, "vendor")
	st, err := f.OS.Stat(vdir)
	if err != nil || !st.IsDir() {
		return ""
	}
	if explicit {
		if mod == "vendor" {
			return "GOFLAGS has -mod=vendor"
		}
		return ""
	}
	if goLine == "" || goversion.Compare(goLine, "go1.14") < 0 {
		return ""
	}
	data, err := f.ReadFile(f.JoinPath(vdir, "modules.txt"))
	forWork := false
	if err == nil {
		line, _, _ := strings.Cut(string(data[:min(len(data), 512)]), "\n")
		if ann, ok := strings.CutPrefix(line, "## "); ok {
			for e := range strings.SplitSeq(ann, ";") {
				if strings.TrimSpace(e) == "workspace" {
					forWork = true
				}
			}
		}
	}
	if forWork != workspace {
		return ""
	}
	file := "go.mod"
	if workspace {
		file = "go.work"
	}
	return "the " + file + " go line is " + goLine + " (≥ 1.14) and vendor/ exists, so the go command builds from it"
}

// sourceScanModFile reads the first bytes of a go.mod, go.sum, go.work or
// go.work.sum and returns it when it starts with a UTF-8 BOM.
func sourceScanModFile(f *facts.Facts, p string) *sourceScanFile {
	fh, err := f.OS.Open(p)
	if err != nil {
		return nil
	}
	defer fh.Close()
	var head [512]byte
	n, _ := fh.ReadAt(head[:], 0)
	if !bytes.HasPrefix(head[:n], []byte(textfix.BOM)) {
		return nil
	}
	first, _, _ := bytes.Cut(head[len(textfix.BOM):n], []byte("\n"))
	return &sourceScanFile{
		Path: p, Rel: sourceScanRel(f, p), Kind: path.Base(strings.ReplaceAll(p, `\`, "/")),
		LeadingBOM: true, FirstLine: strings.TrimRight(string(first), "\r"), Size: int(fh.Size()),
	}
}

// sourceScanRel is how a path is shown: relative to the project directory
// when inside it.
func sourceScanRel(f *facts.Facts, p string) string {
	sep := "/"
	if f.GOOS() == "windows" {
		sep = `\`
	}
	if rel, ok := strings.CutPrefix(p, strings.TrimSuffix(f.Dir, sep)+sep); ok {
		return rel
	}
	return p
}

// sourceScanDir is one directory waiting to be read.
type sourceScanDir struct {
	path     string
	rel      string // slash path below its root ("" for the root itself)
	root     *sourceScanRoot
	testdata bool
	vendored bool // inside the vendor tree
}

// sourceScanLink is a symlinked .go file, resolved after the walk.
type sourceScanLink struct {
	path     string
	testdata bool
}

// sourceScanWorker is one worker's private state: its read buffer and
// what it found (merged when the walk ends, so no locks on the hot path).
type sourceScanWorker struct {
	buf      []byte // file contents
	dirbuf   []byte // directory listings (FastDirs)
	subdirs  []sourceScanDir
	files    int
	bytes    int64
	dirs     int
	problems []*sourceScanFile
	tooLarge []sourceScanIssue
	failed   []sourceScanIssue
	links    []sourceScanLink
}

type sourceScanWalker struct {
	f    *facts.Facts
	ctx  context.Context
	sep  string
	skip map[string]bool // directories never walked into (GOROOT, GOMODCACHE, GOCACHE)

	mu        sync.Mutex
	cond      *sync.Cond
	queue     []sourceScanDir
	pending   int // directories queued or being read
	cancelled bool
}

// sourceScanWorkers bounds the pool: reads from a warm page cache are
// system-call bound, so a few more workers than cores keep them busy.
func sourceScanWorkers() int {
	return min(max(2*runtime.GOMAXPROCS(0), 4), 16)
}

func (w *sourceScanWalker) run(roots []*sourceScanRoot, sc *sourceScan) {
	w.cond = sync.NewCond(&w.mu)
	for _, r := range roots {
		w.queue = append(w.queue, sourceScanDir{path: r.dir, root: r, vendored: !r.module})
	}
	w.pending = len(w.queue)
	n := sourceScanWorkers()
	workers := make([]sourceScanWorker, n)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func(s *sourceScanWorker) {
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
	var links []sourceScanLink
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
	slices.SortFunc(sc.Problems, func(a, b *sourceScanFile) int { return cmp.Compare(a.Path, b.Path) })
	byPath := func(a, b sourceScanIssue) int { return cmp.Compare(a.Path, b.Path) }
	slices.SortFunc(sc.TooLarge, byPath)
	slices.SortFunc(sc.Failed, byPath)
}

func (w *sourceScanWalker) next() (sourceScanDir, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && w.pending > 0 {
		w.cond.Wait()
	}
	if len(w.queue) == 0 {
		return sourceScanDir{}, false
	}
	d := w.queue[len(w.queue)-1]
	w.queue = w.queue[:len(w.queue)-1]
	return d, true
}

func (w *sourceScanWalker) push(ds []sourceScanDir) {
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

func (w *sourceScanWalker) done() {
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
// sourceScanClassify.
func (w *sourceScanWalker) dir(s *sourceScanWorker, d sourceScanDir) {
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
func (d *sourceScanDir) mayNest() bool { return d.rel != "" && d.root.module && !d.vendored }

func (w *sourceScanWalker) dirSlow(s *sourceScanWorker, d sourceScanDir) {
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
		switch a := sourceScanClassify(&d, name, e.Type()); a {
		case sourceScanRead:
			p := d.path + w.sep + name
			data, err := w.f.ReadFileInto(p, s.buf)
			if cap(data) > cap(s.buf) {
				s.buf = data[:0]
			}
			w.examine(s, d, p, nil, data, err, "")
		case sourceScanLinked:
			s.links = append(s.links, sourceScanLink{path: d.path + w.sep + name, testdata: d.testdata})
		case sourceScanSkip:
		default:
			w.subdir(s, d, name, a)
		}
	}
}

func (w *sourceScanWalker) dirFast(s *sourceScanWorker, fast facts.FastDirs, d sourceScanDir) {
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
		switch a := sourceScanClassify(&d, name, typ); a {
		case sourceScanRead:
			data, err := dir.ReadFileInto(name, s.buf, facts.MaxFileSize)
			if cap(data) > cap(s.buf) {
				s.buf = data[:0]
			}
			w.examine(s, d, d.path, name, data, err, "")
		case sourceScanLinked:
			s.links = append(s.links, sourceScanLink{path: d.path + w.sep + string(name), testdata: d.testdata})
		case sourceScanSkip:
		default:
			w.subdir(s, d, string(name), a)
		}
	}
}

func (w *sourceScanWalker) dirFailed(s *sourceScanWorker, d sourceScanDir, err error) {
	if facts.IsNotExist(err) && d.rel == "" {
		return // a go.work use directory that does not exist: module/gowork's finding
	}
	s.failed = append(s.failed, sourceScanIssue{Path: d.path, Rel: sourceScanRel(w.f, d.path), Testdata: d.testdata, Err: err})
}

// What the walk does with a directory entry.
type sourceScanAction int

const (
	sourceScanSkip            sourceScanAction = iota
	sourceScanRead                             // a .go file
	sourceScanLinked                           // a symlink named *.go, resolved after the walk
	sourceScanDescend                          // a subdirectory
	sourceScanDescendTestdata                  // testdata/
	sourceScanDescendVendor                    // vendor/ at the module root, when the build uses it
)

// sourceScanClassify applies the go command's rules to one entry of d: no
// allocation, whether the name comes as a string (ReadDir) or as bytes of
// the listing buffer (FastDir).
func sourceScanClassify[N string | []byte](d *sourceScanDir, name N, typ fs.FileMode) sourceScanAction {
	if len(name) == 0 || name[0] == '.' || name[0] == '_' {
		return sourceScanSkip // ignored by the go command, files and directories alike
	}
	switch {
	case typ.IsDir():
		switch string(name) {
		case "vendor":
			if d.rel != "" || d.vendored || !d.root.vendor {
				return sourceScanSkip
			}
			return sourceScanDescendVendor
		case "testdata":
			return sourceScanDescendTestdata
		}
		return sourceScanDescend
	case len(name) < 4 || string(name[len(name)-3:]) != ".go":
		return sourceScanSkip
	case typ.IsRegular():
		return sourceScanRead
	case typ&fs.ModeSymlink != 0:
		return sourceScanLinked // directory symlinks are never followed
	}
	return sourceScanSkip
}

// subdir queues a subdirectory unless a go.mod ignore directive names it.
func (w *sourceScanWalker) subdir(s *sourceScanWorker, d sourceScanDir, name string, a sourceScanAction) {
	sub := sourceScanDir{
		path: d.path + w.sep + name, rel: d.rel + "/" + name, root: d.root,
		testdata: d.testdata || a == sourceScanDescendTestdata,
		vendored: d.vendored || a == sourceScanDescendVendor,
	}
	if !sub.vendored && sourceScanIgnored(d.root, sub.rel) || w.skip[sub.path] {
		return
	}
	s.subdirs = append(s.subdirs, sub)
}

// sourceScanIgnored applies go.mod ignore directives (search.IgnorePatterns).
func sourceScanIgnored(r *sourceScanRoot, rel string) bool {
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
func (w *sourceScanWalker) examine(s *sourceScanWorker, d sourceScanDir, dir string, name, data []byte, err error, target string) {
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
			s.tooLarge = append(s.tooLarge, sourceScanIssue{Path: p, Rel: sourceScanRel(w.f, p), Testdata: d.testdata, Err: err})
		case facts.IsNotExist(err): // removed while we looked
		default:
			s.failed = append(s.failed, sourceScanIssue{Path: p, Rel: sourceScanRel(w.f, p), Testdata: d.testdata, Err: err})
		}
		return
	}
	s.files++
	s.bytes += int64(len(data))
	var r sourceScanFile // stays on the stack: most files have nothing to report
	if !sourceScanBytes(data, &r) {
		return
	}
	p := dir
	if name != nil {
		p = dir + w.sep + string(name)
	}
	found := new(sourceScanFile)
	*found = r
	found.Path, found.Rel, found.Kind, found.Testdata, found.Size, found.Target = p, sourceScanRel(w.f, p), "go", d.testdata, len(data), target
	sourceScanLocate(data, found)
	s.problems = append(s.problems, found)
}

// links reads symlinked .go files that point inside a scanned root, unless
// their target was already reported under its own name.
func (w *sourceScanWalker) links(links []sourceScanLink, roots []*sourceScanRoot, sc *sourceScan) {
	reported := map[string]bool{}
	for _, p := range sc.Problems {
		if r, err := w.f.OS.EvalSymlinks(p.Path); err == nil {
			reported[r] = true
		}
	}
	var s sourceScanWorker
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
		w.examine(&s, sourceScanDir{testdata: l.testdata}, l.path, nil, data, err, target)
	}
	sc.Files += s.files
	sc.Bytes += s.bytes
	sc.Problems = append(sc.Problems, s.problems...)
	sc.TooLarge = append(sc.TooLarge, s.tooLarge...)
	sc.Failed = append(sc.Failed, s.failed...)
}

// sourceScanBytes classifies a file's content. It allocates nothing and
// reports whether anything was found; positions are left to
// sourceScanLocate. The order matters for speed: byte searches first (NUL,
// 0xEF, CR are rare in Go source), UTF-8 validation last.
func sourceScanBytes(b []byte, r *sourceScanFile) bool {
	if len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		r.UTF16, r.UTF16BOM = "UTF-16LE", true
		if b[0] == 0xfe {
			r.UTF16 = "UTF-16BE"
		}
		return true
	}
	found := false
	start := 0
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		r.LeadingBOM, found, start = true, true, 3
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		r.UTF16 = sourceScanUTF16NoBOM(b) // reported instead of the NULs
		r.NUL = sourceScanHit{Count: bytes.Count(b[i:], []byte{0}), Offset: i}
		found = true
	}
	for i := start; i < len(b); {
		j := bytes.IndexByte(b[i:], 0xef)
		if j < 0 {
			break
		}
		i += j
		if i+2 < len(b) && b[i+1] == 0xbb && b[i+2] == 0xbf {
			if r.MidBOM.Count == 0 {
				r.MidBOM.Offset = i
			}
			r.MidBOM.Count++
			found = true
			i += 3
			continue
		}
		i++
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		if r.CRLF = bytes.Count(b, []byte("\r\n")); r.CRLF > 0 {
			r.LF = bytes.Count(b, []byte("\n")) - r.CRLF
			found = true
		}
	}
	if !utf8.Valid(b) {
		for i := 0; i < len(b); {
			c, w := utf8.DecodeRune(b[i:])
			if c == utf8.RuneError && w == 1 {
				if r.BadUTF8.Count == 0 {
					r.BadUTF8.Offset, r.BadUTF8.Byte = i, b[i]
				}
				r.BadUTF8.Count++
			}
			i += w
		}
		found = true
	}
	return found
}

// sourceScanUTF16NoBOM recognises UTF-16 text without a byte order mark:
// mostly ASCII, so every other byte is NUL.
func sourceScanUTF16NoBOM(b []byte) string {
	n := min(len(b), 256) &^ 1
	if n < 4 {
		return ""
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	switch half := n / 2; {
	case odd*10 >= half*9 && even*10 < half:
		return "UTF-16LE"
	case even*10 >= half*9 && odd*10 < half:
		return "UTF-16BE"
	}
	return ""
}

// sourceScanLocate turns the offsets sourceScanBytes found into the
// line:column the compiler prints (only for files with problems).
func sourceScanLocate(b []byte, r *sourceScanFile) {
	for _, h := range []*sourceScanHit{&r.MidBOM, &r.NUL, &r.BadUTF8} {
		if h.Count > 0 {
			h.Line, h.Col = sourceScanLineCol(b, h.Offset)
			h.Text = sourceScanExcerpt(b, h.Offset)
		}
	}
	if r.MidBOM.Count > 0 {
		r.MidBOM.Context = sourceScanContext(b, r.MidBOM.Offset)
	}
}

// sourceScanExcerpt quotes up to 30 bytes either side of off, within its line.
func sourceScanExcerpt(b []byte, off int) string {
	from := max(bytes.LastIndexByte(b[:off], '\n')+1, off-30)
	to := len(b)
	if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
		to = off + i
	}
	to = min(to, off+30)
	q := strconv.Quote(string(bytes.TrimRight(b[from:to], "\r")))
	if from > 0 && b[from-1] != '\n' {
		q = "…" + q
	}
	if to < len(b) && b[to] != '\n' && b[to] != '\r' {
		q += "…"
	}
	return q
}

func sourceScanLineCol(b []byte, off int) (line, col int) {
	line = 1 + bytes.Count(b[:off], []byte("\n"))
	col = off - (bytes.LastIndexByte(b[:off], '\n') + 1) + 1
	return line, col
}

// Where a mid-file BOM sits decides how to remove it without changing the
// program.
const (
	sourceScanInString    = "string literal"
	sourceScanInRawString = "raw string literal"
	sourceScanInRune      = "rune literal"
	sourceScanInComment   = "comment"
	sourceScanInCode      = "code"
)

// sourceScanContext tokenizes the file with go/scanner to tell whether the
// byte at off is inside a string, rune literal or comment.
func sourceScanContext(b []byte, off int) string {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, len(b))
	var s scanner.Scanner
	s.Init(file, b, func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return sourceScanInCode
		}
		start := file.Offset(pos)
		if start > off {
			return sourceScanInCode
		}
		end := start + len(lit)
		switch {
		case tok == token.STRING && strings.HasPrefix(lit, "`"):
			if i := bytes.IndexByte(b[start+1:], '`'); i >= 0 {
				end = start + 1 + i + 1
			} else {
				end = len(b)
			}
		case tok == token.COMMENT && strings.HasPrefix(lit, "//"):
			if i := bytes.IndexByte(b[start:], '\n'); i >= 0 {
				end = start + i
			} else {
				end = len(b)
			}
		case tok == token.COMMENT:
			if i := bytes.Index(b[start+2:], []byte("*/")); i >= 0 {
				end = start + 2 + i + 2
			} else {
				end = len(b)
			}
		}
		if off < end {
			switch {
			case tok == token.STRING && strings.HasPrefix(lit, "`"):
				return sourceScanInRawString
			case tok == token.STRING:
				return sourceScanInString
			case tok == token.CHAR:
				return sourceScanInRune
			case tok == token.COMMENT:
				return sourceScanInComment
			}
			return sourceScanInCode
		}
	}
}

// sourceScanFor runs (or reuses) the scan for one check; a scan that
// cannot apply becomes the check's Skip.
func sourceScanFor(pass *check.Pass) (*sourceScan, error) {
	sc, err := check.ResultOf(pass, sourceScanResult)
	var skip *sourceScanSkipError
	if errors.As(err, &skip) {
		return nil, check.Skip("%s", skip.reason)
	}
	return sc, err
}

// sourceScanObserve records what was scanned: summary says what the check
// concluded, the evidence what the walk covered.
func sourceScanObserve(pass *check.Pass, sc *sourceScan, summary string) {
	summary += fmt.Sprintf(" (%s .go files, %s)", strconv.Itoa(sc.Files), sourceScanSize(sc.Bytes))
	if sc.Cancelled {
		summary += "; the scan stopped early: the doctor ran out of time"
	}
	ev := check.Evidence{
		check.F("scanned", fmt.Sprintf("%d .go files, %d bytes, in %d directories", sc.Files, sc.Bytes, sc.Dirs)),
		check.F("trees", strings.Join(sc.Roots, ", ")),
	}
	if sc.Vendor != "" {
		ev = append(ev, check.F("vendor/", "read: "+sc.Vendor))
	} else {
		ev = append(ev, check.F("vendor/", "not read (not used by the build)"))
	}
	ev = append(ev, check.F("scan time", sc.Duration.Round(100*time.Microsecond).String()))
	pass.Observe(summary, ev...)
}

// sourceScanSize prints a byte count in the largest fitting unit.
func sourceScanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// sourceScanTestdata reports the problems found under testdata/ as one
// info: the go command never compiles those files, and test inputs often
// hold odd bytes on purpose. one and many finish the summary ("contains a
// BOM", "contain a BOM"); describe says what is wrong with one file.
func sourceScanTestdata(pass *check.Pass, files []*sourceScanFile, one, many string, describe func(*sourceScanFile) string) {
	if len(files) == 0 {
		return
	}
	const show = 20
	var ev check.Evidence
	for i, p := range files {
		if i == show {
			ev = append(ev, check.F("more", fmt.Sprintf("%d more files", len(files)-show)))
			break
		}
		ev = append(ev, check.F(p.Rel, describe(p)))
	}
	summary := "1 file under testdata/ " + one + "."
	if len(files) > 1 {
		summary = fmt.Sprintf("%d files under testdata/ %s.", len(files), many)
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  summary,
		Detail: "The go command never compiles files under testdata/, so this breaks no build; test inputs often contain such bytes on purpose. " +
			"It matters only if a test feeds these files to the Go parser or formatter. godx fix leaves them alone.",
		Evidence: ev,
	})
}

// sourceScanSplit separates the files under testdata/ from the others.
func sourceScanSplit(files []*sourceScanFile, keep func(*sourceScanFile) bool) (compiled, testdata []*sourceScanFile) {
	for _, p := range files {
		switch {
		case !keep(p):
		case p.Testdata:
			testdata = append(testdata, p)
		default:
			compiled = append(compiled, p)
		}
	}
	return compiled, testdata
}

// sourceScanGofmtFix is the manual alternative to `godx fix` for .go files.
func sourceScanGofmtCommand(goos string, p *sourceScanFile) string {
	return shellquote.Join(shellquote.ForGOOS(goos), "gofmt", "-w", p.Rel)
}

// sourceScanShown is a file's path as go build prints it in errors when
// run in the project directory: "sub/x.go", or "./x.go" in that directory.
func sourceScanShown(rel string) string {
	if strings.ContainsAny(rel, `/\`) {
		return rel
	}
	return "./" + rel
}
