package gotoolchain

import (
	"context"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestGoModLookup(t *testing.T) {
	data := []byte("// go 1.1 in a comment does not count\nmodule \"example.com/m\"\n\n  go\t1.27 // minimum\ntoolchain go1.27.3\r\ngodebug x=1\n")
	for key, want := range map[string]string{"module": `"example.com/m"`, "go": "1.27", "toolchain": "go1.27.3", "godebug": "x=1", "require": ""} {
		if got := GoModLookup(data, key); got != want {
			t.Errorf("GoModLookup(%q) = %q, want %q", key, got, want)
		}
	}
	for key, want := range map[string]int{"module": 2, "go": 4, "toolchain": 5, "require": 0} {
		if _, got := GoModLookupLine(data, key); got != want {
			t.Errorf("GoModLookupLine(%q) line = %d, want %d", key, got, want)
		}
	}
}

func projectFacts(t *testing.T, o *factstest.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestProjectToolchain(t *testing.T) {
	// go.env says GOTOOLCHAIN=auto, so a newer go line switches.
	o := factstest.New()
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOMOD": "/work/go.mod", "GOTOOLCHAIN": "auto"})
	o.Setenv("PATH", "/usr/local/go/bin")
	o.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.30\n", 0)
	f := projectFacts(t, o)
	pt, err := ProjectToolchain.Get(f)
	if err != nil {
		t.Fatal(err)
	}
	if pt.LocalTC != "go1.26.8" || pt.LocalVers != "1.26.8" || pt.Value != "auto" || pt.Setting == nil || pt.Setting.Source != facts.FromGorootEnv {
		t.Errorf("local and setting: %+v", pt)
	}
	if pt.File == nil || pt.File.Kind != "go.mod" || pt.File.Go != "1.30" || pt.File.Short != "go.mod" || pt.File.GoLineNo != 3 || pt.File.ToolchainLineNo != 0 {
		t.Errorf("file: %+v", pt.File)
	}
	if pt.Sel.Chosen != "go1.30.0" || pt.Sel.Why != "go line" || pt.Sel.Local {
		t.Errorf("selection: %+v", pt.Sel)
	}
	if again, _ := ProjectToolchain.Get(f); again != pt {
		t.Errorf("computed twice in one run")
	}

	// A go.mod that does not parse still steers the selection (lax lookup).
	o.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.30\ntoolchain go1.31.2\nrequire (\n", 0)
	pt, err = ProjectToolchain.Get(projectFacts(t, o))
	if err != nil || pt.File.Toolchain != "go1.31.2" || pt.Sel.Chosen != "go1.31.2" {
		t.Errorf("unparsable go.mod: %+v, %v", pt, err)
	}
}

func TestProjectToolchain_NoSelection(t *testing.T) {
	if _, err := ProjectToolchain.Get(projectFacts(t, factstest.New())); err == nil || !strings.Contains(err.Error(), "not usable") {
		t.Errorf("no go: %v", err)
	}
	o := factstest.New()
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOMOD": "", "GO111MODULE": "off"})
	o.Setenv("PATH", "/usr/local/go/bin")
	if _, err := ProjectToolchain.Get(projectFacts(t, o)); err == nil || !strings.Contains(err.Error(), "GO111MODULE=off") {
		t.Errorf("GOPATH mode: %v", err)
	}
	o = factstest.New()
	o.AddGo("/usr/local/go", "weird", map[string]string{"GOMOD": "/work/go.mod"})
	o.Setenv("PATH", "/usr/local/go/bin")
	if _, err := ProjectToolchain.Get(projectFacts(t, o)); err == nil || !strings.Contains(err.Error(), `GOVERSION "weird"`) {
		t.Errorf("unknown GOVERSION: %v", err)
	}
}
