package golang

import (
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

func TestGoPathShadowing_OneGoIsClean(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").
		Path("/usr/bin", "/usr/local/go/bin", "/home/u/go/bin")
	checktest.Clean(t, checktest.Run(t, PathShadowing, o, facts.Options{}), "/usr/local/go/bin/go (go1.26.8)")
}

func TestGoPathShadowing_SymlinksAreOneInstallation(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").
		Link("/usr/local/bin/go", "/usr/local/go/bin/go").
		Link("/home/u/bin/go", "/usr/local/go/bin/go").
		Path("/usr/local/bin", "/usr/local/go/bin", "/home/u/bin")
	// Symlinks to one go are fine.
	checktest.Clean(t, checktest.Run(t, PathShadowing, o, facts.Options{}), "2 more PATH entries are the same file")
}

func TestGoPathShadowing_OlderWinsIsWarning(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Go("/usr/lib/go-1.22", "go1.22.2").
		Link("/usr/bin/go", "/usr/lib/go-1.22/bin/go").
		Go("/usr/local/go", "go1.26.8").
		Path("/usr/local/bin", "/usr/bin", "/bin", "/usr/local/go/bin")
	r := checktest.Run(t, PathShadowing, o, facts.Options{})
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
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").
		Go("/usr/lib/go-1.22", "go1.22.2").
		Link("/usr/bin/go", "/usr/lib/go-1.22/bin/go").
		Path("/usr/local/go/bin", "/usr/bin")
	r := checktest.Run(t, PathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "/usr/local/go/bin/go (go1.26.8) wins", "newest", "/usr/bin/go")
}

func TestGoPathShadowing_SameVersionIsInfo(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").
		Go("/home/u/sdk/go1.26.8", "go1.26.8").
		Path("/home/u/sdk/go1.26.8/bin", "/usr/local/go/bin")
	r := checktest.Run(t, PathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "all go1.26.8", "/home/u/sdk/go1.26.8/bin/go wins")
}

func TestGoPathShadowing_GorootNamesTheLoser(t *testing.T) {
	// The newest wins, but GOROOT names the older one: the user meant it,
	// and builds fail with the compile mismatch.
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").
		Go("/opt/go1.22", "go1.22.5").
		Path("/usr/local/go/bin", "/opt/go1.22/bin").
		Export("GOROOT=/opt/go1.22")
	r := checktest.Run(t, PathShadowing, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "/opt/go1.22/bin/go (go1.22.5)", "GOROOT (set in the environment) is /opt/go1.22",
		`compile: version "go1.22.5" does not match go tool version "go1.26.8"`)
	if fd.Fix.Commands[0] != `export PATH="/opt/go1.22/bin:$PATH"` {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoPathShadowing_GorootInEnvFileNamesTheWinner(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Go("/opt/go1.22", "go1.22.5").
		Go("/usr/local/go", "go1.26.8").
		File("/home/u/.config/go/env", "GOROOT=/opt/go1.22\n").
		Path("/opt/go1.22/bin", "/usr/local/go/bin")
	r := checktest.Run(t, PathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "/opt/go1.22/bin/go (go1.22.5) wins", "GOROOT (set in the go env -w file /home/u/.config/go/env)")
}

func TestGoPathShadowing_UnknownVersionIsInfo(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").
		Command("/home/u/bin/go", factstest.Failure(2, "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\n")).
		Path("/home/u/bin", "/usr/local/go/bin")
	r := checktest.Run(t, PathShadowing, o, facts.Options{})
	checktest.Only(t, r, check.Info, "version of /home/u/bin/go could not be read", "/home/u/bin/go version", "version unknown (/home/u/bin/go version: go: cannot find GOROOT directory")
}

func TestGoPathShadowing_Windows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Export("PATHEXT=.COM;.EXE;.BAT;.CMD").
		Go("C:/Go", "go1.21.0").
		Go("C:/Program Files/Go", "go1.26.8")
	// A linux-style "go" without extension must not count on Windows.
	o.Executable("C:/tools/go", "#!/bin/sh\n")
	o.Path(`C:\tools`, `C:\Go\bin`, `C:\Program Files\Go\bin\`)
	r := checktest.Run(t, PathShadowing, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "go.exe (go1.21.0) wins", `Program Files\Go\bin`, "go1.26.8")
	if !strings.HasPrefix(fd.Fix.Commands[0], `$env:Path = 'C:\Program Files\Go\bin;'`) {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	if len(fd.Evidence) != 2 {
		t.Errorf("evidence should list 2 go commands: %+v", fd.Evidence)
	}
}

func TestGoPathShadowing_NoGoIsSkipped(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		Path("/usr/bin")
	checktest.Skipped(t, checktest.Run(t, PathShadowing, o, facts.Options{}))
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
		r := checktest.Run(t, PathShadowing, facts.System{}, facts.Options{Dir: tmp})
		checktest.Clean(t, r, "go1.26.8", "same file")
	})
	t.Run("older first", func(t *testing.T) {
		t.Setenv("PATH", oldBin+":"+linkDir+":"+newBin)
		r := checktest.Run(t, PathShadowing, facts.System{}, facts.Options{Dir: tmp})
		checktest.Only(t, r, check.Warning, filepath.Join(oldBin, "go")+" (go1.22.5) wins", filepath.Join(linkDir, "go")+" (go1.26.8)", "(same file as #2)")
	})
}
