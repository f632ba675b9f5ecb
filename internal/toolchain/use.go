package toolchain

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Change is what `use` changed, and how to take it back.
type Change struct {
	File  string `json:"file,omitempty"` // go.mod/go.work or the go env -w file
	What  string `json:"what"`
	Undo  string `json:"undo"`
	Notes []string
	// Runs is the toolchain go commands in the project directory run now
	// ("" when it cannot be told).
	Runs string `json:"runs,omitempty"`
}

// UseProject sets the toolchain line of the go.work in effect, else of
// go.mod, with the go command (`go mod edit -toolchain` / `go work edit
// -toolchain`). It never lowers the go line: a release older than the go
// line is refused, since the go command would never run it there.
func (e *Env) UseProject(ctx context.Context, name string) (*Change, error) {
	fx := e.Facts
	kind, goLine, tcLine, path := ModuleLines(fx)
	if kind == "" {
		return nil, fmt.Errorf("no go.mod or go.work in %s or above it (use --global to set your default toolchain)", fx.Dir)
	}
	if goLine != "" && goversion.Compare(goLine, name) > 0 {
		return nil, fmt.Errorf("%s says go %s, newer than %s: the go line is a minimum, so the go command would never run %s here. "+
			"godx does not lower the go line; `go get go@%s` does, if that is what you mean", path, goLine, name, name, goversion.TrimGo(name))
	}
	tool := "mod"
	if kind == "go.work" {
		tool = "work"
	}
	res := fx.Run(ctx, facts.Command{Path: e.Go, Args: []string{tool, "edit", "-toolchain=" + name, path}, Dir: filepath.Dir(path), Env: e.Environ()})
	if res.Err != nil {
		return nil, fmt.Errorf("go %s edit -toolchain=%s: %v", tool, name, goError(res))
	}
	old := tcLine
	if old == "" {
		old = "none"
	}
	c := &Change{
		File: path,
		What: fmt.Sprintf("%s: toolchain %s (was %s)", path, name, show(tcLine)),
		Undo: shellquote.Join(shellquote.ForGOOS(fx.GOOS()), "go", tool, "edit", "-toolchain="+old, path),
	}
	value := e.gotoolchain()
	ch, err := Select(value, e.Get("GOVERSION"), kind, goLine, name)
	if err == nil {
		c.Runs = ch.Name
		if ch.Name != name {
			switch {
			case value == "" || (!strings.Contains(value, "auto") && !strings.Contains(value, "path")):
				c.Notes = append(c.Notes, fmt.Sprintf("GOTOOLCHAIN=%s ignores toolchain lines, so go commands here still run %s; "+
					"`go env -w GOTOOLCHAIN=auto` lets the go command follow them", show(value), ch.Name))
			default:
				c.Notes = append(c.Notes, fmt.Sprintf("a toolchain line is a minimum: the go command runs the newer of it and its default, "+
					"so go commands here still run %s (%s); to run exactly %s, set GOTOOLCHAIN=%s in the environment", ch.Name, ch.Why, name, name))
			}
		}
	}
	return c, nil
}

// UseGlobal sets the user's default toolchain with `go env -w
// GOTOOLCHAIN=<name>+auto` (exact: GOTOOLCHAIN=<name>, which go.mod files
// cannot raise).
func (e *Env) UseGlobal(ctx context.Context, name string, exact bool) (*Change, error) {
	fx := e.Facts
	value := name + "+auto"
	if exact {
		value = name
	}
	st, err := fx.Settings()
	if err != nil {
		return nil, err
	}
	s := st.Get("GOTOOLCHAIN")
	// `go env -w GOTOOLCHAIN=…` with exactly these arguments is run by the
	// local go command (it never switches for it).
	res := fx.Run(ctx, facts.Command{Path: e.Go, Args: []string{"env", "-w", "GOTOOLCHAIN=" + value}, Dir: e.Get("GOROOT")})
	if res.Err != nil {
		return nil, fmt.Errorf("go env -w GOTOOLCHAIN=%s: %v", value, goError(res))
	}
	c := &Change{File: st.EnvFile, What: fmt.Sprintf("%s: GOTOOLCHAIN=%s", show(st.EnvFile), value)}
	old, inFile := st.EnvFileVars["GOTOOLCHAIN"]
	switch {
	case inFile:
		c.What += " (was " + show(old) + ")"
		c.Undo = settingfix.GoEnvSet(fx.GOOS(), "GOTOOLCHAIN", old)
	default:
		// go env -u must not switch toolchains itself.
		c.What += " (was not set there)"
		c.Undo = settingfix.WithEnv(fx.GOOS(), "GOTOOLCHAIN", "local", settingfix.GoEnvUnset(fx.GOOS(), "GOTOOLCHAIN"))
	}
	if s != nil && s.Source == facts.FromEnvironment {
		c.Notes = append(c.Notes, fmt.Sprintf("GOTOOLCHAIN=%s is set in your environment and overrides the go env file: remove it from your shell profile (or CI settings) for this to take effect", s.Value))
	}
	effective := value
	if s != nil && s.Source == facts.FromEnvironment {
		effective = s.Value
	}
	kind, goLine, tcLine, _ := ModuleLines(fx)
	if ch, err := Select(effective, e.Get("GOVERSION"), kind, goLine, tcLine); err == nil {
		c.Runs = ch.Name
	}
	return c, nil
}

// gotoolchain is GOTOOLCHAIN as the go command reads it ("" when nothing
// sets it).
func (e *Env) gotoolchain() string {
	if st, err := e.Facts.Settings(); err == nil {
		if s := st.Get("GOTOOLCHAIN"); s != nil && s.Source != facts.FromDefault {
			return s.Value
		}
	}
	return ""
}

func show(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
