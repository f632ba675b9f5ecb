// Package sourcescan reads the Go files the go command would compile in
// the project's main module (and in the modules of go.work) and finds
// what breaks or disturbs a build in their bytes: byte order marks,
// UTF-16, NUL bytes, invalid UTF-8 and CRLF line endings. One parallel
// walk, the Project fact, serves source/bom, source/encoding and
// source/line-endings; Classify and Locate judge one file's bytes.
//
// Scope follows cmd/go's own directory rules (modload.matchPackages):
// directories whose names start with "." or "_" are skipped, as are nested
// modules (a directory holding a go.mod), vendor/ unless vendoring is in
// effect, and directories named by go.mod ignore directives. testdata/ is
// read too, but marked: the go command never compiles those files.
// Symbolic links to directories are not followed (neither does the go
// command), so the walk cannot loop; a symlinked .go file is read only
// when it points inside the scanned tree. Go's own trees (GOROOT, the
// module and build caches) are never walked, nor is a go.work use
// directory the go command cannot load (no go.mod there: `use /` would
// otherwise walk the whole file system); Scan.Unloadable lists those.
//
// Per file the work is: one read into a buffer the worker reuses, three
// byte searches (NUL, 0xEF for a BOM, CR) and utf8.Valid. Positions and
// everything else are computed only for the rare file with a problem.
package sourcescan

import (
	"strconv"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// Project is the scan of the project's module or workspace, run once per
// doctor run by the first check that asks. Its error is a
// *NotApplicableError when there is nothing to scan.
var Project = facts.NewFact("source scan", scanProject)

// NotApplicableError says why there is no module to scan (GOPATH mode,
// outside a module, no usable go command), in words fit for a check's
// skip reason.
type NotApplicableError struct{ Reason string }

func (e *NotApplicableError) Error() string { return e.Reason }

// Scan is what the walk found.
type Scan struct {
	Roots []string // directories walked (module roots, a workspace vendor/)
	// Unloadable are go.work use directories whose go.mod the go command
	// cannot read (missing directory, no go.mod): never walked.
	Unloadable []string
	Vendor     string // why vendor/ was read ("" when it was not)
	GoVersion  string // GOVERSION of the go command on PATH
	Files      int    // .go files read
	Bytes      int64
	Dirs       int
	Problems   []*File // .go files with something to report, by path
	ModFiles   []*File // go.mod, go.sum, go.work, go.work.sum with a leading BOM
	TooLarge   []Issue // files over facts.MaxFileSize, not read
	Failed     []Issue // files and directories that could not be read
	Cancelled  bool    // the doctor's time ran out before the walk finished
	Duration   time.Duration
}

// Issue is a file or directory the scan could not read.
type Issue struct {
	Path, Rel string
	Testdata  bool
	Err       error
}

// File is one file with something worth reporting.
type File struct {
	Path     string
	Rel      string // as the user reads it: relative to the project directory when inside it
	Kind     string // "go" for .go files; else the file name (go.mod, go.sum, ...)
	Testdata bool   // under a testdata/ directory: never compiled
	Size     int
	Target   string // for a symlink: the file it points to

	UTF16      string // "UTF-16LE" or "UTF-16BE" when the file is UTF-16
	UTF16BOM   bool   // ... and starts with a UTF-16 byte order mark
	LeadingBOM bool
	MidBOM     Hit    // BOMs after the first character
	NUL        Hit    // NUL bytes
	BadUTF8    Hit    // bytes that are not UTF-8 (each one a compiler error)
	CRLF, LF   int    // line endings, counted only in files that contain a CR
	FirstLine  string // first line of a module file (go.sum: the line the BOM breaks)
}

// Hit locates the first of Count occurrences (Line and Col are
// 1-based, Col in bytes, as the compiler counts).
type Hit struct {
	Count, Offset, Line, Col int
	Byte                     byte   // the offending byte, for invalid UTF-8
	Context                  string // for a mid-file BOM: where it is (InString, ..., InCode)
	Text                     string // the line around it, quoted (invisible bytes escaped)
}

// Pos is "line:col".
func (h Hit) Pos() string { return strconv.Itoa(h.Line) + ":" + strconv.Itoa(h.Col) }
