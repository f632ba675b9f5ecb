package facts_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
)

func TestToolbintestVersions(t *testing.T) {
	gopls := toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0")
	o := factstest.New()
	o.AddFile("/bin/gopls", string(gopls), 0o755)
	f := newFacts(t, o, facts.Options{})
	bi, err := f.ReadBuildInfo("/bin/gopls")
	if err != nil {
		t.Fatal(err)
	}
	if bi.Main.Path != "golang.org/x/tools/gopls" || bi.Main.Version != "v0.20.0" || bi.GoVersion != "go1.21.0" || bi.Path != "golang.org/x/tools/gopls" {
		t.Errorf("buildinfo = %s %s %s %s", bi.Path, bi.Main.Path, bi.Main.Version, bi.GoVersion)
	}
	if facts.BuildSetting(bi, "GOOS") == "" {
		t.Errorf("no GOOS setting:\n%s", bi)
	}

	devel := toolbintest.Bytes(t, "github.com/go-delve/delve", "", "", toolbintest.Package("cmd/dlv"), toolbintest.NoSettings())
	o.AddFile("/bin/dlv", string(devel), 0o755)
	bi, err = f.ReadBuildInfo("/bin/dlv")
	if err != nil {
		t.Fatal(err)
	}
	if bi.Path != "github.com/go-delve/delve/cmd/dlv" || bi.Main.Version != "(devel)" || bi.GoVersion != toolbintest.LocalGoVersion(t) || len(bi.Settings) != 0 {
		t.Errorf("buildinfo = %s %s %s %v", bi.Path, bi.Main.Version, bi.GoVersion, bi.Settings)
	}
}

func TestReadBuildInfoErrors(t *testing.T) {
	o := factstest.New()
	o.AddFile("/bin/script", "#!/bin/sh\necho hi\n", 0o755)
	o.AddFile("/bin/secret", "x", 0o300)
	o.AddFile("/bin/notgo", string(toolbintest.Bytes(t, "example.com/notgo", "", "", toolbintest.NotGo())), 0o755)
	f := newFacts(t, o, facts.Options{})
	for path, want := range map[string]facts.BuildInfoKind{
		"/bin/script":  facts.BuildInfoNotExecutable,
		"/bin/secret":  facts.BuildInfoPermission,
		"/bin/missing": facts.BuildInfoMissing,
		"/bin/notgo":   facts.BuildInfoNotGo,
	} {
		_, err := f.ReadBuildInfo(path)
		var be *facts.BuildInfoError
		if !errors.As(err, &be) || be.Kind != want {
			t.Errorf("%s: err = %v, want kind %q", path, err, want)
			continue
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %q does not name the file", path, err)
		}
	}
}

func TestFindToolOrderAndDedup(t *testing.T) {
	gopls := string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", ""))
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOBIN": "/home/u/bin", "GOMOD": "/work/go.mod"})
	o.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.24\n\ntool golang.org/x/tools/gopls\n\nrequire golang.org/x/tools/gopls v0.19.1\n", 0)
	o.AddFile("/usr/bin/gopls", gopls, 0o755)
	o.AddFile("/home/u/bin/gopls", gopls, 0o755)
	o.AddFile("/home/u/go/bin/gopls", gopls, 0o755) // GOBIN is set: GOPATH/bin is not where go install writes
	o.Setenv("PATH", "/usr/local/go/bin:/home/u/bin:/usr/bin:/home/u/bin")
	f := newFacts(t, o, facts.Options{})
	got := f.FindTool("gopls")
	var desc []string
	for _, tb := range got {
		desc = append(desc, tb.Found+" "+tb.Path+" "+strings.Join(tb.AlsoFound, ",")+" "+tb.ModuleVersion())
	}
	want := []string{
		"PATH /home/u/bin/gopls GOBIN v0.20.0",
		"PATH /usr/bin/gopls  v0.20.0",
		"go.mod tool directive   v0.19.1",
	}
	if strings.Join(desc, "\n") != strings.Join(want, "\n") {
		t.Errorf("FindTool:\n%s\nwant:\n%s", strings.Join(desc, "\n"), strings.Join(want, "\n"))
	}
	if !got[0].Runs || got[1].Runs {
		t.Errorf("Runs: %v %v", got[0].Runs, got[1].Runs)
	}
	if d := got[2]; d.ToolModule != "golang.org/x/tools/gopls" || d.ToolPackage != "golang.org/x/tools/gopls" || d.Origin != "/work/go.mod" || d.ToolDirectiveLine != 5 {
		t.Errorf("directive = %+v", d)
	}
	if got[0].BuiltWith() == "" || got[0].GOOS() == "" || got[0].GOARCH() == "" {
		t.Errorf("helpers: %q %q %q", got[0].BuiltWith(), got[0].GOOS(), got[0].GOARCH())
	}
}

func TestFindToolWindowsGopath(t *testing.T) {
	o := factstest.New()
	o.OSName = "windows"
	o.Wd = "C:/work"
	o.AddDir("C:/work")
	o.Setenv("USERPROFILE", `C:\Users\u`)
	o.AddGo("C:/Go", "go1.26.8", map[string]string{"GOPATH": `C:\gp1;C:\gp2`})
	o.AddFile("C:/gp2/bin/staticcheck.exe", "MZ not really", 0o755)
	o.Setenv("PATH", `C:\Go\bin`)
	f := newFacts(t, o, facts.Options{})
	got := f.FindTool("staticcheck")
	if len(got) != 1 || got[0].Found != facts.FoundGOPATHBin || !strings.HasSuffix(got[0].Path, "staticcheck.exe") || got[0].Err == nil {
		t.Fatalf("FindTool = %+v", got)
	}
}

func TestToolCommandName(t *testing.T) {
	for in, want := range map[string]string{
		"golang.org/x/tools/gopls":                               "gopls",
		"github.com/golangci/golangci-lint/v2/cmd/golangci-lint": "golangci-lint",
		"example.com/foo/v2":                                     "foo",
		"example.com/foo/v1":                                     "v1",
		"stringer":                                               "stringer",
	} {
		if got := facts.ToolCommandName(in); got != want {
			t.Errorf("ToolCommandName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The real file system: a big file is read through Open, not ReadFile.
func TestReadBuildInfoSystem(t *testing.T) {
	dir := t.TempDir()
	p := toolbintest.Build(t, "honnef.co/go/tools", "v0.6.1", "go1.21.0", toolbintest.Package("cmd/staticcheck"), toolbintest.Into(dir))
	if filepath.Base(p) != "staticcheck" {
		t.Errorf("name = %s", p)
	}
	t.Setenv("PATH", dir)
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := f.FindTool("staticcheck")
	if len(got) == 0 || got[0].Err != nil || got[0].ModuleVersion() != "v0.6.1" || got[0].BuiltWith() != "go1.21.0" || got[0].PackagePath() != "honnef.co/go/tools/cmd/staticcheck" {
		t.Fatalf("FindTool = %+v", got)
	}
	if err := os.Chmod(p, 0); err == nil && os.Geteuid() != 0 {
		f, _ := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir})
		if _, err := f.ReadBuildInfo(p); err == nil {
			t.Error("unreadable file read")
		}
	}
}

func TestToolbintestCrossCompiled(t *testing.T) {
	arm := toolbintest.Bytes(t, "github.com/go-delve/delve", "v1.26.0", "", toolbintest.Package("cmd/dlv"), toolbintest.Target("linux", "arm64"))
	win := toolbintest.Build(t, "github.com/go-delve/delve", "", "", toolbintest.Package("cmd/dlv"), toolbintest.Target("windows", "amd64"))
	if filepath.Base(win) != "dlv.exe" {
		t.Errorf("windows name = %s", win)
	}
	o := factstest.New()
	o.AddFile("/bin/dlv", string(arm), 0o755)
	f := newFacts(t, o, facts.Options{})
	bi, err := f.ReadBuildInfo("/bin/dlv")
	if err != nil {
		t.Fatal(err)
	}
	if facts.BuildSetting(bi, "GOARCH") != "arm64" || bi.Main.Version != "v1.26.0" {
		t.Errorf("buildinfo:\n%s", bi)
	}
	winData, err := os.ReadFile(win)
	if err != nil {
		t.Fatal(err)
	}
	o.AddFile("/bin/dlv.exe", string(winData), 0o755)
	if bi, err := f.ReadBuildInfo("/bin/dlv.exe"); err != nil || facts.BuildSetting(bi, "GOOS") != "windows" {
		t.Errorf("windows buildinfo: %v %v", bi, err)
	}
}

func TestFindToolVSCode(t *testing.T) {
	gopls := string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", ""))
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddDir("/work/.git")
	o.AddFile("/work/.vscode/settings.json", `{
	// comments and trailing commas
	"go.alternateTools": {
		"gopls": "${workspaceFolder}/bin/gopls",
		"dlv": "dlv-custom",
	},
	"go.toolsGopath": "~/tools",
}`, 0)
	o.AddFile("/home/u/tools/bin/gopls", gopls, 0o755)
	o.Setenv("PATH", "/usr/local/go/bin")
	f := newFacts(t, o, facts.Options{})
	got := f.FindTool("gopls")
	if len(got) != 2 {
		t.Fatalf("FindTool = %+v", got)
	}
	if got[0].Path != "/work/bin/gopls" || got[0].Found != "VS Code go.alternateTools (/work/.vscode/settings.json:4)" || !facts.IsNotExist(got[0].Err) {
		t.Errorf("alternateTools: %+v", got[0])
	}
	if got[1].Path != "/home/u/tools/bin/gopls" || !strings.HasPrefix(got[1].Found, "VS Code go.toolsGopath (/work/.vscode/settings.json:") || got[1].Err != nil {
		t.Errorf("toolsGopath: %+v", got[1])
	}
	dlv := f.FindTool("dlv")
	if len(dlv) != 1 || dlv[0].Path != "dlv-custom" || dlv[0].Err == nil {
		t.Errorf("dlv: %+v", dlv)
	}
}
