package checks

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// shadowingLinkOS is a fake OS with symlinks: links maps a link path to
// the file it resolves to.
type shadowingLinkOS struct {
	*factstest.OS
	links map[string]string
}

func (o *shadowingLinkOS) EvalSymlinks(name string) (string, error) {
	if t, ok := o.links[name]; ok {
		return t, nil
	}
	return o.OS.EvalSymlinks(name)
}

// link adds an executable at from that resolves to to.
func (o *shadowingLinkOS) link(from, to string) {
	o.AddFile(from, "#!fake link\n", 0o755)
	o.links[from] = to
}

func shadowingNew() *shadowingLinkOS {
	fake := factstest.New()
	fake.Setenv("HOME", "/home/u")
	return &shadowingLinkOS{OS: fake, links: map[string]string{}}
}

func TestGoPathShadowing_OneGoIsClean(t *testing.T) {
	o := shadowingNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.Setenv("PATH", "/usr/bin:/usr/local/go/bin:/home/u/go/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	if len(r.Findings) != 0 || r.Err != nil || r.SkipReason != "" {
		t.Fatalf("clean environment: %+v", r)
	}
	if !strings.Contains(r.Summary, "/usr/local/go/bin/go (go1.26.8)") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestGoPathShadowing_SymlinksAreOneInstallation(t *testing.T) {
	o := shadowingNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.link("/usr/local/bin/go", "/usr/local/go/bin/go")
	o.link("/home/u/bin/go", "/usr/local/go/bin/go")
	o.Setenv("PATH", "/usr/local/bin:/usr/local/go/bin:/home/u/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	if len(r.Findings) != 0 {
		t.Fatalf("symlinks to one go are fine, got %+v", r.Findings)
	}
	if !strings.Contains(r.Summary, "2 more PATH entries are the same file") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestGoPathShadowing_OlderWinsIsWarning(t *testing.T) {
	o := shadowingNew()
	o.AddGo("/usr/lib/go-1.22", "go1.22.2", nil)
	o.link("/usr/bin/go", "/usr/lib/go-1.22/bin/go")
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.Setenv("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/local/go/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning,
		"/usr/bin/go (go1.22.2) wins", "/usr/local/go/bin/go (go1.26.8)", "newest",
		"go: go.mod requires go >= 1.26.8 (running go 1.22.2; GOTOOLCHAIN=local)",
		"/usr/bin/go -> /usr/lib/go-1.22/bin/go: go1.22.2 (from /usr/lib/go-1.22/VERSION)")
	if got := fd.Fix.Commands[0]; got != `export PATH="/usr/local/go/bin:$PATH"` {
		t.Errorf("fix command = %q", got)
	}
	if strings.Contains(fd.Detail, "compile:") {
		t.Errorf("no GOROOT set, yet the detail talks about the compile mismatch: %s", fd.Detail)
	}
}

func TestGoPathShadowing_NewestWinsIsInfo(t *testing.T) {
	o := shadowingNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddGo("/usr/lib/go-1.22", "go1.22.2", nil)
	o.link("/usr/bin/go", "/usr/lib/go-1.22/bin/go")
	o.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "/usr/local/go/bin/go (go1.26.8) wins", "newest", "/usr/bin/go")
}

func TestGoPathShadowing_SameVersionIsInfo(t *testing.T) {
	o := shadowingNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddGo("/home/u/sdk/go1.26.8", "go1.26.8", nil)
	o.Setenv("PATH", "/home/u/sdk/go1.26.8/bin:/usr/local/go/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "all go1.26.8", "/home/u/sdk/go1.26.8/bin/go wins")
}

func TestGoPathShadowing_GorootNamesTheLoser(t *testing.T) {
	// The newest wins, but GOROOT names the older one: the user meant it,
	// and builds fail with the compile mismatch.
	o := shadowingNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddGo("/opt/go1.22", "go1.22.5", nil)
	o.Setenv("PATH", "/usr/local/go/bin:/opt/go1.22/bin")
	o.Setenv("GOROOT", "/opt/go1.22")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "/opt/go1.22/bin/go (go1.22.5)", "GOROOT (set in the environment) is /opt/go1.22",
		`compile: version "go1.22.5" does not match go tool version "go1.26.8"`)
	if fd.Fix.Commands[0] != `export PATH="/opt/go1.22/bin:$PATH"` {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoPathShadowing_GorootInEnvFileNamesTheWinner(t *testing.T) {
	o := shadowingNew()
	o.AddGo("/opt/go1.22", "go1.22.5", nil)
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddFile("/home/u/.config/go/env", "GOROOT=/opt/go1.22\n", 0)
	o.Setenv("PATH", "/opt/go1.22/bin:/usr/local/go/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "/opt/go1.22/bin/go (go1.22.5) wins", "GOROOT (set in the go env -w file /home/u/.config/go/env)")
}

func TestGoPathShadowing_UnknownVersionIsInfo(t *testing.T) {
	o := shadowingNew()
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.AddCommand("/home/u/bin/go", func(ctx context.Context, c facts.Command) facts.Result {
		return factstest.Failure(2, "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\n")
	})
	o.Setenv("PATH", "/home/u/bin:/usr/local/go/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "version of /home/u/bin/go could not be read", "/home/u/bin/go version", "version unknown (/home/u/bin/go version: go: cannot find GOROOT directory")
}

func TestGoPathShadowing_Windows(t *testing.T) {
	o := shadowingNew()
	o.OSName = "windows"
	o.Env = nil
	o.Setenv("USERPROFILE", `C:\Users\u`)
	o.Setenv("PATHEXT", ".COM;.EXE;.BAT;.CMD")
	o.AddGo("C:/Go", "go1.21.0", nil)
	o.AddGo("C:/Program Files/Go", "go1.26.8", nil)
	// A linux-style "go" without extension must not count on Windows.
	o.AddFile("C:/tools/go", "#!/bin/sh\n", 0o755)
	o.Setenv("PATH", `C:\tools;C:\Go\bin;C:\Program Files\Go\bin\`)
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "go.exe (go1.21.0) wins", `Program Files\Go\bin`, "go1.26.8")
	if !strings.HasPrefix(fd.Fix.Commands[0], `$env:Path = 'C:\Program Files\Go\bin;'`) {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	if len(fd.Evidence) != 2 {
		t.Errorf("evidence should list 2 go commands: %+v", fd.Evidence)
	}
}

func TestGoPathShadowing_NoGoIsSkipped(t *testing.T) {
	o := shadowingNew()
	o.Setenv("PATH", "/usr/bin")
	r := checktest.Run(t, GoPathShadowing, o, facts.Options{})
	if r.SkipReason == "" || len(r.Findings) != 0 {
		t.Fatalf("want skip, got %+v", r)
	}
}

// shadowingFakeGoroot writes a Go installation that only has a VERSION
// file and a bin/go script (never run: the VERSION file answers).
func shadowingFakeGoroot(t *testing.T, root, version string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "VERSION"), []byte(version+"\ntime 2026-01-01T00:00:00Z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho go version " + version + " linux/amd64\n"
	if err := os.WriteFile(filepath.Join(root, "bin", "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "bin")
}

func TestGoPathShadowing_RealMachine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts")
	}
	tmp := t.TempDir()
	oldBin := shadowingFakeGoroot(t, filepath.Join(tmp, "old"), "go1.22.5")
	newBin := shadowingFakeGoroot(t, filepath.Join(tmp, "new"), "go1.26.8")
	linkDir := filepath.Join(tmp, "links")
	if err := os.MkdirAll(linkDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(newBin, "go"), filepath.Join(linkDir, "go")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOROOT", "")
	t.Setenv("HOME", tmp)

	t.Run("symlink to the same go", func(t *testing.T) {
		t.Setenv("PATH", linkDir+":"+newBin)
		r := checktest.Run(t, GoPathShadowing, facts.System{}, facts.Options{Dir: tmp})
		if len(r.Findings) != 0 {
			t.Fatalf("got %+v", r.Findings)
		}
		if !strings.Contains(r.Summary, "go1.26.8") || !strings.Contains(r.Summary, "same file") {
			t.Errorf("summary = %q", r.Summary)
		}
	})
	t.Run("older first", func(t *testing.T) {
		t.Setenv("PATH", oldBin+":"+linkDir+":"+newBin)
		r := checktest.Run(t, GoPathShadowing, facts.System{}, facts.Options{Dir: tmp})
		checktest.Only(t, r, check.Warning, filepath.Join(oldBin, "go")+" (go1.22.5) wins", filepath.Join(linkDir, "go")+" (go1.26.8)", "(same file as #2)")
	})
}
