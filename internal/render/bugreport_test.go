package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/bugreport"
)

func TestBugReportMarkdown(t *testing.T) {
	b := &bugreport.Bundle{
		Schema: bugreport.Schema,
		System: bugreport.System{GOOS: "darwin", GOARCH: "amd64", NativeArch: "arm64", Translated: true},
		GoBuild: []bugreport.Binary{
			{Name: "go", Path: "/usr/local/go/bin/go", GoVersion: "go1.26.8", Package: "cmd/go", Settings: []bugreport.KeyValue{{Key: "-trimpath", Value: "true"}, {Key: "CGO_ENABLED", Value: "0"}}},
			{Name: "compile", Path: "/x/compile", Error: "not a Go executable"},
		},
		EnvText:   "NAME   VALUE\nGOFLAGS  ```-x```\n",
		Variables: bugreport.Variables{Go: []bugreport.KeyValue{{Key: "PATH", Value: "~/go/bin:/usr/bin"}}, Omitted: 12},
		Netrc:     bugreport.Netrc{Path: "~/.netrc"},
		Tools:     []bugreport.Tool{{Name: "gopls", Path: "~/go/bin/gopls", Found: "PATH", Module: "golang.org/x/tools/gopls", Version: "v0.21.0", BuiltWith: "go1.26.8"}},
		Editor:    []bugreport.Editor{{Path: "~/settings.json", Scope: "user", Settings: []bugreport.KeyValue{{Key: "go.goroot", Value: `"~/sdk/go | x"`}}, Omitted: 3}},
		Doctor:    ciSample(),
	}
	var buf bytes.Buffer
	if err := BugReport(&buf, b); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"# godx bug report\n",
		"| native CPU | `arm64 (godx runs emulated)` |",
		"**go** `/usr/local/go/bin/go`\n\n```text\ncmd/go built with go1.26.8\n-trimpath=true\nCGO_ENABLED=0\n```\n",
		"**compile** `/x/compile`: not a Go executable\n",
		"````text\nNAME   VALUE\nGOFLAGS  ```-x```\n````\n",
		"(1 on the Go allowlist; the values of 12 others are left out)",
		"```sh\nPATH=~/go/bin:/usr/bin\n```",
		"netrc: none (`~/.netrc` does not exist).",
		"| gopls | `golang.org/x/tools/gopls v0.21.0` | `go1.26.8` | `PATH: ~/go/bin/gopls` |",
		"`~/settings.json` (user), 3 other settings left out:\n\n```jsonc\n\"go.goroot\": \"~/sdk/go | x\"\n```\n",
		"## godx doctor\n",
		"### ❌ go.mod syntax (`module/gomod`)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}
