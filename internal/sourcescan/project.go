package sourcescan

import (
	"bytes"
	"context"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/textfix"
)

// scanProject computes Project: it asks the go command (through go env)
// which modules the project builds, and walks their trees; a guessed walk
// (speculate) runs meanwhile and is kept when go env confirms the guess.
func scanProject(f *facts.Facts) (*Scan, error) {
	start := time.Now()
	spec := speculate(f)
	if spec != nil {
		defer spec.cancel()
	}
	ge, err := f.GoEnv()
	if err != nil {
		return nil, &NotApplicableError{Reason: "`go env` did not work (see go/installed)"}
	}
	sc := &Scan{GoVersion: ge.Get("GOVERSION")}
	gomod, gowork := ge.Get("GOMOD"), ge.Get("GOWORK")
	if gowork == "off" {
		gowork = ""
	}
	switch {
	case gomod == "" && gowork == "":
		return nil, &NotApplicableError{Reason: "GOPATH mode: there is no module to scan (see module/mode)"}
	case (gomod == f.DevNull()) && gowork == "":
		return nil, &NotApplicableError{Reason: "not inside a module: no go.mod here or in any parent directory (see module/mode)"}
	}
	mod, explicit := goFlagsMod(ge.Get("GOFLAGS"))
	var roots []*tree
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
			for _, u := range f.WorkUses(gowork, wf) {
				if u.Err != nil {
					// The go command refuses the whole workspace
					// (module/gowork says so); walking a directory it
					// cannot load (`use /`) would scan what no build
					// reads.
					sc.Unloadable = append(sc.Unloadable, u.Dir)
					continue
				}
				dir := u.Dir
				gomodPath := f.JoinPath(dir, "go.mod")
				root, _ := moduleRoot(f, dir, gomodPath)
				roots = append(roots, root)
				modFiles = append(modFiles, gomodPath, f.JoinPath(dir, "go.sum"))
			}
			goLine := ""
			if wf.Go != nil {
				goLine = wf.Go.Version
			}
			if why := vendoring(f, wdir, goLine, true, mod, explicit); why != "" {
				sc.Vendor = why
				roots = append(roots, &tree{dir: f.JoinPath(wdir, "vendor")})
			}
		} else if gomod != "" && gomod != f.DevNull() {
			// go.work does not parse (module/gomod reports it): scan the
			// module the directory belongs to.
			dir := f.ParentDir(gomod)
			root, _ := moduleRoot(f, dir, gomod)
			roots = append(roots, root)
			modFiles = append(modFiles, gomod, f.JoinPath(dir, "go.sum"))
		}
	} else {
		dir := f.ParentDir(gomod)
		root, goLine := moduleRoot(f, dir, gomod)
		sc.Vendor = vendoring(f, dir, goLine, false, mod, explicit)
		root.vendor = sc.Vendor != ""
		roots = append(roots, root)
		modFiles = append(modFiles, gomod, f.JoinPath(dir, "go.sum"))
	}

	for _, p := range modFiles {
		if mf := readModFile(f, p); mf != nil {
			sc.ModFiles = append(sc.ModFiles, mf)
		}
	}
	w := newWalker(f.Context(), f, map[string]bool{})
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

// speculation is a walk started while `go env` (~5 ms) is still
// running, on the module the go command is expected to name: the nearest
// go.mod above the project directory, no go.work, vendoring decided from
// the explicit GOFLAGS. Its result is used only when go env confirms every
// input; otherwise it is cancelled and the walk starts again.
type speculation struct {
	root   *tree
	vendor string
	sc     *Scan
	cancel context.CancelFunc
	done   chan struct{}
}

// speculate starts the guessed walk, or returns nil when the guess would
// likely be wrong (modules off, a workspace, no go.mod above).
func speculate(f *facts.Facts) *speculation {
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
	mod, explicit := goFlagsMod(goflags.Value)
	dir := f.ParentDir(gomod)
	data, _ := f.ReadFile(gomod)
	root, goLine := rootFrom(dir, gomod, data)
	spec := &speculation{root: root, vendor: vendoring(f, dir, goLine, false, mod, explicit), sc: &Scan{}, done: make(chan struct{})}
	root.vendor = spec.vendor != ""
	ctx, cancel := context.WithCancel(f.Context())
	spec.cancel = cancel
	w := newWalker(ctx, f, nil)
	go func() {
		defer close(spec.done)
		w.run([]*tree{root}, spec.sc)
	}()
	return spec
}

// confirmed says whether go env agrees with every input of the guess: the
// same single module root and vendoring, and none of Go's own trees (which
// the guess could not know) inside it.
func (s *speculation) confirmed(f *facts.Facts, roots []*tree, vendor string, skip map[string]bool) bool {
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
