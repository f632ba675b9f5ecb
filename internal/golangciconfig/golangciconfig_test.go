package golangciconfig

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestParsers(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		ver, runGo string
		has        bool
	}{
		{"yml", "version: \"2\"\nrun:\n  go: \"1.23\"\n", "2", "1.23", true},
		{"yml", "version: 2 # v2\nrun:\n    tests: false\n    go: 1.20\n", "2", "1.2", true},
		{"yml", "---\n'version': '2'\nrun: {timeout: 5m, go: '1.24'}\n", "2", "1.24", true},
		{"yml", "linters:\n  version: 3\nrun:\n  nested:\n    go: '1.9'\n  go: '1.22'\n", "", "1.22", false},
		{"yml", "issues:\r\n  max: 1\r\nrun:\r\n\r\n  # comment\r\n  go: \"1.21\"\r\n", "", "1.21", false},
		// What a line-by-line reader got wrong: anchors and aliases, a
		// multi-line flow mapping.
		{"yml", "defaults: &d\n  go: '1.23'\nrun: *d\nversion: \"2\"\n", "2", "1.23", true},
		{"yml", "run: {\n  timeout: 5m,\n  go: \"1.22\"\n}\n", "", "1.22", false},
		{"yml", "v: &v \"2\"\nversion: *v\n", "2", "", true},
		{"toml", "version = '2'\n\n[run]\ntimeout = \"5m\"\ngo = \"1.24\" # pin\n[linters]\ngo = \"x\"\n", "2", "1.24", true},
		{"toml", "run.go = \"1.22\"\n", "", "1.22", false},
		{"toml", "run = { go = \"1.23\" }\n", "", "1.23", false},
		{"json", `{"version": "2", "run": {"go": "1.25"}}`, "2", "1.25", true},
		{"json", `{"version": 1}`, "1", "", true},
	} {
		var ver, runGo string
		var has bool
		switch tc.name {
		case "yml":
			var err error
			ver, has, runGo, err = parseYAML([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
		case "toml":
			ver, has, runGo = parseTOML([]byte(tc.data))
		case "json":
			var err error
			ver, has, runGo, err = parseJSON([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
		}
		if ver != tc.ver || has != tc.has || runGo != tc.runGo {
			t.Errorf("%s %q: got version %q (%v) run.go %q, want %q (%v) %q", tc.name, tc.data, ver, has, runGo, tc.ver, tc.has, tc.runGo)
		}
	}
}

// A file golangci-lint could not load either is an error, not a guess.
func TestParseYAMLError(t *testing.T) {
	if _, _, _, err := parseYAML([]byte("run: [\n  go: 1.22\n")); err == nil {
		t.Error("malformed YAML: no error")
	}
}

func TestGoVersions(t *testing.T) {
	for v, want := range map[string]string{"1.27.0": "1.27", "1.22": "1.22", "1.24rc1": "1.24", "": ""} {
		if got := TrimGoVersion(v); got != want {
			t.Errorf("TrimGoVersion(%q) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[string]string{"go1.24rc1": "1.24", "go1.26.8 X:nodwarf5": "1.26.8", "1.22.0": "1.22.0"} {
		if got := ParseGoVersion(v); got != want {
			t.Errorf("ParseGoVersion(%q) = %q, want %q", v, got, want)
		}
	}
}

func newFacts(t *testing.T, m *factstest.Machine) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), m, facts.Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Find looks in the project directory, then each parent, then HOME; in
// each directory .json before .toml, .yaml and .yml.
func TestFind(t *testing.T) {
	m := factstest.NewMachine(t).Linux().Workdir("/work/sub").Dir("/work/sub")
	if cfg := Find(newFacts(t, m)); cfg != nil {
		t.Errorf("no configuration: got %+v", cfg)
	}

	m.File("/home/u/.golangci.yml", "version: \"2\"\n")
	if cfg := Find(newFacts(t, m)); cfg == nil || cfg.Path != "/home/u/.golangci.yml" || cfg.Version != "2" {
		t.Errorf("home configuration: got %+v", cfg)
	}

	m.File("/work/.golangci.yml", "run:\n  go: '1.22'\n").File("/work/.golangci.toml", "version = \"2\"\n")
	cfg := Find(newFacts(t, m))
	if cfg == nil || cfg.Path != "/work/.golangci.toml" || !cfg.HasVersion || cfg.RunGo != "" {
		t.Errorf("parent configuration, toml first: got %+v", cfg)
	}

	m.File("/work/sub/.golangci.json", `{"version": "2",`)
	if cfg := Find(newFacts(t, m)); cfg == nil || cfg.Path != "/work/sub/.golangci.json" || cfg.Err == nil {
		t.Errorf("malformed JSON: got %+v", cfg)
	}
}

func TestTarget(t *testing.T) {
	m := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod").
		File("/work/go.mod", "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.27.0\n")
	check := func(cfg *Config, wantV, wantFrom string) {
		t.Helper()
		f := newFacts(t, m)
		ge, err := f.GoEnv()
		if err != nil {
			t.Fatal(err)
		}
		if v, from := Target(f, ge, cfg); v != wantV || from != wantFrom {
			t.Errorf("Target = %q, %q; want %q, %q", v, from, wantV, wantFrom)
		}
	}
	check(nil, "1.27.0", "the toolchain line of /work/go.mod")
	check(&Config{Path: "/work/.golangci.yml", RunGo: "1.21"}, "1.21", "run.go in /work/.golangci.yml")
	m.File("/work/go.mod", "module example.com/m\n\ngo 1.22.0\n")
	check(nil, "1.22.0", "the go line of /work/go.mod")
	m.Go("/usr/local/go", "go1.26.8") // outside a module
	check(nil, "1.26.8", "the go command's GOVERSION")
}
