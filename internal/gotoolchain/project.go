package gotoolchain

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
)

// Project is the go command's toolchain selection for the project
// directory: which Go really builds the project.
type Project struct {
	LocalTC   string         // the local go command's GOVERSION
	LocalVers string         // its Go version (goversion.Local)
	Setting   *facts.Setting // GOTOOLCHAIN and where it is set (nil when unknown)
	Value     string         // GOTOOLCHAIN's effective value ("" when nothing sets it)
	File      *File          // the go.work or go.mod in effect (nil outside modules)
	Sel       Selection
}

// ProjectToolchain is the selection for the project directory, computed
// once per doctor run and shared by every check that needs to know which
// Go builds the project (module/toolchain, the tool checks, ...), so that
// they cannot disagree. Its error says why there is no selection to speak
// of (the go command is not usable, modules are off, GOVERSION is not a Go
// version, the go.work or go.mod cannot be read), in words fit for a
// check's skip reason.
var ProjectToolchain = facts.NewFact("project toolchain", func(f *facts.Facts) (*Project, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return nil, errors.New("the go command is not usable (go/installed reports it)")
	}
	settings, err := f.Settings()
	if err != nil {
		return nil, fmt.Errorf("the Go settings could not be read: %v", err)
	}
	if ge.Get("GOMOD") == "" {
		return nil, fmt.Errorf("modules are off (GO111MODULE=%s), and the go command selects no toolchain in GOPATH mode (module/mode reports the mode)", ge.Get("GO111MODULE"))
	}
	pt := &Project{LocalTC: ge.Get("GOVERSION")}
	pt.LocalVers = goversion.Local(pt.LocalTC)
	if pt.LocalVers == "" {
		return nil, fmt.Errorf("cannot tell the Go version of the local go command from GOVERSION %q", pt.LocalTC)
	}
	pt.Setting = settings.Get("GOTOOLCHAIN")
	if pt.Setting != nil && pt.Setting.Source != facts.FromDefault {
		pt.Value = pt.Setting.Value
	}
	file, err := projectFile(f)
	if err != nil {
		return nil, err
	}
	pt.File = file
	pt.Sel = Select(pt.Value, pt.LocalTC, file)
	return pt, nil
})

// projectFile finds the file the go command reads the go and toolchain
// lines from: the go.work in effect if it exists, else go.mod.
func projectFile(f *facts.Facts) (*File, error) {
	var mf *facts.ModFile
	kind := ""
	if w, err := f.Workspace(); err == nil && w != nil && !(w.Err != nil && facts.IsNotExist(w.Err)) {
		mf, kind = w, "go.work"
	} else if m, err := f.Module(); err == nil && m != nil {
		mf, kind = m, "go.mod"
	}
	if mf == nil {
		return nil, nil
	}
	if mf.Data == nil && mf.Err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", mf.Path, mf.Err)
	}
	file := &File{Kind: kind, Path: mf.Path, Short: ShortPath(f, mf.Path)}
	// Parsed lines when the file parses; otherwise the go command's own
	// lax line lookup, which is what selection uses.
	if mf.Err == nil {
		file.Go, file.Toolchain = mf.GoLine(), mf.ToolchainLine()
	} else {
		file.Go, file.Toolchain = GoModLookup(mf.Data, "go"), GoModLookup(mf.Data, "toolchain")
	}
	_, file.GoLineNo = GoModLookupLine(mf.Data, "go")
	_, file.ToolchainLineNo = GoModLookupLine(mf.Data, "toolchain")
	return file, nil
}

// GoModLookup is cmd/go's gover.GoModLookup: the value of the first line
// of a go.mod or go.work that starts with key ("go", "toolchain",
// "module"), without a trailing comment, read without parsing the file,
// so that it works on files that do not parse.
func GoModLookup(data []byte, key string) string {
	v, _ := GoModLookupLine(data, key)
	return v
}

// GoModLookupLine is GoModLookup with the 1-based number of the line it
// read (0 when there is none).
func GoModLookupLine(data []byte, key string) (string, int) {
	for n := 1; len(data) > 0; n++ {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		s := strings.TrimSpace(string(line))
		if !strings.HasPrefix(s, key) {
			continue
		}
		s = strings.TrimPrefix(s, key)
		if len(s) == 0 || (s[0] != ' ' && s[0] != '\t') {
			continue
		}
		s, _, _ = strings.Cut(s, "//")
		return strings.TrimSpace(s), n
	}
	return "", 0
}

// Switches reports whether the go command in the project directory hands
// every command to another toolchain than the local one (nil-safe). That
// toolchain runs with its own installation: GOROOT and the local
// installation's state no longer matter there.
func (p *Project) Switches() bool {
	return p != nil && p.Sel.Fatal == "" && !p.Sel.Local
}
