package editor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func vsFixture(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", dir, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func vsMachine(t *testing.T) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8").
		Dir("/work/.git").
		File("/work/go.mod", "module example.com/m\n")
}

func TestVisualStudioNoFiles(t *testing.T) {
	r := checktest.Run(t, VisualStudio, vsMachine(t), facts.Options{})
	checktest.Skipped(t, r, "no Visual Studio project or Open Folder file in /work")
}

// The same .vcxproj as UTF-8 with BOM and as UTF-16LE: the .go ClCompile
// item is an error at its line; the Exec running go is fine.
func TestVisualStudioVcxproj(t *testing.T) {
	for _, name := range []string{"app.vcxproj", "app16.vcxproj"} {
		t.Run(name, func(t *testing.T) {
			m := vsMachine(t).File("/work/native/"+name, vsFixture(t, "msbuild", name))
			r := checktest.Run(t, VisualStudio, m, facts.Options{})
			fd := checktest.Only(t, r, check.Error, "/work/native/"+name+`:11 hands the Go file cmd\server\main.go to the C/C++ compiler (cl.exe) as a ClCompile item`,
				"change <ClCompile to <None", "go build ./...")
			if fd.Position == nil || fd.Position.Line != 11 || fd.Position.File != "/work/native/"+name {
				t.Errorf("position = %+v", fd.Position)
			}
		})
	}
}

func TestVisualStudioCsproj(t *testing.T) {
	m := vsMachine(t).File("/work/tool.csproj", vsFixture(t, "msbuild", "tool.csproj"))
	r := checktest.Run(t, VisualStudio, m, facts.Options{})
	var got []string
	for _, fd := range r.Findings {
		got = append(got, fd.Severity.String()+" "+fd.Summary)
	}
	want := []string{
		`error /work/tool.csproj:6 hands the Go file tools\gen.go to the project's .NET compiler (C#, VB or F#) as a Compile item.`,
		`warning /work/tool.csproj:9 runs the go command with ContinueOnError="true": a failing go build or go test leaves the build green.`,
		`warning /work/tool.csproj:9 writes the coverage profile cover.out, which its Target's Outputs do not declare.`,
		`warning /work/tool.csproj:12 runs the go command with IgnoreExitCode="true": a failing go build or go test leaves the build green.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestVisualStudioMalformed(t *testing.T) {
	m := vsMachine(t).
		File("/work/broken.vcxproj", vsFixture(t, "msbuild", "broken.vcxproj")).
		File("/work/.vs/launch.vs.json", `{ "configurations": [ { "name": "x", `)
	r := checktest.Run(t, VisualStudio, m, facts.Options{})
	if len(r.Findings) != 2 {
		t.Fatalf("want 2 findings:\n%v", r)
	}
	x := r.Findings[0]
	if x.Severity != check.Warning || !strings.Contains(x.Summary, "/work/broken.vcxproj is not well-formed XML") ||
		!strings.Contains(x.Detail, "/work/broken.vcxproj:5: element <ClCompile> closed by </ItemGroup>") || x.Position.Line != 5 {
		t.Errorf("xml finding: %+v", x)
	}
	j := r.Findings[1]
	if j.Severity != check.Warning || !strings.Contains(j.Summary, "/work/.vs/launch.vs.json does not parse") || j.Position == nil {
		t.Errorf("json finding: %+v", j)
	}
}

// Go settings in tasks, debug targets and presets that differ from the
// terminal are notes at their line; ones equal to the terminal's, and
// variables that are not Go settings, are not.
func TestVisualStudioOpenFolderEnv(t *testing.T) {
	m := vsMachine(t).
		Export("CGO_ENABLED=0").
		File("/work/.vs/tasks.vs.json", vsFixture(t, "vsfolder", ".vs/tasks.vs.json")).
		File("/work/.vs/launch.vs.json", vsFixture(t, "vsfolder", ".vs/launch.vs.json")).
		File("/work/CMakePresets.json", vsFixture(t, "vsfolder", "CMakePresets.json"))
	r := checktest.Run(t, VisualStudio, m, facts.Options{})
	var got []string
	for _, fd := range r.Findings {
		got = append(got, fd.Severity.String()+" "+fd.Summary)
		if fd.Position == nil || fd.Position.Line == 0 {
			t.Errorf("no line: %+v", fd)
		}
	}
	want := []string{
		`info The Visual Studio task "go build" sets GOFLAGS=-mod=vendor (unset in the terminal): it builds or runs Go differently from the terminal.`,
		`info The Visual Studio debug target "dlv exec server" sets GOROOT=C:\Go1.21 (unset in the terminal): it builds or runs Go differently from the terminal.`,
		`info The Visual Studio debug target "dlv exec server" sets GODEBUG=gctrace=1 (unset in the terminal): it builds or runs Go differently from the terminal.`,
		`info The Visual Studio debug target "native" sets GOTOOLCHAIN=local (unset in the terminal): it builds or runs Go differently from the terminal.`,
		`info The CMake preset "windows-debug" sets GOARCH=386 (unset in the terminal): it builds or runs Go differently from the terminal.`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
