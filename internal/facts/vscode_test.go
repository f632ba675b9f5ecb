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
)

const vscodeUserJSONC = `// VS Code user settings
{
    /* the Go extension */
    "go.goroot": "/opt/go1.21",
    "go.alternateTools": {
        "go": "~/sdk/go1.22.0/bin/go", // a comment
        "gopls": "${env:HOME}/bin/gopls",
    },
    "go.toolsGopath": "${workspaceFolder}/tools",
    "[go]": {
        "editor.formatOnSave": true,
    },
    "go.useLanguageServer": false,
}
`

func vscodeFacts(t *testing.T, o *factstest.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestVSCodeSettingsLinux(t *testing.T) {
	o := factstest.New()
	o.Env = []string{"HOME=/home/u"}
	o.Wd = "/home/u/src/proj/sub"
	o.AddDir("/home/u/src/proj/sub")
	o.AddDir("/home/u/src/proj/.git")
	o.AddFile("/home/u/src/proj/sub/go.mod", "module example.com/sub\n", 0)
	o.AddFile("/home/u/.config/Code/User/settings.json", vscodeUserJSONC, 0)
	o.AddFile("/home/u/.config/VSCodium/User/settings.json", "", 0)                  // empty: {}
	o.AddFile("/home/u/.config/Code - Insiders/User/settings.json", "// nothing", 0) // comments only: {}
	o.AddFile("/home/u/.vscode-server/data/Machine/settings.json", `{"go.gopath": "/srv/go",}`, 0)
	o.AddFile("/home/u/src/proj/proj.code-workspace", `{
	"folders": [{"path": "."}],
	"settings": {
		// workspace file settings
		"go.toolsEnvVars": {"GOFLAGS": "-mod=mod"},
	},
	"launch": {"configurations": [{"name": "x", "type": "go", "env": {"GOROOT": "/x"}}]},
}`, 0)
	o.AddFile("/home/u/src/proj/.vscode/settings.json", "{\n  \"go.goroot\": \"/ws/go\",\n  \"go.goroot\": \"/ws/go2\"\n}\n", 0)
	o.AddFile("/home/u/src/proj/sub/.vscode/settings.json", "{\n  \"go.testEnvVars\": {\n    \"GOWORK\": \"off\",\n  }\n  \"oops\": 1\n}\n", 0)
	o.AddFile("/home/u/src/proj/.vscode/launch.json", `{
  // debug
  "version": "0.2.0",
  "configurations": [
    {
      "name": "Launch",
      "type": "go",
      "env": {"GOFLAGS": "-tags=dev"},
    },
  ],
}`, 0)
	f := vscodeFacts(t, o)

	files := f.VSCodeSettings()
	var got []string
	for _, v := range files {
		got = append(got, v.Scope+" "+v.Path)
	}
	want := []string{
		"user /home/u/.config/Code/User/settings.json",
		"user /home/u/.config/Code - Insiders/User/settings.json",
		"user /home/u/.config/VSCodium/User/settings.json",
		"remote-server /home/u/.vscode-server/data/Machine/settings.json",
		"workspace-file /home/u/src/proj/proj.code-workspace",
		"workspace /home/u/src/proj/.vscode/settings.json",
		"workspace /home/u/src/proj/sub/.vscode/settings.json",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	user := files[0]
	if user.Err != nil {
		t.Fatal(user.Err)
	}
	if s, ok := user.String("go.goroot"); !ok || s != "/opt/go1.21" {
		t.Errorf("go.goroot = %q %v", s, ok)
	}
	alt := user.StringMap("go.alternateTools")
	if alt["go"] != "~/sdk/go1.22.0/bin/go" || alt["gopls"] != "${env:HOME}/bin/gopls" {
		t.Errorf("alternateTools = %v", alt)
	}
	if got := f.VSCodeResolvePath(alt["go"], user); got != "/home/u/sdk/go1.22.0/bin/go" {
		t.Errorf("resolve ~ = %q", got)
	}
	if got := f.VSCodeResolvePath(alt["gopls"], user); got != "/home/u/bin/gopls" {
		t.Errorf("resolve env = %q", got)
	}
	tg, _ := user.String("go.toolsGopath")
	if got := f.VSCodeResolvePath(tg, user); got != "/home/u/src/proj/sub/tools" {
		t.Errorf("resolve workspaceFolder (user scope = project dir) = %q", got)
	}
	if b, ok := user.Bool("go.useLanguageServer"); !ok || b {
		t.Errorf("useLanguageServer = %v %v", b, ok)
	}
	if user.Object("[go]") == nil {
		t.Error("[go] block missing")
	}
	if l := user.Line("go.goroot"); l != 4 {
		t.Errorf("line of go.goroot = %d, want 4", l)
	}
	if l := user.Line("go.alternateTools", "gopls"); l != 7 {
		t.Errorf("line of go.alternateTools.gopls = %d, want 7", l)
	}
	if w := user.Where("go.useLanguageServer"); w != "/home/u/.config/Code/User/settings.json:13" {
		t.Errorf("Where = %q", w)
	}
	for _, v := range files[1:3] {
		if v.Err != nil || len(v.Values) != 0 {
			t.Errorf("%s: %v %v", v.Path, v.Values, v.Err)
		}
	}
	ws := files[4]
	if env := ws.StringMap("go.toolsEnvVars"); env["GOFLAGS"] != "-mod=mod" {
		t.Errorf("workspace file settings = %v", ws.Values)
	}
	if l := ws.Line("go.toolsEnvVars"); l != 5 {
		t.Errorf("workspace file line = %d, want 5", l)
	}
	if ws.Folder != "/home/u/src/proj" {
		t.Errorf("folder = %q", ws.Folder)
	}
	// Duplicate keys: the last one wins, for the value and the line.
	dup := files[5]
	if s, _ := dup.String("go.goroot"); s != "/ws/go2" || dup.Line("go.goroot") != 3 {
		t.Errorf("duplicate key: %q line %d", s, dup.Line("go.goroot"))
	}
	// Malformed file: error with the line.
	bad := files[6]
	var je *facts.JSONCError
	if !errors.As(bad.Err, &je) || je.Line != 5 || je.Path != "/home/u/src/proj/sub/.vscode/settings.json" {
		t.Errorf("malformed: %#v", bad.Err)
	} else if !strings.Contains(bad.Err.Error(), "settings.json:5:") {
		t.Errorf("error text %q", bad.Err)
	}

	all := f.VSCodeSettingAll("go.goroot")
	if len(all) != 2 || all[0].File != user || all[1].File != dup {
		t.Errorf("VSCodeSettingAll = %v", all)
	}

	launch := f.VSCodeLaunch()
	if len(launch) != 2 || launch[0].Scope != facts.VSCodeWorkspaceFile || launch[1].Path != "/home/u/src/proj/.vscode/launch.json" {
		t.Fatalf("launch = %v", launch)
	}
	var cfgs []struct {
		Name string
		Env  map[string]string
	}
	if err := launch[1].Decode("configurations", &cfgs); err != nil || len(cfgs) != 1 || cfgs[0].Env["GOFLAGS"] != "-tags=dev" {
		t.Errorf("configurations = %v %v", cfgs, err)
	}
	if l := launch[1].Line("configurations", "0", "env"); l != 8 {
		t.Errorf("env line = %d, want 8", l)
	}
	if l := launch[0].Line("configurations", "0", "env", "GOROOT"); l != 7 {
		t.Errorf("workspace launch env line = %d, want 7", l)
	}
	if len(f.VSCodeTasks()) != 0 {
		t.Errorf("tasks = %v", f.VSCodeTasks())
	}
}

func TestVSCodeLocationsPerOS(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  []string
		wd   string
		want []string
	}{
		{"darwin", []string{"HOME=/Users/u"}, "/Users/u/p", []string{
			"/Users/u/Library/Application Support/Code/User/settings.json",
			"/Users/u/.vscode-server/data/Machine/settings.json",
			"/Users/u/p/.vscode/settings.json",
		}},
		{"windows", []string{`APPDATA=C:\Users\u\AppData\Roaming`, `USERPROFILE=C:\Users\u`}, `C:\Users\u\p`, []string{
			`C:\Users\u\AppData\Roaming\Code\User\settings.json`,
			`C:\Users\u\.vscode-server\data\Machine\settings.json`,
			`C:\Users\u\p\.vscode\settings.json`,
		}},
		{"linux", []string{"HOME=/home/u", "XDG_CONFIG_HOME=/cfg", "VSCODE_PORTABLE=/opt/vscode/data"}, "/home/u/p", []string{
			"/opt/vscode/data/user-data/User/settings.json",
			"/cfg/Code/User/settings.json",
			"/home/u/.var/app/com.visualstudio.code/config/Code/User/settings.json",
			"/home/u/.vscode-server/data/Machine/settings.json",
			"/home/u/p/.vscode/settings.json",
		}},
	} {
		o := factstest.New()
		o.OSName = tc.goos
		o.Env = tc.env
		o.Wd = tc.wd
		o.AddDir(tc.wd)
		f := vscodeFacts(t, o)
		var paths []string
		for _, l := range f.VSCodeLocations() {
			paths = append(paths, l.Path)
		}
		all := strings.Join(paths, "\n")
		for _, w := range tc.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q not among\n%s", tc.goos, w, all)
			}
		}
		if strings.Contains(all, "/Users/u/.vscode/settings.json") || strings.Contains(all, `C:\Users\u\.vscode\settings.json`) {
			t.Errorf("%s: looked above the project into the home directory:\n%s", tc.goos, all)
		}
	}
}

func TestParseJSONCNeverPanics(t *testing.T) {
	for _, in := range []string{"", "{", "}", "[1,2]", `"x"`, "{/* unterminated", "\xEF\xBB\xBF{\"a\":1}", "{\"a\": [}", "null", "{\"a\":1}{}", "{'a':1}"} {
		j := facts.ParseJSONC("x.json", []byte(in))
		_ = j.Line("/a")
		if in == "\xEF\xBB\xBF{\"a\":1}" && (j.Err != nil || string(j.Root["a"]) != "1") {
			t.Errorf("BOM: %v %v", j.Root, j.Err)
		}
	}
}

func TestVSCodeSettingsRealFiles(t *testing.T) {
	home := t.TempDir()
	proj := filepath.Join(home, "proj")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// The user's folders, as each OS names them.
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	t.Setenv("APPDATA", filepath.Join(home, "AppData", "Roaming"))
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("VSCODE_PORTABLE", "")
	t.Setenv("VSCODE_AGENT_FOLDER", "")
	cfg, err := os.UserConfigDir()
	must(err)
	must(os.MkdirAll(filepath.Join(cfg, "Code", "User"), 0o755))
	must(os.MkdirAll(filepath.Join(proj, ".vscode"), 0o755))
	must(os.WriteFile(filepath.Join(cfg, "Code", "User", "settings.json"), []byte(vscodeUserJSONC), 0o644))
	must(os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module m\n"), 0o644))
	must(os.WriteFile(filepath.Join(proj, ".vscode", "settings.json"), []byte("{\n  \"go.goroot\": ,\n}"), 0o644))
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: proj})
	if err != nil {
		t.Fatal(err)
	}
	files := f.VSCodeSettings()
	if len(files) != 2 {
		t.Fatalf("files = %v", files)
	}
	if s, _ := files[0].String("go.goroot"); s != "/opt/go1.21" {
		t.Errorf("user go.goroot = %q (%v)", s, files[0].Err)
	}
	if files[1].Err == nil || !strings.Contains(files[1].Err.Error(), "settings.json:2:") {
		t.Errorf("malformed workspace settings: %v", files[1].Err)
	}
}
