// Package dirstate looks at a directory a program is going to write into —
// a build or module cache, a GOPATH — the way it will use it: the
// directory when it exists, else the existing parent MkdirAll would create
// it under, and whether the current user may write there. It never writes.
package dirstate

import "github.com/godx-dev/godx/internal/facts"

// State is what Inspect saw at one directory. The directory cannot be
// used when NotDir or StatErr is set, or when WriteErr is set to anything
// but facts.ErrWriteUnknown; otherwise it exists and is writable, or can
// be created.
type State struct {
	Dir    string // the directory asked about, as given
	Exists bool   // Dir exists and is a directory
	At     string // Dir when it exists, else its nearest existing parent
	Child  string // the first directory MkdirAll would create under At ("" when Dir exists)
	NotDir string // a path that must be a directory but is a file (Dir or a parent)
	// StatErr is why Dir or a parent cannot be looked at (permission
	// denied on a parent, an I/O error), or, when nothing on the way
	// exists (a drive or share that is not there), the error for the root.
	StatErr error
	// WriteErr is facts.CheckWrite's answer for At: nil when the user may
	// write there, facts.ErrWriteUnknown when the OS cannot tell without
	// writing (Windows), else the OS's reason.
	WriteErr error
}

// Inspect looks at dir, or, when it does not exist yet, walks up to the
// first existing parent it would be created in.
func Inspect(f *facts.Facts, dir string) State {
	s := State{Dir: dir}
	p, child := dir, ""
	for {
		st, err := f.OS.Stat(p)
		if err == nil {
			s.At, s.Child = p, child
			if !st.IsDir() {
				s.NotDir = p
				return s
			}
			s.Exists = p == dir
			s.WriteErr = f.CheckWrite(p)
			return s
		}
		if !facts.IsNotExist(err) {
			s.At, s.StatErr = p, err
			return s
		}
		parent := f.ParentDir(p)
		if parent == f.CleanPath(p) {
			s.At, s.StatErr = p, err
			return s
		}
		p, child = parent, p
	}
}
