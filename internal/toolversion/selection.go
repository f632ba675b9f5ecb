package toolversion

import (
	"fmt"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
)

// Selection is the Go toolchain that builds (and that analysers load)
// code in the project directory, and why.
type Selection struct {
	Version string // "go1.27.0"
	Local   string // GOVERSION of the go command on PATH
	Target  facts.Target
	Setting string           // GOTOOLCHAIN as set ("" when nothing sets it)
	From    facts.Definition // where GOTOOLCHAIN is set
	Switch  bool             // Version is not the local go: the go command switches
}

// SelectGo works out which toolchain the go command runs in the project
// directory: the local go, unless the project's toolchain selection pt
// (gotoolchain.ProjectToolchain, which module/toolchain reports on, so
// that the tool checks and that check agree on which Go runs) chose
// another. pt is nil when there is no selection to speak of (modules off,
// an unreadable go.mod): then the local go builds. The error says the go
// command is not usable or its GOVERSION is not a Go version.
func SelectGo(f *facts.Facts, pt *gotoolchain.Project) (Selection, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return Selection{}, err
	}
	local := ge.Get("GOVERSION")
	s := Selection{Version: goversion.LocalToolchain(local), Local: local}
	if s.Version == "" {
		return s, fmt.Errorf("unrecognized GOVERSION %q", local)
	}
	if st, err := f.Settings(); err == nil {
		if g := st.Get("GOTOOLCHAIN"); g != nil && g.Source != facts.FromDefault {
			s.Setting, s.From = g.Value, g.Definition
		}
	}
	if target, err := f.TargetGo(); err == nil {
		s.Target = target
	}
	if pt == nil || pt.Sel.Fatal != "" || pt.Sel.Local {
		return s, nil // the local go (or an invalid setting, which module/toolchain reports)
	}
	if v := goversion.LocalToolchain(pt.Sel.Chosen); v != "" {
		s.Version, s.Switch = v, goversion.Compare(v, goversion.Local(local)) != 0
	}
	return s, nil
}

// Evidence says which Go builds the project and why: the local go, the
// project's target Go, GOTOOLCHAIN and where it is set.
func (s Selection) Evidence() check.Evidence {
	ev := check.Evidence{check.F("go command version", s.Local)}
	if s.Target.From != "" && s.Target.From != "go command" {
		ev = append(ev, check.F("project target Go ("+s.Target.From+")", s.Target.Version))
	}
	if s.Setting == "" {
		ev = append(ev, check.F("GOTOOLCHAIN", "not set (the go command does not switch)"))
	} else {
		ev = append(ev, check.F("GOTOOLCHAIN ("+s.From.Label()+")", s.Setting))
	}
	ev = append(ev, check.F("Go that builds the project", s.Version))
	return ev
}
