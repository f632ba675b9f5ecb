package bugreport

import (
	"context"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/report"
)

func collectOn(t *testing.T, m *factstest.Machine) *Bundle {
	t.Helper()
	f, err := facts.New(context.Background(), m, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Collect(f)
}

func TestCollectAllowlistEditorNetrc(t *testing.T) {
	m := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod").
		Path("/usr/local/go/bin").
		Export("GOFLAGS=-mod=mod", "CGO_CFLAGS=-O2", "GOMAXPROCS=2", "SECRET=x", "EDITOR=vim").
		File("/home/u/.netrc", "machine a.example login l password p\ndefault login anonymous\n").
		File("/home/u/.config/Code/User/settings.json", `{"go.gopath": "/g", "[go]": {"editor.tabSize": 4}, "gopls": {"ui.semanticTokens": true}, "editor.fontSize": 14, "http.proxy": "x"}`)
	b := collectOn(t, m)
	var names []string
	for _, kv := range b.Variables.Go {
		names = append(names, kv.Key)
	}
	if got := strings.Join(names, " "); got != "CGO_CFLAGS GOFLAGS GOMAXPROCS HOME PATH" {
		t.Errorf("allowed variables: %s", got)
	}
	if b.Variables.Omitted != 2 {
		t.Errorf("omitted %d, want 2 (SECRET, EDITOR)", b.Variables.Omitted)
	}
	if b.Netrc != (Netrc{Path: "/home/u/.netrc", Exists: true, Machines: 2}) {
		t.Errorf("netrc: %+v", b.Netrc)
	}
	if len(b.Editor) != 1 || b.Editor[0].Omitted != 2 || len(b.Editor[0].Settings) != 3 || b.Editor[0].Settings[0] != (KeyValue{"[go]", `{"editor.tabSize":4}`}) {
		t.Errorf("editor: %+v", b.Editor)
	}
	if b.System.GOOS != "linux" || b.Schema != Schema {
		t.Errorf("system: %+v", b.System)
	}
	// The fake go command is not a Go executable: its build is an error,
	// not a guess.
	if len(b.GoBuild) != 2 || b.GoBuild[0].Name != "go" || b.GoBuild[0].Error == "" || b.GoBuild[1].Name != "compile" {
		t.Errorf("go build: %+v", b.GoBuild)
	}
}

func TestRedactDecodeRoundTrip(t *testing.T) {
	b := &Bundle{Schema: Schema, Doctor: &report.Report{DurationMS: 1500, Checks: []report.CheckResult{{ID: "go/goroot", DurationMS: 3, Summary: "/home/ann/go"}}},
		Variables: Variables{Go: []KeyValue{{"GOPROXY", "https://ann:pw@p.example"}}}}
	data, err := Redact(b, redact.NewIdentity([]string{"/home/ann"}, []string{"ann"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "ann") || strings.Contains(string(data), "pw@") {
		t.Errorf("not redacted: %s", data)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Doctor.Duration.Milliseconds() != 1500 || got.Doctor.Checks[0].Duration.Milliseconds() != 3 || got.Doctor.Checks[0].Summary != "~/go" {
		t.Errorf("decoded: %+v", got.Doctor)
	}
}
