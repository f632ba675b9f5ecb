package module

import (
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// Findings about a line of go.mod carry its position, for GitHub
// annotations and SARIF locations.
func TestPositions_GoModLines(t *testing.T) {
	at := func(t *testing.T, fd check.Finding, line, col int) {
		t.Helper()
		if p := fd.Position; p == nil || p.File != "/work/go.mod" || p.Line != line || p.Column != col {
			t.Errorf("position = %+v, want /work/go.mod:%d:%d", p, line, col)
		}
	}
	t.Run("syntax error", func(t *testing.T) {
		r := checktest.Run(t, GoMod, gomodTestFake(t, "module example.com/m\n\ngo 1.26\n\nrequires example.com/x v1.0.0\n"), facts.Options{})
		at(t, checktest.Only(t, r, check.Error, "unknown directive: requires"), 5, 0)
	})
	t.Run("BOM", func(t *testing.T) {
		r := checktest.Run(t, GoMod, gomodTestFake(t, "\xef\xbb\xbfmodule example.com/m\n"), facts.Options{})
		at(t, checktest.Only(t, r, check.Error, "byte order mark"), 1, 1)
	})
	t.Run("go line too new", func(t *testing.T) {
		o := toolchainTestFake(t, toolchainTestGoMod("1.27", ""), "auto")
		o.Export("GOTOOLCHAIN=local")
		at(t, checktest.Only(t, toolchainTestRun(t, o), check.Error, "requires go >= 1.27"), 3, 0)
	})
	t.Run("bad toolchain line", func(t *testing.T) {
		o := toolchainTestFake(t, "module example.com/m\n\ngo 1.22.0\ntoolchain bogus\n", "auto")
		at(t, checktest.Only(t, toolchainTestRun(t, o), check.Error, `invalid toolchain "bogus"`), 4, 0)
	})
	t.Run("language version toolchain line", func(t *testing.T) {
		o := toolchainTestFake(t, toolchainTestGoMod("1.22.0", "go1.23"), "local")
		at(t, checktest.Only(t, toolchainTestRun(t, o), check.Warning, "go1.23 is a language version"), 5, 0)
	})
	t.Run("GOTOOLCHAIN setting has no file position", func(t *testing.T) {
		o := toolchainTestFake(t, toolchainTestGoMod("1.22.0", ""), "auto")
		o.Export("GOTOOLCHAIN=bogus")
		if fd := checktest.Only(t, toolchainTestRun(t, o), check.Error, "GOTOOLCHAIN=bogus"); fd.Position != nil {
			t.Errorf("a setting from the environment has no place in go.mod: %+v", fd.Position)
		}
	})
}
