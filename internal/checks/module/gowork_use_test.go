package module

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// goworkUseFake: /work/ws/go.work lists ./a, ./m (missing) and / (no
// go.mod); the fake go answers `go list -m` with listAnswer.
func goworkUseFake(t *testing.T, listAnswer facts.Result) *factstest.Machine {
	m := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8", "GOMOD=/work/ws/a/go.mod", "GOWORK=/work/ws/go.work").
		File("/work/ws/go.work", "go 1.22\n\nuse (\n\t./a\n\t./m\n\t/\n)\n").
		File("/work/ws/a/go.mod", "module a\n")
	goEnv := m.Commands["usr/local/go/bin/go"] // the fake keys paths without the leading /
	m.AddCommand("/usr/local/go/bin/go", func(ctx context.Context, c facts.Command) facts.Result {
		if strings.Join(c.Args, " ") == "list -m" {
			return listAnswer
		}
		return goEnv(ctx, c)
	})
	return m
}

// Each use directory the go command cannot load is an error quoting the
// go command's line about it; the fix drops the entry as written.
func TestGoWork_UnloadableUseQuotesTheGoCommand(t *testing.T) {
	fake := goworkUseFake(t, factstest.Failure(1,
		"go: cannot load module ../m listed in go.work file: open ../m/go.mod: no such file or directory\n"+
			"go: cannot load module / listed in go.work file: open /go.mod: no such file or directory\n"))
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/a"})
	if len(r.Findings) != 2 {
		t.Fatalf("findings: %+v", r.Findings)
	}
	for i, want := range [][]string{
		{"/work/ws/go.work:5 uses ./m, which does not exist: the go command refuses the workspace.",
			"the go command stops with\n  go: cannot load module ../m listed in go.work file: open ../m/go.mod: no such file or directory\ngodx did not scan it",
			"go work edit -dropuse=./m"},
		{"/work/ws/go.work:6 uses /, which has no go.mod: the go command refuses the workspace.",
			"the go command stops with\n  go: cannot load module / listed in go.work file: open /go.mod: no such file or directory\ngodx did not scan it",
			"go work edit -dropuse=/"},
	} {
		fd := r.Findings[i]
		text := checktest.Text(fd)
		for _, w := range want {
			if fd.Severity != check.Error || !strings.Contains(text, w) {
				t.Errorf("finding %d (%v) does not say %q:\n%s", i, fd.Severity, w, text)
			}
		}
	}
}

// When the go command stops for another reason first (a bad GOFLAGS), its
// words are not quoted as if they were about the use directory.
func TestGoWork_UnloadableUseWithoutTheGoCommandsWords(t *testing.T) {
	fake := goworkUseFake(t, factstest.Failure(1, "go: parsing $GOFLAGS: unknown flag -bogus\n"))
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/a"})
	if len(r.Findings) != 2 {
		t.Fatalf("findings: %+v", r.Findings)
	}
	for _, fd := range r.Findings {
		if text := checktest.Text(fd); strings.Contains(text, "GOFLAGS") || !strings.Contains(text, "cannot load a workspace module without a readable go.mod") {
			t.Errorf("finding:\n%s", text)
		}
	}
}

// A go command that loads the workspace after all (the directory appeared
// in the meantime) gets no finding: godx reports only what go refuses.
func TestGoWork_UnloadableUseThatTheGoCommandLoads(t *testing.T) {
	fake := goworkUseFake(t, factstest.Output("a\nm\n"))
	checktest.Clean(t, checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/a"}))
}

// The real go command: the finding quotes exactly the lines `go list
// ./...` prints in the same directory, for a missing directory, one
// without go.mod, `use /`, and a use path that names a file (whose go.mod
// path the go command prints absolute).
func TestGoWork_UnloadableUseRealGo(t *testing.T) {
	dir := testRealGo(t)
	ws := filepath.Join(dir, "ws")
	testWrite(t, filepath.Join(ws, "go.work"), "go 1.22\n\nuse (\n\t./a\n\t./m\n\t./nomod\n\t/\n\t./afile\n)\n")
	testWrite(t, filepath.Join(ws, "a", "go.mod"), "module a\n\ngo 1.22\n")
	testWrite(t, filepath.Join(ws, "a", "a.go"), "package a\n")
	testWrite(t, filepath.Join(ws, "nomod", "x.go"), "package x\n")
	testWrite(t, filepath.Join(ws, "afile"), "")
	a := filepath.Join(ws, "a")

	cmd := exec.Command("go", "list", "./...")
	cmd.Dir = a
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("go list ./... in the broken workspace: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 {
		t.Fatalf("go list printed %d lines, want one per unloadable module:\n%s", len(lines), out)
	}

	r := checktest.Run(t, GoWork, facts.System{}, testRealOptions(a))
	if len(r.Findings) != 4 {
		t.Fatalf("findings: %+v", r.Findings)
	}
	for i, fd := range r.Findings {
		if fd.Severity != check.Error || !strings.Contains(fd.Detail, "the go command stops with\n  "+lines[i]+"\n") {
			t.Errorf("finding %d does not quote %q:\n%s", i, lines[i], checktest.Text(fd))
		}
	}
}
