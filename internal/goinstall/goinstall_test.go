package goinstall_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/goinstall"
)

func newFacts(t *testing.T, sys facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), sys, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRootOfBinary(t *testing.T) {
	m := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").
		Executable("/usr/local/go/bin/linux_arm64/go", ""). // a cross-compiled go command
		Executable("/opt/copy/bin/go", "").                 // a copy outside any installation
		Dir("/home/u/go/pkg/mod")                           // a GOPATH has pkg, not pkg/tool
	f := newFacts(t, m)
	for _, tc := range []struct {
		binary, root string
		ok           bool
	}{
		{"/usr/local/go/bin/go", "/usr/local/go", true},
		{"/usr/local/go/bin/linux_arm64/go", "/usr/local/go", true},
		{"/opt/copy/bin/go", "/opt/copy", false},
		{"/home/u/go/bin/go", "/home/u/go", false},
	} {
		root, ok := goinstall.RootOfBinary(f, tc.binary)
		if root != tc.root || ok != tc.ok {
			t.Errorf("RootOfBinary(%s) = %s, %v; want %s, %v", tc.binary, root, ok, tc.root, tc.ok)
		}
	}
	if !goinstall.IsRoot(f, "/usr/local/go") || goinstall.IsRoot(f, "/home/u/go") || goinstall.IsRoot(f, "/nonexistent") {
		t.Error("IsRoot: want true only for the installation")
	}
}

func TestRootOfBinary_Windows(t *testing.T) {
	m := factstest.NewMachine(t).Windows().Go(`C:\Program Files\Go`, "go1.26.8")
	root, ok := goinstall.RootOfBinary(newFacts(t, m), `C:\Program Files\Go\bin\go.exe`)
	if root != `C:\Program Files\Go` || !ok {
		t.Errorf("RootOfBinary = %s, %v", root, ok)
	}
}

func TestParseCompilerVersion(t *testing.T) {
	for _, tc := range []struct {
		out, want string
		ok        bool
	}{
		{"compile version go1.26.8\n", "go1.26.8", true},
		{"compile version go1.26.8 X:nodwarf5\n", "go1.26.8 X:nodwarf5", true},
		{"  compile version devel go1.27-abcdef Tue Nov 3 10:00:00 2026 +0000\r\n", "devel go1.27-abcdef Tue Nov 3 10:00:00 2026 +0000", true},
		{"compile version \n", "", false},
		{"go version go1.26.8 linux/amd64\n", "", false},
		{"", "", false},
	} {
		got, ok := goinstall.ParseCompilerVersion([]byte(tc.out))
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseCompilerVersion(%q) = %q, %v; want %q, %v", tc.out, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCompilerVersion(t *testing.T) {
	m := factstest.NewMachine(t).Linux().Go("/usr/local/go", "go1.26.8 X:nodwarf5").
		Command("/opt/broken/compile", factstest.Failure(2, "compile: cannot load runtime: permission denied\n")).
		Command("/opt/odd/compile", factstest.Output("hello\n"))
	f := newFacts(t, m)
	ctx := context.Background()
	// The fake compilers carry no build information: they are run.
	if v, how, err := goinstall.CompilerVersion(ctx, f, "/usr/local/go/pkg/tool/linux_amd64/compile"); v != "go1.26.8 X:nodwarf5" || how != "compile -V=full" || err != nil {
		t.Errorf("CompilerVersion = %q, %q, %v", v, how, err)
	}
	if _, _, err := goinstall.CompilerVersion(ctx, f, "/opt/broken/compile"); err == nil || !strings.Contains(err.Error(), "cannot load runtime: permission denied") {
		t.Errorf("a failing compiler: err = %v, want its message", err)
	}
	if _, _, err := goinstall.CompilerVersion(ctx, f, "/opt/odd/compile"); err == nil || err.Error() != `unexpected output "hello"` {
		t.Errorf("odd output: err = %v", err)
	}
	if _, _, err := goinstall.CompilerVersion(ctx, f, "/nonexistent/compile"); err == nil {
		t.Error("a missing compiler: want an error")
	}
}

// TestRealInstallation asks the go command on PATH where it lives and what
// its compiler says: the installation must be found from the binary, and
// the compiler must be the go command's own version.
func TestRealInstallation(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	// Its own installation and release: no GOROOT from the environment or
	// a go env file, no toolchain switch for a go.mod around.
	cmd := exec.Command(gobin, "env", "GOROOT", "GOTOOLDIR", "GOVERSION")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GOROOT=", "GOENV=off", "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("go env printed %q", out)
	}
	goroot, tooldir, version := lines[0], lines[1], lines[2]
	f := newFacts(t, facts.System{})
	resolved, err := filepath.EvalSymlinks(gobin)
	if err != nil {
		t.Fatal(err)
	}
	if root, ok := goinstall.RootOfBinary(f, resolved); ok && !f.SamePath(root, goroot) {
		t.Errorf("RootOfBinary(%s) = %s, but go env GOROOT is %s", resolved, root, goroot)
	}
	compile := filepath.Join(tooldir, f.ExeName("compile"))
	v, how, err := goinstall.CompilerVersion(context.Background(), f, compile)
	if err != nil {
		t.Fatal(err)
	}
	if v != version || how != "build info" {
		t.Errorf("compiler version %q (from %s), go env GOVERSION %q", v, how, version)
	}
	// The build information says what the compiler itself prints.
	out, err = exec.Command(compile, "-V=full").Output()
	if err != nil {
		t.Fatal(err)
	}
	if said, _ := goinstall.ParseCompilerVersion(out); said != v {
		t.Errorf("compile -V=full says %q, its build info %q", said, v)
	}
	// A compiler the go command could not start is started, so the
	// error is the one the go command would meet.
	if runtime.GOOS != "windows" {
		noexec := filepath.Join(t.TempDir(), "compile")
		data, err := os.ReadFile(compile)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(noexec, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if v, how, err := goinstall.CompilerVersion(context.Background(), f, noexec); err == nil || how != "compile -V=full" {
			t.Errorf("a compiler without execute permission: %q, %q, %v; want -V=full's error", v, how, err)
		}
	}
}
