package msbuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The same project as UTF-8 with a BOM and as UTF-16LE (with encoding="utf-16"
// in its declaration) reads the same, lines included.
func TestParseVcxprojEncodings(t *testing.T) {
	for name, enc := range map[string]string{"app.vcxproj": "UTF-8 with BOM", "app16.vcxproj": "UTF-16LE"} {
		t.Run(name, func(t *testing.T) {
			p, err := Parse(read(t, name))
			if err != nil {
				t.Fatal(err)
			}
			if p.Encoding != enc {
				t.Errorf("encoding %q, want %q", p.Encoding, enc)
			}
			got := p.GoItems()
			if len(got) != 1 || got[0].Kind != "ClCompile" || got[0].Include != `cmd\server\main.go` || got[0].Line != 11 {
				t.Errorf("Go items = %+v", got)
			}
			if len(p.Execs) != 1 || p.Execs[0].Target != "GoBuild" || p.Execs[0].Line != 16 || !RunsGo(p.Execs[0].Command) {
				t.Errorf("execs = %+v", p.Execs)
			}
		})
	}
}

func TestParseCsproj(t *testing.T) {
	p, err := Parse(read(t, "tool.csproj"))
	if err != nil {
		t.Fatal(err)
	}
	got := p.GoItems()
	if len(got) != 1 || got[0].Include != `tools\gen.go` || got[0].Kind != "Compile" || got[0].Line != 6 {
		t.Errorf("Go items = %+v", got)
	}
	if len(p.Execs) != 3 {
		t.Fatalf("execs = %+v", p.Execs)
	}
	e := p.Execs[0]
	if e.ContinueOnError != "true" || e.Target != "GoTest" || e.Line != 9 {
		t.Errorf("exec 0 = %+v", e)
	}
	e = p.Execs[1]
	if e.IgnoreExitCode != "true" || e.TargetOutputs != "vet.txt" || !RunsGo(e.Command) || !strings.HasPrefix(e.Command, `"C:\Program Files\Go\bin\go.exe" vet`) {
		t.Errorf("exec 1 = %+v", e)
	}
}

func TestParseMalformed(t *testing.T) {
	for name, want := range map[string]string{
		"broken.vcxproj": "line 5: element <ClCompile> closed by </ItemGroup>",
		"cut.vcxproj":    "unexpected EOF",
	} {
		_, err := Parse(read(t, name))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", name, err, want)
		}
	}
	for _, data := range [][]byte{{0xFF, 0xFE, 'a'}, {}, []byte("not xml at all"), []byte("<?xml version='1.0' encoding='latin-9'?><Project/>")} {
		if _, err := Parse(data); err == nil && len(data) > 0 && string(data) != "not xml at all" {
			t.Errorf("%q: no error", data)
		}
	}
}

func TestRunsGo(t *testing.T) {
	for cmd, want := range map[string]bool{
		"go build ./...":                         true,
		"cd src && go test ./...":                true,
		`"C:\Go\bin\go.exe" vet`:                 true,
		"echo go build":                          false,
		"gofmt -l .":                             false,
		"cmake --build .\n  go generate ./...\n": true,
	} {
		if RunsGo(cmd) != want {
			t.Errorf("RunsGo(%q) = %v", cmd, !want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, n := range []string{"app.vcxproj", "app16.vcxproj", "tool.csproj", "broken.vcxproj"} {
		data, _ := os.ReadFile(filepath.Join("testdata", n))
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, _ := Parse(data)
		if p != nil {
			p.GoItems()
		}
	})
}
