package editor

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const vscodeUserFile = "/home/u/.config/Code/User/settings.json"

// vscodeNew is a fake Linux machine with go1.26.8 on PATH and a
// module in /work; goenv overrides what go env prints.
func vscodeNew(t *testing.T, goenv ...string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin", "/usr/bin").
		Go("/usr/local/go", "go1.26.8", goenv...).
		File("/work/go.mod", "module example.com/m\n\ngo 1.26\n")
}

func TestVSCode_NoVSCodeIsSkipped(t *testing.T) {
	checktest.Skipped(t, checktest.Run(t, VSCode, vscodeNew(t), facts.Options{}))
}

func TestVSCode_CleanSettings(t *testing.T) {
	o := vscodeNew(t)
	o.File(vscodeUserFile, `// user settings
{
	"editor.fontSize": 14,
	/* the Go extension */
	"go.toolsManagement.autoUpdate": true,
	"go.goroot": "/usr/local/go/",
	"go.alternateTools": {"go": "/usr/local/go/bin/go", "gopls": "~/bin/gopls",},
	"go.toolsEnvVars": {
		"GO111MODULE": "on", // same as unset
		"GOWORK": "off",     // no go.work in use
		"CGO_ENABLED": "0",  // not compared
	},
	"go.useLanguageServer": true,
	"[go]": {"editor.formatOnSave": true,},
}
`)
	o.File("/work/.vscode/launch.json", `{
	"version": "0.2.0",
	"configurations": [
		{"name": "Launch", "type": "go", "request": "launch", "program": "${workspaceFolder}", "env": {"GOTOOLCHAIN": "auto",},},
		{"name": "Node", "type": "node", "env": {"GOFLAGS": "-x"}},
	],
}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Clean(t, r, "2 VS Code settings file(s); no Go setting differs from the shell")
}

func TestVSCode_GorootMissing(t *testing.T) {
	o := vscodeNew(t)
	o.File(vscodeUserFile, "{\n  // old install\n  \"go.goroot\": \"/usr/local/go1.19\",\n}\n")
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.goroot in "+vscodeUserFile+":3 is /usr/local/go1.19, which does not exist", "Failed to find the \"go\" binary")
}

func TestVSCode_GorootOtherVersion(t *testing.T) {
	o := vscodeNew(t)
	o.Go("/opt/go1.21", "go1.21.13") // not on PATH
	o.File(vscodeUserFile, `{"go.goroot": "/opt/go1.21"}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "selects /opt/go1.21 (go1.21.13), but the go on PATH is /usr/local/go/bin/go (go1.26.8)",
		vscodeUserFile+":1", "go1.21.13")
	if !strings.Contains(fd.Fix.Description, `Delete "go.goroot"`) {
		t.Errorf("fix = %q", fd.Fix.Description)
	}
}

func TestVSCode_GorootNotGo(t *testing.T) {
	o := vscodeNew(t)
	o.Dir("/home/u/go")
	o.File(vscodeUserFile, `{"go.goroot": "~/go"}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.goroot in "+vscodeUserFile+":1 is /home/u/go, which is not a Go installation")
}

func TestVSCode_AlternateGoMissing(t *testing.T) {
	o := vscodeNew(t)
	o.File(vscodeUserFile, `{"go.alternateTools": {"go": "/opt/go/bin/go"}}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.alternateTools.go in "+vscodeUserFile+":1 is /opt/go/bin/go, which does not exist")

	o = vscodeNew(t)
	o.File(vscodeUserFile, `{"go.alternateTools": {"go": "go1.22.0"}}`)
	r = checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, `names "go1.22.0", which is not found`, "/home/u/go/bin", "go install golang.org/dl/go1.22.0@latest")
}

func TestVSCode_AlternateGoWrapperOtherVersion(t *testing.T) {
	o := vscodeNew(t)
	// A golang.org/dl wrapper in GOPATH/bin: no VERSION file next to it,
	// so its version comes from running it (user settings only).
	o.Command("/home/u/go/bin/go1.22.0", factstest.Output("go version go1.22.0 linux/amd64\n"))
	o.File(vscodeUserFile, "{\n\t\"go.alternateTools\": {\n\t\t\"go\": \"go1.22.0\",\n\t},\n}")
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.alternateTools.go in "+vscodeUserFile+":3 runs /home/u/go/bin/go1.22.0 (go1.22.0), but the go on PATH is /usr/local/go/bin/go (go1.26.8)")
}

func TestVSCode_WorkspaceAlternateGoIsNeverRun(t *testing.T) {
	o := vscodeNew(t)
	var ran atomic.Bool
	o.AddCommand("/work/tools/go", func(ctx context.Context, c facts.Command) facts.Result {
		ran.Store(true)
		return factstest.Output("go version go1.20.0 linux/amd64\n")
	})
	o.File("/work/.vscode/settings.json", `{"go.alternateTools": {"go": "${workspaceFolder}/tools/go"}}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	if ran.Load() {
		t.Fatal("a go named by workspace settings was run")
	}
	checktest.Clean(t, r) // an unknown version is not a finding
	// With a VERSION file next to it, the version is known without running it.
	o.File("/VERSION", "go1.20.0\n") // /work/tools/go -> ../.. = /work
	o.File("/work/VERSION", "go1.20.0\n")
	r = checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "/work/.vscode/settings.json:1 runs /work/tools/go (go1.20.0)")
	if ran.Load() {
		t.Fatal("a go named by workspace settings was run")
	}
}

func TestVSCode_ToolsEnvVarsGOFLAGS(t *testing.T) {
	o := vscodeNew(t)
	o.File("/work/.vscode/settings.json", `{
	// vendor builds in the editor only
	"go.toolsEnvVars": {
		"GOFLAGS": "-mod=vendor",
	},
}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.toolsEnvVars in /work/.vscode/settings.json:4 sets GOFLAGS=-mod=vendor, but the shell's GOFLAGS is \"\" (default)", "gopls", "go env -w GOFLAGS")
}

func TestVSCode_ToolsEnvVarsSameAsEnvFile(t *testing.T) {
	o := vscodeNew(t, "GOFLAGS=-mod=mod")
	o.File("/home/u/.config/go/env", "GOFLAGS=-mod=mod\n")
	o.File(vscodeUserFile, `{"go.toolsEnvVars": {"GOFLAGS": "  -mod=mod "}, "go.testEnvVars": {"GOFLAGS": ""}}`)
	// The same value, or an empty one, over a go env -w setting.
	checktest.Clean(t, checktest.Run(t, VSCode, o, facts.Options{}))
}

func TestVSCode_TestEnvVarsClearsShellGOROOT(t *testing.T) {
	o := vscodeNew(t, "GOROOT=/usr/local/go")
	o.Export("GOROOT=/usr/local/go")
	o.File(vscodeUserFile, `{"go.testEnvVars": {"GOROOT": ""}}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.testEnvVars in "+vscodeUserFile+":1 clears GOROOT, which the shell sets to /usr/local/go")
}

func TestVSCode_GOWORKOffWithWorkspace(t *testing.T) {
	o := vscodeNew(t, "GOWORK=/work/go.work")
	o.File("/work/go.work", "go 1.26\n\nuse .\n")
	o.File("/work/m.code-workspace", `{
	"folders": [{"path": "."}],
	"settings": {
		"go.toolsEnvVars": {"GOWORK": "off"},
	},
}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.toolsEnvVars in /work/m.code-workspace:4 sets GOWORK=off, but the shell's GOWORK is /work/go.work")
}

func TestVSCode_GopathSetting(t *testing.T) {
	o := vscodeNew(t)
	o.File(vscodeUserFile, `{"go.gopath": "/home/u/gopath"}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.gopath in "+vscodeUserFile+":1 sets GOPATH=/home/u/gopath, but the shell's GOPATH is /home/u/go")

	o = vscodeNew(t)
	o.File(vscodeUserFile, `{"go.gopath": "~/go"}`)
	checktest.Clean(t, checktest.Run(t, VSCode, o, facts.Options{})) // the same GOPATH
}

func TestVSCode_LaunchEnv(t *testing.T) {
	o := vscodeNew(t)
	o.File("/work/.vscode/launch.json", `{
	// Use IntelliSense to learn about possible attributes.
	"version": "0.2.0",
	"configurations": [
		{
			"name": "Debug server",
			"type": "go",
			"request": "launch",
			"env": {
				"GOTOOLCHAIN": "local",
				"PORT": "8080",
			},
		},
	],
}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, `the env of launch configuration "Debug server" in /work/.vscode/launch.json:10 sets GOTOOLCHAIN=local, but the shell's GOTOOLCHAIN is auto (/usr/local/go/go.env)`)
}

func TestVSCode_RemovedSettings(t *testing.T) {
	o := vscodeNew(t)
	o.File(vscodeUserFile, `{
	"go.useLanguageServer": false,
	"go.languageServerExperimentalFeatures": {"diagnostics": false},
	"go.formatTool": "goreturns",
	"go.docsTool": "gogetdoc",
	"go.lintTool": "golangci-lint",
}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "go.useLanguageServer, go.languageServerExperimentalFeatures, go.formatTool, go.docsTool",
		"golang/vscode-go#2799", vscodeUserFile+":3", "go.formatTool = \"goreturns\"")
	if strings.Contains(checktest.Text(fd), "lintTool") {
		t.Error("go.lintTool golangci-lint is a supported setting")
	}
}

func TestVSCode_MalformedFile(t *testing.T) {
	o := vscodeNew(t)
	o.File(vscodeUserFile, "{\n  \"go.goroot\": \"/usr/local/go\"\n  \"go.gopath\": \"/x\"\n}\n") // missing comma
	o.File("/work/.vscode/settings.json", `{"go.toolsEnvVars": {"GOFLAGS": "-race"}}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	if r.Err != nil || len(r.Findings) != 2 {
		t.Fatalf("want 2 findings: %+v", r)
	}
	bad := r.Findings[0]
	if bad.Severity != check.Warning || !strings.Contains(bad.Summary, vscodeUserFile+":3:3 is not valid JSON with comments") {
		t.Errorf("malformed: %v %s", bad.Severity, bad.Summary)
	}
	if !strings.Contains(r.Findings[1].Summary, "GOFLAGS=-race") {
		t.Errorf("the other file was not checked: %s", r.Findings[1].Summary)
	}
}

func TestVSCode_WindowsAndRemoteServer(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Workdir(`C:\src\m`).
		Path(`C:\Program Files\Go\bin`).
		Go(`C:/Program Files/Go`, "go1.26.8").
		Go(`C:/Go121`, "go1.21.0").
		File(`C:\Users\u\AppData\Roaming\Code\User\settings.json`, `{"go.goroot": "C:\\Go121"}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, `go.goroot in C:\Users\u\AppData\Roaming\Code\User\settings.json:1 selects C:\Go121 (go1.21.0)`)

	l := vscodeNew(t)
	l.File("/home/u/.vscode-server/data/Machine/settings.json", `{"go.toolsEnvVars": {"GO111MODULE": "off"}}`)
	r = checktest.Run(t, VSCode, l, facts.Options{})
	checktest.Only(t, r, check.Warning, "go.toolsEnvVars in /home/u/.vscode-server/data/Machine/settings.json:1 sets GO111MODULE=off")
}

// Real machine: the real go (go1.26.8), JSONC files on disk.
func TestVSCode_RealMachine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a Unix machine's layout (/usr/local/go); internal/wintest reads VS Code settings on Windows")
	}
	if _, err := os.Stat("/usr/local/go/bin/go"); err != nil {
		t.Skip("needs /usr/local/go")
	}
	home := t.TempDir()
	proj := filepath.Join(home, "src", "m")
	old := filepath.Join(home, "sdk", "go1.21.0")
	for _, d := range []string{filepath.Join(proj, ".vscode"), filepath.Join(old, "bin"), filepath.Join(home, ".config", "Code", "User")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string, mode os.FileMode) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), mode); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(proj, "go.mod"), "module example.com/m\n\ngo 1.22\n", 0o644)
	write(filepath.Join(old, "VERSION"), "go1.21.0\ntime 2023-08-08T00:00:00Z\n", 0o644)
	write(filepath.Join(old, "bin", "go"), "#!/bin/sh\necho 'must not run' >&2\nexit 1\n", 0o755)
	user := filepath.Join(home, ".config", "Code", "User", "settings.json")
	write(user, `{
	// the same installation as the terminal's go
	"go.goroot": "/usr/local/go",
	"go.toolsEnvVars": {"GOTOOLCHAIN": "local",},
}`, 0o644)
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("VSCODE_PORTABLE", "")
	t.Setenv("VSCODE_AGENT_FOLDER", "")
	t.Setenv("GOENV", filepath.Join(home, "goenv"))
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "")
	t.Setenv("PATH", "/usr/local/go/bin:/usr/bin:/bin")
	r := checktest.Run(t, VSCode, facts.System{}, facts.Options{Dir: proj})
	checktest.Clean(t, r)

	write(filepath.Join(proj, ".vscode", "settings.json"), "{\n  \"go.goroot\": \"${env:HOME}/sdk/go1.21.0\", // an old SDK\n}\n", 0o644)
	r = checktest.Run(t, VSCode, facts.System{}, facts.Options{Dir: proj})
	checktest.Only(t, r, check.Warning, filepath.Join(proj, ".vscode", "settings.json")+":2", "(go1.21.0), but the go on PATH is /usr/local/go/bin/go (go1.26.8)")
}

// A settings file godx cannot read because of its size is reported
// without a permissions fix that would not help.
func TestVSCode_TooLargeFile(t *testing.T) {
	o := vscodeNew(t)
	o.File("/work/.vscode/settings.json", "{"+strings.Repeat(" ", 17<<20)+"}")
	r := checktest.Run(t, VSCode, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "/work/.vscode/settings.json cannot be read", "too large")
	if strings.Contains(checktest.Text(fd), "permissions") {
		t.Errorf("a file that is too large gets a permissions fix:\n%s", checktest.Text(fd))
	}
}

// "${env:GOROOT}" with GOROOT unset: the Go extension treats the empty
// value as no setting and runs the go on PATH (vscode-go util.ts
// getBinPathWithExplanation), so there is nothing to warn about.
func TestVSCode_GorootEnvUnset(t *testing.T) {
	o := vscodeNew(t)
	o.File(vscodeUserFile, "{\n  \"go.goroot\": \"${env:GOROOT}\",\n}\n")
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Info, "go.goroot in "+vscodeUserFile+":2 is ${env:GOROOT}, which is empty here: the Go extension ignores it and runs the go on PATH",
		"go.goroot setting is ignored.  is not a valid GOROOT directory.")

	// Set, it is a path like any other.
	o.Export("GOROOT=/usr/local/go1.19")
	r = checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "is /usr/local/go1.19, which does not exist")
}

// gopls's "build.env" is the environment of the go commands gopls runs.
func TestVSCode_GoplsBuildEnv(t *testing.T) {
	o := vscodeNew(t)
	o.File("/work/.vscode/settings.json", `{
	"gopls": {
		"ui.semanticTokens": true,
		"build.env": {
			"GOFLAGS": "-tags=integration",
			"GOOS": "js", // not compared
		},
	},
}`)
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, `gopls "build.env" in /work/.vscode/settings.json:5 sets GOFLAGS=-tags=integration, but the shell's GOFLAGS is "" (default)`,
		"gopls: the go commands it runs to load your packages")
}

// A launch configuration's envFile is read as the extension reads it;
// env wins over it.
func TestVSCode_LaunchEnvFile(t *testing.T) {
	o := vscodeNew(t)
	o.File("/work/.vscode/launch.json", `{
	"configurations": [
		{"name": "Debug", "type": "go", "request": "launch", "envFile": "${workspaceFolder}/.env"},
		{"name": "Both", "type": "go", "request": "launch", "envFile": ["${workspaceFolder}/.env"], "env": {"GOFLAGS": ""}},
	],
}`)
	o.File("/work/.env", "# local settings\r\nPORT=8080\r\nexport GOFLAGS=\"-mod=mod\"\r\n")
	r := checktest.Run(t, VSCode, o, facts.Options{})
	checktest.Only(t, r, check.Warning, `/work/.env:3, the envFile of launch configuration "Debug", in /work/.vscode/launch.json:3 sets GOFLAGS=-mod=mod`,
		"the program debugged with this configuration")
}
