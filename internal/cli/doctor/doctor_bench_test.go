package doctor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
	"github.com/godx-dev/godx/internal/iostreams"
)

// BenchmarkDoctorOffline measures one whole `godx doctor --offline` run
// (every check, the real go command, text rendering) in a small module on
// this machine: the in-process part of the ≤ 70 ms goal in the README.
func BenchmarkDoctorOffline(b *testing.B) {
	benchmarkDoctor(b, benchModule(b))
}

// BenchmarkDoctorOfflineTools is BenchmarkDoctorOffline with ten Go tools
// installed in a GOBIN that is on PATH: the tools/* checks read the build
// information of each (gopls alone is 30+ MB in real life; these are small,
// but reading is by offset, not by size).
func BenchmarkDoctorOfflineTools(b *testing.B) {
	dir := benchModule(b)
	gobin := filepath.Join(b.TempDir(), "bin")
	for _, tool := range []struct{ module, version, pkg string }{
		{"golang.org/x/tools/gopls", "v0.22.0", ""},
		{"github.com/go-delve/delve", "v1.26.0", "cmd/dlv"},
		{"github.com/golangci/golangci-lint/v2", "v2.5.0", "cmd/golangci-lint"},
		{"honnef.co/go/tools", "v0.7.0", "cmd/staticcheck"},
		{"golang.org/x/tools", "v0.38.0", "cmd/stringer"},
		{"golang.org/x/tools", "v0.38.0", "cmd/goimports"},
		{"github.com/cweill/gotests", "v1.6.0", "gotests"},
		{"github.com/josharian/impl", "v1.4.0", ""},
		{"go.uber.org/mock", "v0.6.0", "mockgen"},
		{"google.golang.org/protobuf", "v1.36.0", "cmd/protoc-gen-go"},
	} {
		toolbintest.Build(b, tool.module, tool.version, "", toolbintest.Package(tool.pkg), toolbintest.Into(gobin))
	}
	b.Setenv("GOBIN", gobin)
	b.Setenv("PATH", gobin+string(os.PathListSeparator)+os.Getenv("PATH"))
	benchmarkDoctor(b, dir)
}

func benchModule(b *testing.B) string {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/bench\n\ngo 1.22\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

func benchmarkDoctor(b *testing.B, dir string) {
	for b.Loop() {
		ios, _, _, _ := iostreams.Test()
		f := &command.Factory{IO: ios, OS: facts.System{}, Checks: checks.All}
		err := Run(context.Background(), f, &Options{Diagnose: diagnose.Options{Dir: dir, Offline: true}, Format: "json"})
		var exit *command.ExitError
		if err != nil && !errors.As(err, &exit) {
			b.Fatal(err)
		}
	}
}
