package toolchain

import (
	"fmt"
	"go/version"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
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
// (cmd/go/internal/toolchain/select.go Select) for GOTOOLCHAIN value, the
// local go command's release local, and the go and toolchain lines of the
// go.work or go.mod in effect (kind names that file). An unset GOTOOLCHAIN
// never switches.
func Select(value, local, kind, goLine, tcLine string) (Choice, error) {
	c := Choice{Name: local, Local: true, Why: "GOTOOLCHAIN=" + value}
	if value == "" {
		c.Why = "GOTOOLCHAIN is not set anywhere, so the go command never switches"
		return c, nil
	}
	min, mode := value, ""
	switch value {
	case "auto", "path":
		min, mode = "local", value
	default:
		var plus bool
		var suffix string
		min, suffix, plus = strings.Cut(value, "+")
		if plus {
			if suffix != "auto" && suffix != "path" {
				return c, fmt.Errorf("invalid GOTOOLCHAIN %q: only version suffixes are +auto and +path", value)
			}
			mode = suffix
		}
	}
	c.PathOnly = mode == "path"
	minVers := facts.ToolchainVersion(local)
	if min != "local" {
		minVers = facts.ToolchainVersion(min)
		if minVers == "" {
			return c, fmt.Errorf("invalid GOTOOLCHAIN %q", value)
		}
		c.Name, c.Local = min, min == local
	}
	if mode == "" || kind == "" || tcLine == "default" {
		return c, nil
	}
	if tv := facts.ToolchainVersion(tcLine); tv != "" && version.Compare("go"+tv, "go"+minVers) > 0 {
		c.Name, minVers = tcLine, tv
		c.Why = fmt.Sprintf("%s's toolchain line (GOTOOLCHAIN=%s)", kind, value)
	}
	if goLine != "" && version.Compare("go"+goLine, "go"+minVers) > 0 {
		c.Name = "go" + goLine
		if version.Lang("go"+goLine) == "go"+goLine && version.Compare("go"+goLine, "go1.21") >= 0 {
			c.Name += ".0"
		}
		c.Why = fmt.Sprintf("%s's go line %s (GOTOOLCHAIN=%s)", kind, goLine, value)
	}
	c.Local = c.Name == local
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
	if goLine != "" {
		name, from = "go"+goLine, kind+" go line ("+path+")"
		if version.Lang(name) == name && version.Compare(name, "go1.21") >= 0 {
			name += ".0"
		}
	}
	if tv := facts.ToolchainVersion(tcLine); tv != "" && (name == "" || version.Compare("go"+tv, name) > 0) {
		name, from = "go"+tv, kind+" toolchain line ("+path+")"
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
