package toolchain

import (
	"errors"
	"fmt"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
)

// Choice is the toolchain the go command runs in a directory.
type Choice struct {
	Name string `json:"name"`
	// Why says what decided it ("GOTOOLCHAIN=local", "go.mod's go line 1.27").
	Why string `json:"why"`
	// Local is true when that is the go command on PATH itself.
	Local bool `json:"local"`
	// PathOnly: GOTOOLCHAIN=path or <name>+path (no downloads).
	PathOnly bool `json:"path_only,omitempty"`
}

// Select replays the go command's toolchain selection
// (cmd/go/internal/toolchain/select.go Select, see gotoolchain.Select) for
// GOTOOLCHAIN value, the local go command's release local, and the go and
// toolchain lines of the go.work or go.mod in effect (kind names that file;
// "" outside modules). An unset GOTOOLCHAIN never switches.
func Select(value, local, kind, goLine, tcLine string) (Choice, error) {
	return selectFile(value, local, kind, goLine, tcLine, kind)
}

// selectFile is Select with the name the go command prints for the file
// (base.ShortPath) in its errors.
func selectFile(value, local, kind, goLine, tcLine, short string) (Choice, error) {
	var file *gotoolchain.File
	if kind != "" {
		file = &gotoolchain.File{Kind: kind, Short: short, Go: goLine, Toolchain: tcLine}
	}
	s := gotoolchain.Select(value, local, file)
	c := Choice{Name: s.Chosen, Local: s.Local, PathOnly: s.PathOnly, Why: "GOTOOLCHAIN=" + value}
	switch {
	case s.Fatal != "":
		return c, errors.New(s.Fatal)
	case value == "":
		c.Why = "GOTOOLCHAIN is not set anywhere, so the go command never switches"
	case s.Why == "toolchain line":
		c.Why = fmt.Sprintf("%s's toolchain line, with GOTOOLCHAIN=%s", kind, value)
	case s.Why == "go line":
		c.Why = fmt.Sprintf("%s's go line %s, with GOTOOLCHAIN=%s", kind, goLine, value)
	}
	return c, nil
}

// ModuleNeeds is the release the current module asks for: the newer of
// its go line (as the go command reads it: go 1.22 means go1.22.0) and its
// toolchain line, from the go.work in effect or else go.mod.
func ModuleNeeds(fx *facts.Facts) (name, from string, err error) {
	kind, goLine, tcLine, path := ModuleLines(fx)
	if kind == "" {
		return "", "", fmt.Errorf("no go.mod or go.work here (%s)", fx.Dir)
	}
	if r := goversion.Release(goLine); r != "" {
		name, from = r, kind+" go line ("+path+")"
	}
	if tv := goversion.FromToolchain(tcLine); tv != "" && (name == "" || goversion.Compare(tv, name) > 0) {
		name, from = goversion.WithGo(tv), kind+" toolchain line ("+path+")"
	}
	if name == "" {
		return "", "", fmt.Errorf("%s has no go or toolchain line", path)
	}
	return name, from, nil
}

// ModuleLines returns the go and toolchain lines of the go.work in
// effect, else of go.mod (kind is "" outside modules).
func ModuleLines(fx *facts.Facts) (kind, goLine, tcLine, path string) {
	var mf *facts.ModFile
	if w, err := fx.Workspace(); err == nil && w != nil && w.Err == nil {
		mf, kind = w, "go.work"
	} else if m, err := fx.Module(); err == nil && m != nil && m.Err == nil {
		mf, kind = m, "go.mod"
	}
	if mf == nil {
		return "", "", "", ""
	}
	return kind, mf.GoLine(), mf.ToolchainLine(), mf.Path
}
