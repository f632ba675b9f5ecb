package vscodego_test

import (
	"context"
	"slices"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/vscodego"
)

func newFacts(t *testing.T, o facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFindTool(t *testing.T) {
	o := factstest.New()
	o.Setenv("PATH", "/usr/bin")
	o.AddFile("/home/u/go/bin/go1.22.0", "#!/bin/sh\n", 0o755)
	o.AddFile("/second/bin/go1.22.0", "#!/bin/sh\n", 0o755)
	o.AddFile("/usr/local/go/bin/go", "#!/bin/sh\n", 0o755)
	o.AddFile("/usr/bin/go1.21.0", "#!/bin/sh\n", 0o755)
	o.AddFile("/usr/local/go/bin/notexec", "", 0o644)
	f := newFacts(t, o)
	wantDirs := []string{"/home/u/go/bin", "/second/bin", "/usr/local/go/bin"}
	for _, tc := range []struct{ name, want string }{
		{"go1.22.0", "/home/u/go/bin/go1.22.0"}, // the first GOPATH entry wins
		{"go", "/usr/local/go/bin/go"},          // then GOROOT/bin
		{"go1.21.0", "/usr/bin/go1.21.0"},       // then PATH
		{"notexec", ""},
		{"go1.99.0", ""},
	} {
		bin, dirs := vscodego.FindTool(f, tc.name, "/home/u/go::/second", "/usr/local/go")
		if bin != tc.want || !slices.Equal(dirs, wantDirs) {
			t.Errorf("FindTool(%q) = %q, %q; want %q, %q", tc.name, bin, dirs, tc.want, wantDirs)
		}
	}
	if _, dirs := vscodego.FindTool(f, "go", "", ""); dirs != nil {
		t.Errorf("no GOPATH or GOROOT: dirs %q", dirs)
	}
}

func TestLaunchEnvs(t *testing.T) {
	o := factstest.New()
	o.Wd = "/work"
	o.AddDir("/work/.git")
	o.AddFile("/work/.vscode/launch.json", `{
	// comments and trailing commas, as VS Code writes them
	"configurations": [
		{"name": "Node", "type": "node", "env": {"GOFLAGS": "-mod=mod"}},
		{"name": "Server", "type": "go", "request": "launch", "env": {"GOFLAGS": "-tags=dev", "CGO_ENABLED": 0, "GOWORK": ""},},
		"not an object",
		{"name": "No env", "type": "go"},
	],
}`, 0)
	f := newFacts(t, o)
	files := f.VSCodeLaunch()
	if len(files) != 1 {
		t.Fatalf("launch files: %+v", files)
	}
	got := vscodego.LaunchEnvs(files[0])
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	if c := got[0]; c.Index != 1 || c.Name != "Server" || len(c.Env) != 2 || c.Env["GOFLAGS"] != "-tags=dev" || c.Env["GOWORK"] != "" {
		t.Errorf("Server: %+v", c)
	}
	if c := got[1]; c.Index != 3 || c.Name != "No env" || len(c.Env) != 0 {
		t.Errorf("No env: %+v", c)
	}

	o.AddFile("/work/.vscode/launch.json", `{"configurations": {"name": "not a list"}}`, 0)
	if got := vscodego.LaunchEnvs(newFacts(t, o).VSCodeLaunch()[0]); got != nil {
		t.Errorf("configurations not an array: %+v", got)
	}
}

// ParseEnvFile follows the extension's parseEnvFile line by line.
func TestParseEnvFile(t *testing.T) {
	data := "\uFEFF# comment\nA=1\r\nexport B = 'two words'\nC=\"x\\ny\"\nD=${A}-${HOME}-${NOPE}\nE=${A:-x}\nF=\\${A}\nnot a line\nA=3\nG= trailing  \n"
	got := vscodego.ParseEnvFile([]byte(data), func(name string) string {
		if name == "HOME" {
			return "/home/u"
		}
		return ""
	})
	want := []vscodego.EnvFileVar{
		{"A", "3", 9}, {"B", "two words", 3}, {"C", "x\ny", 4}, {"D", "1-/home/u-", 5},
		{"E", "${A:-x}", 6}, {"F", "${A}", 7}, {"G", "trailing  ", 10},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("var %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
