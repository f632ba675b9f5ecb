package contexts

import (
	"os"
	"runtime"
	"testing"

	"github.com/godx-dev/godx/internal/procenv"
)

// BenchmarkDiscover is the cost of finding the editors and tools among all
// the user's processes and reading their environments and directories:
// what `godx diff` adds beyond the go commands it runs (budget: 50 ms).
func BenchmarkDiscover(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("the real reader")
	}
	r := procenv.System()
	for b.Loop() {
		if _, err := Discover(r, os.Getpid()); err != nil {
			b.Fatal(err)
		}
	}
	ps, _ := r.Processes()
	b.ReportMetric(float64(len(ps)), "processes")
}

// BenchmarkDiff is comparing two resolved contexts and choosing what may
// be shown of an environment.
func BenchmarkDiff(b *testing.B) {
	a := &Resolved{Context: &Context{Name: "shell", Kind: KindShell}, Go: "/sdk/go/bin/go", GoVersion: "go1.26.8",
		Settings: map[string]Value{"GOROOT": {"/sdk/go", "default"}}, PathTools: map[string][]string{"go": {"/sdk/go/bin"}}}
	c := &Resolved{Context: &Context{Name: "gopls@1", Kind: KindTool, Program: "gopls", PID: 1, Owner: "VS Code (pid 2)"}, Go: "/usr/local/go/bin/go", GoVersion: "go1.22.5",
		Settings: map[string]Value{"GOROOT": {"/usr/local/go", "default"}, "GOFLAGS": {"-mod=mod", "environment variable"}}, PathTools: map[string][]string{"go": {"/usr/local/go/bin"}}}
	env := os.Environ()
	for b.Loop() {
		Diff(a, c, "linux")
		Visible(env, false)
	}
}
