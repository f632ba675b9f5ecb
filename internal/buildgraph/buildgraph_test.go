package buildgraph

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// graph asks the real go command about the module in dir.
func graph(t *testing.T, dir string) (*Graph, error) {
	t.Helper()
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir, CommandTimeout: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return Of.Get(f)
}

func TestOf_RealGo(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	dir := t.TempDir()
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-mod=mod") // must not let go list edit go.mod
	write(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	write(t, filepath.Join(dir, "main.go"), "package main\n\nimport (\n\t\"example.com/m/c\"\n\t\"os/user\"\n)\n\nfunc main() { user.Current(); c.F() }\n")
	write(t, filepath.Join(dir, "c", "c.go"), "package c\n\n// void f(void) {}\nimport \"C\"\n\nfunc F() { C.f() }\n")

	// cgo on: the packages with cgo files, as the go command sees them.
	t.Setenv("CGO_ENABLED", "1")
	g, err := graph(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	var cgo []string
	for _, p := range g.Cgo() {
		cgo = append(cgo, p.ImportPath)
	}
	want := []string{"example.com/m/c", "runtime/cgo"}
	if runtime.GOOS != "windows" { // os/user is pure Go on Windows
		want = append(want, "os/user")
	}
	for _, want := range want {
		if !strings.Contains(" "+strings.Join(cgo, " ")+" ", " "+want+" ") {
			t.Errorf("cgo packages %q miss %s", cgo, want)
		}
	}
	if len(g.Errs()) != 0 {
		t.Errorf("load errors with cgo on: %+v", g.Errs())
	}

	// cgo off: the cgo-only package cannot load, worded as go build says.
	t.Setenv("CGO_ENABLED", "0")
	if g, err = graph(t, dir); err != nil {
		t.Fatal(err)
	}
	errs := g.Errs()
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	if len(errs) == 0 || strings.TrimSpace(string(out)) != errs[0].Err {
		t.Errorf("first load error %+v, go build printed %q", errs, out)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "go.mod")); string(data) != "module example.com/m\n\ngo 1.22\n" {
		t.Errorf("go.mod changed:\n%s", data)
	}
}
