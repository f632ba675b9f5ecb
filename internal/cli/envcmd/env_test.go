package envcmd

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
)

// Values, origins and paths come from the machine: the text form shows
// their control characters escaped, each value on its own line.
func TestWriteTextEscapesControlCharacters(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	f := &command.Factory{IO: ios}
	doc := &Document{
		Go: "/usr/bin/go", GoVersion: "go1.22.0", Dir: "/src/\x1b[2J",
		Settings: []facts.Setting{{
			Name: "GOFLAGS", Value: "\x1b]0;X\x07",
			Definition: facts.Definition{Source: facts.FromEnvironment, Value: "\x1b]0;X\x07"},
			Overridden: []facts.Definition{{Source: facts.FromEnvFile, Origin: "/home/\x07/env", Value: "-mod=mod\nGOEVIL=1"}},
		}},
		Project: &Project{GoMod: "/src/\x1b[2J/go.mod", Target: "1.22.0", TargetFrom: "go.mod go line"},
	}
	if err := writeText(f, doc, true); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		`project:    /src/\x1b[2J`,
		`GOFLAGS  \x1b]0;X\x07  environment`,
		`overrides go env -w file (/home/\x07/env): GOFLAGS=-mod=mod\x0aGOEVIL=1`,
		`go.mod:     /src/\x1b[2J/go.mod`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "\x1b\x07") || strings.Contains(got, "\nGOEVIL") {
		t.Errorf("raw control characters in %q", got)
	}
}
