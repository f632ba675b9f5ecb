package toolversion

import (
	"context"
	"errors"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/gotoolchain"
)

// newMachine is a Linux machine with go (goVersion) in /usr/local/go,
// GOPATH /home/u/go whose bin is first on PATH, and a module in /work
// whose go.mod says gomod.
func newMachine(t *testing.T, goVersion, gomod string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/home/u/go/bin", "/usr/local/go/bin", "/usr/bin").
		Go("/usr/local/go", goVersion, "GOMOD=/work/go.mod", "GOPATH=/home/u/go").
		File("/work/go.mod", gomod)
}

func newFacts(t *testing.T, m facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), m, facts.Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func evidenceText(ev check.Evidence) string {
	var b strings.Builder
	for _, e := range ev {
		b.WriteString(e.Key + ": " + e.Value + "\n")
	}
	return b.String()
}

func TestCandidates(t *testing.T) {
	m := newMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n").
		Executable("/home/u/go/bin/dlv", "#!/bin/sh\n").
		Executable("/usr/bin/dlv", "#!/bin/sh\n")
	relevant, shadowed := Candidates(newFacts(t, m), "dlv")
	if len(relevant) != 1 || relevant[0].Path != "/home/u/go/bin/dlv" {
		t.Fatalf("relevant = %+v", relevant)
	}
	if len(shadowed) != 1 || shadowed[0].Path != "/usr/bin/dlv" {
		t.Fatalf("shadowed = %+v", shadowed)
	}
	if Shadowed(relevant[0]) || !Shadowed(shadowed[0]) {
		t.Errorf("Shadowed disagrees with Candidates")
	}
	d := relevant[0]
	if got, want := Where(d), "first on PATH, in GOPATH/bin"; got != want {
		t.Errorf("Where = %q, want %q", got, want)
	}
	if got, want := Found(d), "PATH (first on PATH: the one a shell runs); also GOPATH/bin"; got != want {
		t.Errorf("Found = %q, want %q", got, want)
	}
	if got, want := Name(d), "The dlv first on PATH, in GOPATH/bin (/home/u/go/bin/dlv)"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
	if ev := evidenceText(ShadowEvidence(shadowed)); ev != "/usr/bin/dlv: later on PATH, not run\n" {
		t.Errorf("ShadowEvidence = %q", ev)
	}
	ev := evidenceText(Evidence(d))
	if !strings.Contains(ev, "dlv: /home/u/go/bin/dlv\nfound: first on PATH, in GOPATH/bin\nbuild information: /home/u/go/bin/dlv: not a Go executable") {
		t.Errorf("Evidence:\n%s", ev)
	}
	// A script the user's PATH names may be asked; ErrKind says why its
	// build information is unreadable.
	if !Askable(d) || ErrKind(d.Err) != facts.BuildInfoNotExecutable {
		t.Errorf("Askable = %v, ErrKind = %q", Askable(d), ErrKind(d.Err))
	}
	d.NamedByProject = true
	if Askable(d) {
		t.Errorf("a file only the project names is askable")
	}
	if ErrKind(errors.New("boom")) != facts.BuildInfoUnreadable {
		t.Errorf("ErrKind of a plain error")
	}
}

func TestDirectiveWords(t *testing.T) {
	d := facts.ToolBinary{Name: "dlv", Found: facts.FoundToolDirective, Origin: "/work/go.mod", ToolDirectiveLine: 5,
		ToolPackage: DelvePackage, ToolModule: DelveModule, ToolVersion: "v1.23.0"}
	if got, want := Name(d), "The dlv tool directive in /work/go.mod:5 (github.com/go-delve/delve v1.23.0)"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
	if got, want := evidenceText(Evidence(d)), "go.mod tool directive: /work/go.mod:5: tool github.com/go-delve/delve/cmd/dlv\nrequired module: github.com/go-delve/delve v1.23.0\n"; got != want {
		t.Errorf("Evidence = %q, want %q", got, want)
	}
	d.ToolVersion = ""
	if got := Name(d); !strings.HasSuffix(got, "(github.com/go-delve/delve unknown)") {
		t.Errorf("Name without a version = %q", got)
	}
}

func TestModuleVersion(t *testing.T) {
	info := &debug.BuildInfo{
		Main: debug.Module{Path: "golang.org/x/tools", Version: "v0.30.0"},
		Deps: []*debug.Module{
			{Path: "golang.org/x/mod", Version: "v0.20.0"},
			{Path: "golang.org/x/sync", Version: "v0.10.0", Replace: &debug.Module{Path: "example.com/sync", Version: "v0.11.0"}},
			{Path: "golang.org/x/text", Version: "v0.20.0", Replace: &debug.Module{Path: "../text"}},
		},
	}
	for mod, want := range map[string]string{
		"golang.org/x/tools": "v0.30.0", "golang.org/x/mod": "v0.20.0", "golang.org/x/sync": "v0.11.0", "golang.org/x/text": "(devel)",
	} {
		if got, ok := ModuleVersion(info, mod); got != want || !ok {
			t.Errorf("ModuleVersion(%s) = %q, %v; want %q", mod, got, ok, want)
		}
	}
	if got, ok := ModuleVersion(info, "example.com/none"); got != "" || ok {
		t.Errorf("a module not in the binary: %q, %v", got, ok)
	}
	if _, ok := ModuleVersion(nil, "golang.org/x/tools"); ok {
		t.Errorf("no build information")
	}
}

// Run asks a tool in the project directory with GOTOOLCHAIN=local, and a
// failure carries the first lines of what the tool said.
func TestRun(t *testing.T) {
	m := newMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	var got facts.Command
	m.AddCommand("/opt/bin/tool", func(ctx context.Context, c facts.Command) facts.Result {
		got = c
		return factstest.Output("tool 1.2.3\n")
	})
	f := newFacts(t, m)
	out, err := Run(context.Background(), f, "/opt/bin/tool", "version")
	if out != "tool 1.2.3\n" || err != nil {
		t.Errorf("Run = %q, %v", out, err)
	}
	if got.Dir != f.Dir || got.Env[len(got.Env)-1] != "GOTOOLCHAIN=local" || strings.Join(got.Args, " ") != "version" {
		t.Errorf("ran %+v", got)
	}

	m.Command("/opt/bin/tool", factstest.Failure(2, "one\ntwo\nthree\nfour\n"))
	if _, err := Run(context.Background(), newFacts(t, m), "/opt/bin/tool", "version"); err == nil || !strings.HasSuffix(err.Error(), ": one two three") {
		t.Errorf("failed Run: %v", err)
	}
}

func TestSelectGo(t *testing.T) {
	m := newMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.27.0\n")
	f := newFacts(t, m)
	pt, err := gotoolchain.ProjectToolchain.Get(f)
	if err != nil {
		t.Fatal(err)
	}
	// GOTOOLCHAIN=auto ($GOROOT/go.env) and a newer go line: the go
	// command switches.
	sel, err := SelectGo(f, pt)
	if err != nil || sel.Version != "go1.27.0" || !sel.Switch || sel.Local != "go1.26.8" || sel.Setting != "auto" {
		t.Fatalf("SelectGo = %+v, %v", sel, err)
	}
	ev := evidenceText(sel.Evidence())
	for _, want := range []string{"go command version: go1.26.8\n", "project target Go (go.mod go line): 1.27.0\n", "GOTOOLCHAIN (/usr/local/go/go.env): auto\n", "Go that builds the project: go1.27.0\n"} {
		if !strings.Contains(ev, want) {
			t.Errorf("evidence lacks %q:\n%s", want, ev)
		}
	}
	// Without a selection the local go builds.
	if sel, err := SelectGo(f, nil); err != nil || sel.Version != "go1.26.8" || sel.Switch {
		t.Errorf("SelectGo(nil) = %+v, %v", sel, err)
	}
	m.Export("GOTOOLCHAIN=local")
	f = newFacts(t, m)
	pt, _ = gotoolchain.ProjectToolchain.Get(f)
	if sel, err := SelectGo(f, pt); err != nil || sel.Version != "go1.26.8" || sel.Switch || sel.Setting != "local" {
		t.Errorf("GOTOOLCHAIN=local: %+v, %v", sel, err)
	}
}
