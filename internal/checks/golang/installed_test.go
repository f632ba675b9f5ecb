package golang

import (
	"context"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestGoInstalled_Clean(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8")
	r := checktest.Run(t, Installed, o, facts.Options{Offline: true})
	checktest.Clean(t, r)
	if r.Summary != "Go 1.26.8 linux/amd64 (/usr/local/go/bin/go)" {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestGoInstalled_NoGo(t *testing.T) {
	for goos, want := range map[string]string{"linux": "go.dev/dl", "darwin": "brew install go", "windows": "winget install GoLang.Go"} {
		o := factstest.NewMachine(t).Linux()
		o.OSName = goos
		o.Path("/usr/bin")
		r := checktest.Run(t, Installed, o, facts.Options{Offline: true})
		checktest.Only(t, r, check.Error, "No go", want)
	}
}

// Go installed in its standard place, but its bin directory is not on PATH:
// the finding names the installation and the fix adds exactly that
// directory (in the shell's startup file, which `godx fix` can write).
func TestGoInstalled_InstalledButNotOnPath(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Path("/usr/bin", "/bin").
		Export("SHELL=/bin/bash").
		Go("/usr/local/go", "go1.26.8")
	r := checktest.Run(t, Installed, o, facts.Options{Offline: true})
	fd := checktest.Only(t, r, check.Error, "/usr/local/go/bin/go exists, and its directory /usr/local/go/bin is not on PATH", "go: command not found",
		`export PATH="$PATH:/usr/local/go/bin"`, "/home/u/.bashrc")
	if fd.Fix.Auto == nil || fd.Fix.Auto.Path != "/home/u/.bashrc" {
		t.Fatalf("want an automatic edit of ~/.bashrc: %+v", fd.Fix.Auto)
	}
	got, err := fd.Fix.Auto.Rewrite(nil)
	if err != nil || !strings.Contains(string(got), "/usr/local/go/bin") {
		t.Errorf("rewrite = %q, %v", got, err)
	}

	// Windows: the installer's Path change does not reach running terminals.
	o = factstest.NewMachine(t).Windows().
		Path(`C:\Windows\system32`).
		Export(`ProgramFiles=C:\Program Files`).
		Go(`C:\Program Files\Go`, "go1.26.8")
	r = checktest.Run(t, Installed, o, facts.Options{Offline: true})
	checktest.Only(t, r, check.Error, `C:\Program Files\Go\bin\go.exe exists`, "'go' is not recognized", "Open a new terminal",
		`[Environment]::SetEnvironmentVariable('Path'`)
}

func TestGoInstalled_GoEnvFails(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: cannot find GOROOT directory: /nonexistent\n"))
	r := checktest.Run(t, Installed, o, facts.Options{Offline: true})
	checktest.Only(t, r, check.Error, "/usr/local/go/bin/go does not work", "go: cannot find GOROOT directory: /nonexistent", "/usr/local/go/bin/go env")
}

func TestGoInstalled_GoEnvHangs(t *testing.T) {
	o := factstest.NewMachine(t).Linux().Path("/usr/local/go/bin")
	o.AddCommand("/usr/local/go/bin/go", func(ctx context.Context, _ facts.Command) facts.Result {
		<-ctx.Done()
		return facts.Result{Err: ctx.Err(), TimedOut: true}
	})
	r := checktest.Run(t, Installed, o, facts.Options{Offline: true, CommandTimeout: 50_000_000})
	checktest.Only(t, r, check.Error, "did not answer in time")
}
