package settingfix

import (
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

var (
	inEnv     = facts.Definition{Source: facts.FromEnvironment, Value: "off"}
	inFile    = facts.Definition{Source: facts.FromEnvFile, Origin: "/home/u/.config/go/env", Value: "off"}
	inGoroot  = facts.Definition{Source: facts.FromGorootEnv, Origin: "/usr/local/go/go.env", Value: "off"}
	byDefault = facts.Definition{Source: facts.FromDefault}
)

func setting(d facts.Definition) *facts.Setting {
	return &facts.Setting{Name: "GO111MODULE", Value: d.Value, Definition: d}
}

func TestUnset(t *testing.T) {
	const lead = "Unset GO111MODULE."
	for _, tc := range []struct {
		goos string
		d    facts.Definition
		want check.Fix
	}{
		{"linux", inEnv, check.Fix{
			Description: "Unset GO111MODULE. It is set in the environment: delete the `export GO111MODULE=...` line from your shell profile (~/.profile, ~/.bashrc, ~/.zshrc) and unset it in this shell:",
			Commands:    []string{"unset GO111MODULE"},
		}},
		{"windows", inEnv, check.Fix{
			Description: "Unset GO111MODULE. It is set in the environment: remove it in System Properties > Environment Variables (or with the commands below), then open a new terminal.",
			Commands:    []string{"[Environment]::SetEnvironmentVariable('GO111MODULE', $null, 'User')", "Remove-Item Env:GO111MODULE"},
		}},
		{"linux", inFile, check.Fix{
			Description: "Unset GO111MODULE. It is set in the go env -w file /home/u/.config/go/env:",
			Commands:    []string{"go env -u GO111MODULE"},
		}},
		{"windows", inFile, check.Fix{
			Description: "Unset GO111MODULE. It is set in the go env -w file /home/u/.config/go/env:",
			Commands:    []string{"go env -u GO111MODULE"},
		}},
		{"linux", inGoroot, check.Fix{
			Description: "Unset GO111MODULE. It is set in /usr/local/go/go.env, which is part of the Go installation: delete the GO111MODULE= line there, or override it with `go env -w GO111MODULE=<value>`.",
		}},
		{"windows", inGoroot, check.Fix{
			Description: "Unset GO111MODULE. It is set in /usr/local/go/go.env, which is part of the Go installation: delete the GO111MODULE= line there, or override it with `go env -w GO111MODULE=<value>`.",
		}},
		{"linux", byDefault, check.Fix{Description: lead}},
		{"windows", byDefault, check.Fix{Description: lead}},
	} {
		if got := Unset(tc.goos, setting(tc.d), lead); !reflect.DeepEqual(*got, tc.want) {
			t.Errorf("%s, %s:\n got %#v\nwant %#v", tc.goos, tc.d.Source, *got, tc.want)
		}
	}
	if got := Unset("linux", nil, lead); got.Description != lead || got.Commands != nil {
		t.Errorf("nil setting: %#v", *got)
	}
}

func TestSet(t *testing.T) {
	const lead = "Drop -mod=vendor from GOFLAGS."
	s := func(d facts.Definition) *facts.Setting {
		return &facts.Setting{Name: "GOFLAGS", Definition: d}
	}
	for _, tc := range []struct {
		goos string
		d    facts.Definition
		want check.Fix
	}{
		{"linux", inEnv, check.Fix{
			Description: "Drop -mod=vendor from GOFLAGS. It is set in the environment: change the `export GOFLAGS=...` line in your shell profile (~/.profile, ~/.bashrc, ~/.zshrc), and in this shell run:",
			Commands:    []string{"export GOFLAGS='-race -tags=a b'"},
		}},
		{"windows", inEnv, check.Fix{
			Description: "Drop -mod=vendor from GOFLAGS. It is set in the environment: change it in System Properties > Environment Variables (or with the commands below), then open a new terminal.",
			Commands:    []string{"[Environment]::SetEnvironmentVariable('GOFLAGS', '-race -tags=a b', 'User')", "$env:GOFLAGS = '-race -tags=a b'"},
		}},
		{"linux", inFile, check.Fix{
			Description: "Drop -mod=vendor from GOFLAGS. It is set in the go env -w file /home/u/.config/go/env:",
			Commands:    []string{"go env -w 'GOFLAGS=-race -tags=a b'"},
		}},
		{"windows", inFile, check.Fix{
			Description: "Drop -mod=vendor from GOFLAGS. It is set in the go env -w file /home/u/.config/go/env:",
			Commands:    []string{"go env -w 'GOFLAGS=-race -tags=a b'"},
		}},
		{"linux", inGoroot, check.Fix{
			Description: "Drop -mod=vendor from GOFLAGS. It is set in /usr/local/go/go.env, which is part of the Go installation: edit the GOFLAGS= line there, or override it for your user:",
			Commands:    []string{"go env -w 'GOFLAGS=-race -tags=a b'"},
		}},
		{"windows", inGoroot, check.Fix{
			Description: "Drop -mod=vendor from GOFLAGS. It is set in /usr/local/go/go.env, which is part of the Go installation: edit the GOFLAGS= line there, or override it for your user:",
			Commands:    []string{"go env -w 'GOFLAGS=-race -tags=a b'"},
		}},
		{"linux", byDefault, check.Fix{Description: lead, Commands: []string{"go env -w 'GOFLAGS=-race -tags=a b'"}}},
		{"windows", byDefault, check.Fix{Description: lead, Commands: []string{"go env -w 'GOFLAGS=-race -tags=a b'"}}},
	} {
		if got := Set(tc.goos, s(tc.d), "-race -tags=a b", lead); !reflect.DeepEqual(*got, tc.want) {
			t.Errorf("%s, %s:\n got %#v\nwant %#v", tc.goos, tc.d.Source, *got, tc.want)
		}
	}
	if got := Set("linux", nil, "x", lead); got.Description != lead || got.Commands != nil {
		t.Errorf("nil setting: %#v", *got)
	}
}

func TestCommands(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{GoEnvSet("linux", "GOTOOLCHAIN", "go1.22.0"), "go env -w GOTOOLCHAIN=go1.22.0"},
		{GoEnvSet("windows", "GOTOOLCHAIN", "go1.22.0"), "go env -w GOTOOLCHAIN=go1.22.0"},
		{GoEnvSet("linux", "GOPATH", "/home/u/my go"), "go env -w 'GOPATH=/home/u/my go'"},
		{GoEnvSet("windows", "GOPROXY", "https://a,direct"), "go env -w 'GOPROXY=https://a,direct'"},
		{GoEnvSet("linux", "GOPROXY", "https://a|https://b"), "go env -w 'GOPROXY=https://a|https://b'"},
		{GoEnvUnset("linux", "GOFLAGS"), "go env -u GOFLAGS"},
		{GoEnvUnset("linux", "X$Y"), "go env -u 'X$Y'"},
		{ShellSet("linux", "GOTOOLCHAIN", "local"), "export GOTOOLCHAIN=local"},
		{ShellSet("linux", "GOPATH", "$HOME/go"), "export GOPATH='$HOME/go'"},
		{ShellSet("windows", "GOTOOLCHAIN", "local"), "$env:GOTOOLCHAIN = 'local'"},
		{ShellUnset("linux", "CC"), "unset CC"},
		{ShellUnset("windows", "CC"), "Remove-Item Env:CC"},
		{ShellUnset("linux", "GOPATH", "GOCACHE"), "unset GOPATH GOCACHE"},
		{ShellUnset("windows", "GOPATH", "GOCACHE"), "Remove-Item Env:GOPATH, Env:GOCACHE"},
		{WithEnv("linux", "GOROOT", "/usr/local/go", "go env -u GOROOT"), "GOROOT=/usr/local/go go env -u GOROOT"},
		{WithEnv("linux", "GOROOT", "/opt/my go", "go env -u GOROOT"), "GOROOT='/opt/my go' go env -u GOROOT"},
		{WithEnv("windows", "GOROOT", `C:\Program Files\Go`, "go env -u GOROOT"), `$env:GOROOT = 'C:\Program Files\Go'; go env -u GOROOT; Remove-Item Env:GOROOT`},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %s\nwant %s", tc.got, tc.want)
		}
	}
	if got := UnsetCommands("linux", "X", inGoroot); got != nil {
		t.Errorf("UnsetCommands for $GOROOT/go.env = %q, want none", got)
	}
	if got := SetCommands("linux", "X", "v", inGoroot); !reflect.DeepEqual(got, []string{"go env -w X=v"}) {
		t.Errorf("SetCommands for $GOROOT/go.env = %q", got)
	}
}

// TestCommandsInRealShells runs the POSIX commands with hostile values in
// the shells they are printed for: the variable, or the argument go
// would get, must be exactly the value.
func TestCommandsInRealShells(t *testing.T) {
	values := []string{"plain", "", "two words", "it's", `"$HOME" $(id) ` + "`id`", `back\slash`, "new\nline", "*?[x]", "=x", "-x", "\xff\xfe", "it’s"}
	for _, sh := range [][]string{{"bash", "--norc", "--noprofile", "-c"}, {"/usr/bin/zsh", "-f", "-c"}, {"dash", "-c"}} {
		t.Run(sh[0], func(t *testing.T) {
			if _, err := exec.LookPath(sh[0]); err != nil {
				t.Skipf("%s is not installed", sh[0])
			}
			run := func(script string) string {
				t.Helper()
				out, err := exec.Command(sh[0], append(sh[1:], script)...).Output()
				if err != nil {
					t.Errorf("%s: %v", script, err)
				}
				return string(out)
			}
			for _, v := range values {
				if got := run(ShellSet("linux", "V", v) + `; printf '%s' "$V"`); got != v {
					t.Errorf("%s: V is %q, want %q", ShellSet("linux", "V", v), got, v)
				}
				if got := run(WithEnv("linux", "V", v, `sh -c 'printf %s "$V"'`)); got != v {
					t.Errorf("%s: V is %q, want %q", WithEnv("linux", "V", v, "..."), got, v)
				}
				cmd := GoEnvSet("linux", "GOFLAGS", v)
				argv := strings.TrimPrefix(cmd, "go ")
				if got, want := run("printf '[%s]' "+argv), "[env][-w][GOFLAGS="+v+"]"; got != want {
					t.Errorf("%s: go would get %q, want %q", cmd, got, want)
				}
			}
		})
	}
}

func TestVSCode(t *testing.T) {
	for _, tc := range []struct {
		got  *check.Fix
		want string
	}{
		{VSCode(`"go.goroot"`, "/w/.vscode/settings.json:3", "the extension then uses the go command on PATH", "set it to /usr/local/go"),
			`Delete "go.goroot" from /w/.vscode/settings.json:3 (the extension then uses the go command on PATH), or set it to /usr/local/go, then reload the VS Code window.`},
		{VSCode(`"go.goroot"`, "/w/.vscode/settings.json:3", "", ""),
			`Correct or delete "go.goroot" in /w/.vscode/settings.json:3, then reload the VS Code window.`},
		{VSCode("these lines", "/w/.vscode/settings.json", "", "keep them and install gopls"),
			`Delete these lines from /w/.vscode/settings.json, or keep them and install gopls, then reload the VS Code window.`},
	} {
		if tc.got.Description != tc.want || tc.got.Commands != nil {
			t.Errorf("got  %q\nwant %q", tc.got.Description, tc.want)
		}
	}
}

func TestEnvFileEdits(t *testing.T) {
	file := facts.Definition{Source: facts.FromEnvFile, Origin: "/home/u/.config/go/env", Value: "~/gp"}
	set := EnvFileSet(file, "GOPATH", "/home/u/gp")
	unset := EnvFileUnset(file, "GOROOT")
	if set == nil || set.Kind != "edit" || set.Path != file.Origin || unset == nil || unset.Path != file.Origin {
		t.Fatalf("set %+v, unset %+v", set, unset)
	}
	// Both edits of one file, applied in turn: what godx fix writes.
	old := "GOROOT=/gone\nGOPATH=~/gp\n"
	mid, err := set.Rewrite([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := unset.Rewrite(mid)
	if string(got) != "GOPATH=/home/u/gp\n" {
		t.Errorf("got %q", got)
	}
	for _, d := range []facts.Definition{
		{Source: facts.FromEnvironment, Value: "~/gp"},
		{Source: facts.FromGorootEnv, Origin: "/usr/local/go/go.env"},
		{Source: facts.FromEnvFile},
	} {
		if EnvFileSet(d, "GOPATH", "/x") != nil || EnvFileUnset(d, "GOPATH") != nil {
			t.Errorf("%+v: an automatic edit of something that is not the go env -w file", d)
		}
	}
}
