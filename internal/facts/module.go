package facts

import (
	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/goversion"
)

// ModFile is a go.mod or go.work file as read from disk. A file that does
// not parse is still returned, with Err set: a broken go.mod is a finding,
// not a failure of godx.
type ModFile struct {
	Path string
	Data []byte
	Mod  *modfile.File     // set for a go.mod that parsed
	Work *modfile.WorkFile // set for a go.work that parsed
	Err  error             // read or parse error (modfile.ErrorList carries lines)
}

// GoLine is the file's `go` directive ("" when absent or unparsed).
func (m *ModFile) GoLine() string {
	switch {
	case m == nil:
		return ""
	case m.Mod != nil && m.Mod.Go != nil:
		return m.Mod.Go.Version
	case m.Work != nil && m.Work.Go != nil:
		return m.Work.Go.Version
	}
	return ""
}

// ToolchainLine is the file's `toolchain` directive ("" when absent).
func (m *ModFile) ToolchainLine() string {
	switch {
	case m == nil:
		return ""
	case m.Mod != nil && m.Mod.Toolchain != nil:
		return m.Mod.Toolchain.Name
	case m.Work != nil && m.Work.Toolchain != nil:
		return m.Work.Toolchain.Name
	}
	return ""
}

// Module is the main module's go.mod, per `go env GOMOD`. It is nil (with a
// nil error) outside a module and in GOPATH mode; GoEnv's GOMOD tells which.
func (f *Facts) Module() (*ModFile, error) { return f.module() }

func (f *Facts) loadModule() (*ModFile, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return nil, err
	}
	p := ge.Get("GOMOD")
	if p == "" || p == f.DevNull() {
		return nil, nil
	}
	m := &ModFile{Path: p}
	m.Data, m.Err = f.ReadFile(p)
	if m.Err == nil {
		m.Mod, m.Err = modfile.Parse(p, m.Data, nil)
	}
	return m, nil
}

// Workspace is the go.work file in effect (`go env GOWORK`), or nil.
func (f *Facts) Workspace() (*ModFile, error) { return f.workspace() }

func (f *Facts) loadWorkspace() (*ModFile, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return nil, err
	}
	p := ge.Get("GOWORK")
	if p == "" || p == "off" {
		return nil, nil
	}
	w := &ModFile{Path: p}
	w.Data, w.Err = f.ReadFile(p)
	if w.Err == nil {
		w.Work, w.Err = modfile.ParseWork(p, w.Data, nil)
	}
	return w, nil
}

// Target is the Go version a project needs.
type Target struct {
	// Version without the "go" prefix: "1.27.0", "1.22", "1.26.8".
	Version string
	// From says which line decided it: "go.work go line",
	// "go.mod toolchain line", "go command" (outside a module), ...
	From string
	// File is the go.mod/go.work path the version came from ("" for the go command).
	File string
}

// TargetGo is the Go version the project targets: the higher of the `go`
// and `toolchain` lines of the go.work in effect, else of go.mod; outside a
// module, the go command's own version. Every check that compares against
// "the project's Go" uses this one answer.
func (f *Facts) TargetGo() (Target, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return Target{}, err
	}
	file, kind := (*ModFile)(nil), ""
	if w, err := f.Workspace(); err == nil && w != nil && w.Err == nil {
		file, kind = w, "go.work"
	} else if m, err := f.Module(); err == nil && m != nil && m.Err == nil {
		file, kind = m, "go.mod"
	}
	if file != nil {
		best := Target{}
		if g := file.GoLine(); g != "" {
			best = Target{Version: g, From: kind + " go line", File: file.Path}
		}
		if tc := goversion.FromToolchain(file.ToolchainLine()); tc != "" && (best.Version == "" || goversion.Compare(tc, best.Version) > 0) {
			best = Target{Version: tc, From: kind + " toolchain line", File: file.Path}
		}
		if best.Version != "" {
			return best, nil
		}
	}
	// "go1.26.8 X:nodwarf5" -> "1.26.8"; a development build stays
	// unrecognisable ("devel go1.27-abcdef …"): checks skip what they
	// cannot compare.
	return Target{Version: goversion.TrimGo(goversion.TrimExperiments(ge.Get("GOVERSION"))), From: "go command"}, nil
}

// WorkUse is one `use` directive of a go.work file, resolved.
type WorkUse struct {
	Path string // as written in go.work
	Line int    // line of the directive in go.work (0 when unknown)
	Dir  string // the directory, absolute and clean
	// Err says why the go command cannot load a module there: the
	// directory's go.mod cannot be opened as a regular file (the directory
	// or the go.mod does not exist, is not a directory, is unreadable). A
	// go.mod that opens but does not parse is not an Err here: module/gomod
	// and the source scan look at its content.
	Err error
}

// WorkUses resolves the use directives of wf, the go.work file at gowork,
// in order, once each (the go command loads a directory once): relative
// paths against the go.work directory. It opens each go.mod to see whether
// the go command can read it, and never reads beyond that.
func (f *Facts) WorkUses(gowork string, wf *modfile.WorkFile) []WorkUse {
	if wf == nil {
		return nil
	}
	wdir := f.ParentDir(gowork)
	seen := map[string]bool{}
	var out []WorkUse
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
		wu := WorkUse{Path: u.Path, Dir: dir}
		if u.Syntax != nil {
			wu.Line = u.Syntax.Start.Line
		}
		if fh, err := f.OS.Open(f.JoinPath(dir, "go.mod")); err != nil {
			wu.Err = err
		} else {
			fh.Close()
		}
		out = append(out, wu)
	}
	return out
}
