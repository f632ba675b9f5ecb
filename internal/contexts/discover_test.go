package contexts

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/procenv"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		p    procenv.Process
		name string
		kind Kind
	}{
		{procenv.Process{Name: "code"}, "VS Code", KindEditor},
		{procenv.Process{Name: "Code.exe"}, "VS Code", KindEditor},
		{procenv.Process{Name: "code", Args: []string{"/usr/share/code/code", "--type=utility", "--utility-sub-type=node.mojom.NodeService"}}, "VS Code extension host", KindEditor},
		{procenv.Process{Name: "Code Helper (Plugin)"}, "VS Code extension host", KindEditor},
		{procenv.Process{Name: "java", Args: []string{"java", "-Didea.platform.prefix=GoLand"}}, "GoLand", KindEditor},
		{procenv.Process{Name: "java", Args: []string{"java", "-jar", "server.jar"}}, "", ""},
		{procenv.Process{Name: "electron", Args: []string{"electron", "/usr/lib/code/out/cli.js", "vscode"}}, "VS Code", KindEditor},
		{procenv.Process{Name: "electron", Args: []string{"electron", "slack"}}, "", ""},
		{procenv.Process{Name: "nvim"}, "Neovim", KindEditor},
		{procenv.Process{Name: "zed-editor"}, "Zed", KindEditor},
		{procenv.Process{Name: "cursor"}, "Cursor", KindEditor},
		{procenv.Process{Name: "gopls"}, "gopls", KindTool},
		{procenv.Process{Name: "dlv.exe"}, "dlv", KindTool},
		{procenv.Process{Name: "bash"}, "", ""},
	} {
		if n, k := Classify(tc.p); n != tc.name || k != tc.kind {
			t.Errorf("Classify(%+v) = %q, %q; want %q, %q", tc.p, n, k, tc.name, tc.kind)
		}
	}
}

// vscodeTree is VS Code (4000) with a renderer helper, its extension host
// (4010) running gopls (4121), a dlv started from a terminal, and a
// gopls of another editor godx may not read.
func vscodeTree() *factstest.Processes {
	return &factstest.Processes{
		List: []procenv.Process{
			{PID: 4000, PPID: 1, Name: "code"},
			{PID: 4001, PPID: 4000, Name: "code", Args: []string{"code", "--type=renderer"}},
			{PID: 4010, PPID: 4000, Name: "code", Args: []string{"code", "--type=utility", "--utility-sub-type=node.mojom.NodeService"}},
			{PID: 4121, PPID: 4010, Name: "gopls"},
			{PID: 5000, PPID: 4999, Name: "bash"},
			{PID: 5001, PPID: 5000, Name: "dlv"},
			{PID: 6000, PPID: 1, Name: "nvim"},
			{PID: 6001, PPID: 6000, Name: "gopls"},
		},
		Env: map[int][]string{
			4000: {"PATH=/usr/bin"}, 4010: {"PATH=/usr/bin"},
			4121: {"PATH=/usr/local/go/bin:/usr/bin", "GOFLAGS=-mod=mod", "API_TOKEN=s3cret"},
			5001: {"PATH=/sdk/go/bin"}, 6000: {"PATH=/usr/bin"},
		},
		Dir: map[int]string{4121: "/src/app"},
	}
}

func TestDiscover(t *testing.T) {
	cs, err := Discover(vscodeTree(), 5000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		s := c.Name + " " + c.Program + " owner=" + c.Owner + " dir=" + c.Dir
		if c.Err != nil {
			s += " err=" + c.Err.Error()
		}
		got = append(got, s)
	}
	want := []string{
		"code@4000 VS Code owner= dir=",
		"code@4010 VS Code extension host owner= dir=",
		"gopls@4121 gopls owner=VS Code extension host (pid 4010) dir=/src/app",
		"dlv@5001 dlv owner= dir=",
		"nvim@6000 Neovim owner= dir=",
		"gopls@6001 gopls owner=Neovim (pid 6000) dir= err=cannot read the environment of process 6001: permission denied (another user's process, or a protected one)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestVisibleHidesSecrets(t *testing.T) {
	shown, hidden, names := Visible([]string{"PATH=/bin", "API_TOKEN=s3cret", "GOPROXY=https://me:pw@proxy.corp,direct", "HOME=/home/me"}, false)
	if want := []Var{{"GOPROXY", "https://me:xxxxx@proxy.corp,direct"}, {"PATH", "/bin"}}; !reflect.DeepEqual(shown, want) || hidden != 2 || names != nil {
		t.Errorf("shown %v hidden %d names %v", shown, hidden, names)
	}
	_, _, names = Visible([]string{"API_TOKEN=s3cret", "HOME=/home/me"}, true)
	if !reflect.DeepEqual(names, []string{"API_TOKEN", "HOME"}) {
		t.Errorf("names %v", names)
	}
}

// TestDiffEditorOlderGo: the editor's gopls runs an older go than the
// shell, with GOFLAGS set; the diff says exactly that, and the fix.
func TestDiffEditorOlderGo(t *testing.T) {
	o := factstest.New()
	o.AddGo("/usr/local/go", "go1.22.5", nil)
	o.AddGo("/sdk/go1.26.8", "go1.26.8", nil)
	o.AddDir("/src/app")
	shell := Context{Name: "shell", Kind: KindShell, Env: []string{"PATH=/sdk/go1.26.8/bin:/usr/bin", "HOME=/home/me"}, Dir: "/work"}
	cs, _ := Discover(vscodeTree(), 0)
	var gopls Context
	for _, c := range cs {
		if c.Name == "gopls@4121" {
			gopls = c
		}
	}
	gopls.Env = append(gopls.Env, "HOME=/home/me")
	r := &Resolver{OS: o, Dir: "/work"}
	res := r.Resolve(context.Background(), []Context{shell, gopls})
	if res[1].Go != "/usr/local/go/bin/go" || res[1].GoVersion != "go1.22.5" || res[1].GOROOT != "/usr/local/go" {
		t.Fatalf("gopls resolved %+v", res[1])
	}
	ds := Diff(res[0], res[1], "linux")
	var got []string
	for _, d := range ds {
		got = append(got, d.Setting+": "+d.Consequence)
	}
	want := []string{
		"go: VS Code's gopls (pid 4121) runs /usr/local/go/bin/go (go1.22.5); your shell runs /sdk/go1.26.8/bin/go (go1.26.8): the editor checks your code against Go 1.22 — restart VS Code from a new terminal, or set go.goroot",
		"GOROOT: VS Code's gopls (pid 4121) has GOROOT=/usr/local/go (default); your shell has GOROOT=/sdk/go1.26.8 (default): the standard library and go tools come from another installation — restart VS Code from a new terminal, or set go.goroot",
		"GOFLAGS: VS Code's gopls (pid 4121) has GOFLAGS=-mod=mod (environment variable); your shell has GOFLAGS unset: every go command there adds other flags — restart VS Code from a new terminal, or set go.goroot",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := Diff(res[0], res[0], "linux"); len(d) != 0 {
		t.Errorf("a context differs from itself: %v", d)
	}
}

// Classify needs the command line of VS Code and its forks (the extension
// host), Electron and java; a process list reads it only for the programs
// procenv.ArgsTell names, so every one of them must be there.
func TestArgsTellCoversClassify(t *testing.T) {
	for name := range programs {
		if strings.Contains(name, "helper") {
			continue // macOS, where every command line is read
		}
		needs := name == "electron" || name == "dlv"
		if p := programs[name]; p.kind == KindEditor && (strings.HasPrefix(p.name, "VS Code") || p.name == "VSCodium" || p.name == "Cursor") {
			needs = true
		}
		if needs && !procenv.ArgsTell(name) {
			t.Errorf("procenv.ArgsTell(%q) = false: its command line would not be read", name)
		}
	}
	if !procenv.ArgsTell("java") || !procenv.ArgsTell("Code.exe") {
		t.Error("java or Code.exe not read")
	}
}
