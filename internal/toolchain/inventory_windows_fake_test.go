package toolchain_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/toolchain"
)

// The inventory's Windows logic, on a fake Windows machine: the installer's
// C:\Program Files\Go on PATH, a module cache toolchain, a golang.org/dl
// wrapper (go1.21.0.exe) for ~/sdk/go1.21.0, and a `godx toolchain link`
// command (go1.99.1.cmd) found by its GOROOT line.
func TestListWindowsFake(t *testing.T) {
	o := factstest.New()
	o.OSName = "windows"
	o.Wd = `C:\src\m`
	o.AddDir(`C:\src\m`)
	o.Setenv("USERPROFILE", `C:\Users\u`)
	o.Setenv("ProgramFiles", `C:\Program Files`)
	o.Setenv("PATH", `C:\Program Files\Go\bin;C:\Users\u\go\bin`)
	o.Setenv("PATHEXT", `.COM;.EXE;.BAT;.CMD`)
	o.AddGo(`C:/Program Files/Go`, "go1.26.8", map[string]string{"GOPATH": `C:\Users\u\go`, "GOMODCACHE": `C:\Users\u\go\pkg\mod`})
	tc := `C:\Users\u\go\pkg\mod\golang.org\toolchain@v0.0.1-go1.99.1.windows-amd64`
	o.AddFile(tc+`\VERSION`, "go1.99.1\n", 0o644)
	o.AddFile(tc+`\bin\go.exe`, "MZ", 0o755)
	o.AddFile(`C:\Users\u\sdk\go1.21.0\VERSION`, "go1.21.0\n", 0o644)
	o.AddFile(`C:\Users\u\sdk\go1.21.0\bin\go.exe`, "MZ", 0o755)
	o.AddFile(`C:\Users\u\go\bin\go1.21.0.exe`, "MZ", 0o755)
	o.AddFile(`C:\Users\u\go\bin\go1.99.1.cmd`, "@echo off\r\nrem go1.99.1: made by `godx toolchain link go1.99.1`; runs the Go toolchain below.\r\n"+
		"setlocal\r\nset \"GOROOT="+tc+"\"\r\nset \"GOTOOLCHAIN=local\"\r\n\"%GOROOT%\\bin\\go.exe\" %*\r\nexit /b %ERRORLEVEL%\r\n", 0o755)
	fx, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := toolchain.NewEnv(fx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.LinkPath("go1.99.1"), `C:\Users\u\go\bin\go1.99.1.cmd`; got != want {
		t.Errorf("LinkPath = %s, want %s", got, want)
	}
	inv := e.List()
	got := map[string]toolchain.Toolchain{}
	for _, tc := range inv.Toolchains {
		got[tc.Name] = tc
		t.Logf("%s %s %s %v active=%v", tc.Name, tc.Source, tc.Dir, tc.Commands, tc.Active)
	}
	if len(inv.Toolchains) != 3 {
		t.Fatalf("%d toolchains, want 3", len(inv.Toolchains))
	}
	if m := got["go1.99.1"]; m.Source != toolchain.SourceModCache || len(m.Commands) != 1 || m.Commands[0] != `C:\Users\u\go\bin\go1.99.1.cmd` {
		t.Errorf("module cache toolchain = %+v", m)
	}
	if d := got["go1.21.0"]; d.Source != toolchain.SourceDL || len(d.Commands) != 1 {
		t.Errorf("golang.org/dl toolchain = %+v", d)
	}
	if p := got["go1.26.8"]; !p.Active || len(p.Commands) != 1 {
		t.Errorf("go on PATH = %+v", p)
	}
	// The link command is godx's: removing the toolchain would not be
	// blocked by it; the dl wrapper is not, so go1.21.0 is in use.
	if why := e.InUse(inv, got["go1.99.1"]); why != "" {
		t.Errorf("InUse(go1.99.1) = %q", why)
	}
	if why := e.InUse(inv, got["go1.21.0"]); why == "" {
		t.Errorf("InUse(go1.21.0) is empty, want the go1.21.0.exe command")
	}
}

// Without a go command on PATH, godx explains the first install, or,
// when a Go is installed in a usual place but not on PATH, says where.
func TestNoGoCommandFake(t *testing.T) {
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.Setenv("PATH", "/usr/bin")
	fx, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = toolchain.NewEnv(fx)
	if !errors.Is(err, toolchain.ErrNoGo) || !strings.Contains(err.Error(), "https://go.dev/dl/") {
		t.Fatalf("no Go anywhere: %v", err)
	}
	o.AddFile("/usr/local/go/VERSION", "go1.26.8\n", 0o644)
	o.AddFile("/usr/local/go/bin/go", "", 0o755)
	fx, _ = facts.New(context.Background(), o, facts.Options{})
	_, err = toolchain.NewEnv(fx)
	if !errors.Is(err, toolchain.ErrNoGo) || !strings.Contains(err.Error(), "go1.26.8 is installed in /usr/local/go: add /usr/local/go/bin to PATH") {
		t.Fatalf("Go off PATH: %v", err)
	}
}
