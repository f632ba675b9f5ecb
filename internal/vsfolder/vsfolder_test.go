package vsfolder

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

func read(t *testing.T, name string) *facts.JSONCFile {
	t.Helper()
	p := filepath.Join("testdata", name)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return facts.ParseJSONC(p, data)
}

func show(es []Entry) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s @%d: %s %s", e.Name, e.Line, e.Program, strings.Join(e.Args, " "))
		for _, v := range e.Env {
			fmt.Fprintf(&b, " [%s=%s @%d]", v.Name, v.Value, v.Line)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestRead(t *testing.T) {
	for _, tc := range []struct{ file, kind, want string }{
		{".vs/tasks.vs.json", Tasks, "go build @5: go build ./... [CGO_ENABLED=0 @13] [GOFLAGS=-mod=vendor @12]\n" +
			"debug server @16: dlv debug --headless --listen=:2345 ./cmd/server\n"},
		{".vs/launch.vs.json", Launch, `dlv exec server @5: C:\Users\u\go\bin\dlv.exe exec --headless --listen=0.0.0.0:4040 server.exe [GOROOT=C:\Go1.21 @10] [GODEBUG=gctrace=1 @10]` + "\n" +
			`native @12: ${workspaceRoot}\native.exe  [GOTOOLCHAIN=local @16]` + "\n"},
		{"CMakePresets.json", Presets, `windows-debug @4:   [GOARCH=386 @8] [PATH=C:\Go\bin;$penv{PATH} @9]` + "\n"},
	} {
		if got := show(Read(read(t, tc.file), tc.kind)); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.file, got, tc.want)
		}
	}
}

func TestReadBroken(t *testing.T) {
	doc := read(t, "broken.vs.json")
	if doc.Err == nil {
		t.Fatal("no parse error")
	}
	if es := Read(doc, Tasks); es != nil {
		t.Errorf("entries from a broken file: %v", es)
	}
	if Read(nil, Tasks) != nil || Read(read(t, ".vs/tasks.vs.json"), "other") != nil {
		t.Error("entries from nothing")
	}
}

func TestKind(t *testing.T) {
	for name, want := range map[string]string{"tasks.vs.json": Tasks, "Launch.vs.json": Launch, "CMakeUserPresets.json": Presets, "tasks.json": ""} {
		if Kind(name) != want {
			t.Errorf("Kind(%q) = %q", name, Kind(name))
		}
	}
}
