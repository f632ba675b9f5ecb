package cgo

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/ccompiler"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const (
	compilerCgoFile  = "package sqlite\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc F() { C.free(nil) }\n"
	compilerPureFile = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"C\") }\n"
)

// compilerFake is a Linux machine with go1.26.8, a module
// example.com/m in /work, and gcc in /usr/bin when withGCC; goenv
// overrides what go env prints.
func compilerFake(t *testing.T, withGCC bool, goenv ...string) *factstest.Machine {
	t.Helper()
	cgo := "CGO_ENABLED=1"
	if !withGCC {
		cgo = "CGO_ENABLED=0"
	}
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8", append([]string{"GOMOD=/work/go.mod", cgo}, goenv...)...).
		Path("/usr/local/go/bin", "/usr/bin").
		File("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n").
		File("/work/go.mod", "module example.com/m\n\ngo 1.22\n").
		File("/work/main.go", compilerPureFile)
	if withGCC {
		o.Command("/usr/bin/gcc", factstest.Output(""))
	}
	return o
}

func compilerRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, Compiler, o, facts.Options{})
	if r.Err != nil {
		t.Fatalf("Run: %v", r.Err)
	}
	return r
}

func TestCompiler_CleanGivesNoFinding(t *testing.T) {
	checktest.Clean(t, compilerRun(t, compilerFake(t, true)), "cgo on, CC gcc (/usr/bin/gcc)")

	// A cgo package with its compiler present is fine too.
	o := compilerFake(t, true)
	o.File("/work/sqlite/sqlite.go", compilerCgoFile)
	checktest.Clean(t, compilerRun(t, o), "1 package(s) of the module use cgo")
}

func TestCompiler_SilentlyOffBreaksCgoPackage(t *testing.T) {
	o := compilerFake(t, false)
	o.File("/work/sqlite/sqlite.go", compilerCgoFile)
	fd := checktest.Only(t, compilerRun(t, o), check.Error,
		"package example.com/m/sqlite: build constraints exclude all Go files in /work/sqlite",
		`the C compiler "gcc" is not on PATH`, "sudo apt install gcc")
	if !strings.Contains(fd.Summary, "example.com/m/sqlite") {
		t.Errorf("summary: %s", fd.Summary)
	}
}

func TestCompiler_SilentlyOffWithFallback(t *testing.T) {
	o := compilerFake(t, false)
	o.File("/work/sqlite/sqlite.go", compilerCgoFile)
	o.File("/work/sqlite/nocgo.go", "//go:build !cgo\n\npackage sqlite\n\nfunc F() {}\n")
	checktest.Only(t, compilerRun(t, o), check.Warning, "sqlite.go", "left out of every build")
}

func TestCompiler_SilentlyOffNoCgoInModule(t *testing.T) {
	o := compilerFake(t, false)
	checktest.Only(t, compilerRun(t, o), check.Info, `"gcc" is not on PATH`, "-race requires cgo")

	// cmd/go ignores a CGO_ENABLED that is neither 0 nor 1.
	o.Export("CGO_ENABLED=yes")
	checktest.Only(t, compilerRun(t, o), check.Info, `"gcc" is not on PATH`)
}

func TestCompiler_ForcedOnWithoutCompiler(t *testing.T) {
	o := compilerFake(t, false, "CGO_ENABLED=1")
	o.Export("CGO_ENABLED=1")
	checktest.Only(t, compilerRun(t, o), check.Error,
		`cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`,
		"# runtime/cgo", "CGO_ENABLED=1, from the environment", "sudo apt install gcc", "stop forcing it on")
}

func TestCompiler_CCNamesMissingCompiler(t *testing.T) {
	// CC set in the environment keeps cgo on (no automatic fallback).
	o := compilerFake(t, true, "CC=nosuchcc -m64")
	o.Export("CC=nosuchcc -m64")
	fd := checktest.Only(t, compilerRun(t, o), check.Warning,
		`cgo: C compiler "nosuchcc" not found: exec: "nosuchcc": executable file not found in $PATH`, "unset CC")
	if strings.Contains(fd.Summary, "gcc") {
		t.Errorf("summary names the wrong compiler: %s", fd.Summary)
	}
	// The same with a cgo package in the module is an error.
	o.File("/work/sqlite/sqlite.go", compilerCgoFile)
	checktest.Only(t, compilerRun(t, o), check.Error, "Package example.com/m/sqlite imports \"C\"")

	// An absolute CC that does not exist.
	o = compilerFake(t, true, "CC=/opt/cross/bin/gcc")
	o.File("/home/u/.config/go/env", "CC=/opt/cross/bin/gcc\n")
	checktest.Only(t, compilerRun(t, o), check.Warning,
		`cgo: C compiler "/opt/cross/bin/gcc" not found: exec: "/opt/cross/bin/gcc": stat /opt/cross/bin/gcc: no such file or directory`,
		"go env -u CC")
}

func TestCompiler_ExplicitlyOff(t *testing.T) {
	o := compilerFake(t, true, "CGO_ENABLED=0")
	o.File("/home/u/.config/go/env", "CGO_ENABLED=0\n")
	o.File("/work/sqlite/sqlite.go", compilerCgoFile)
	checktest.Only(t, compilerRun(t, o), check.Error,
		"CGO_ENABLED=0 is set (from the go env -w file", "build constraints exclude all Go files in /work/sqlite", "go env -u CGO_ENABLED")

	// Explicitly off and nothing needs cgo: fine.
	o = compilerFake(t, true, "CGO_ENABLED=0")
	o.Export("CGO_ENABLED=0")
	checktest.Clean(t, compilerRun(t, o), "cgo off")
	// Explicitly off with a fallback: fine (that is what fallbacks are for).
	o.File("/work/sqlite/sqlite.go", compilerCgoFile)
	o.File("/work/sqlite/nocgo.go", "//go:build !cgo\n\npackage sqlite\n")
	checktest.Clean(t, compilerRun(t, o))
}

func TestCompiler_CrossCompiling(t *testing.T) {
	o := compilerFake(t, true, "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=1")
	o.Export("GOOS=windows", "CGO_ENABLED=1")
	checktest.Only(t, compilerRun(t, o), check.Warning,
		"-mthreads", "x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64")

	// With a cross compiler in CC: fine.
	o = compilerFake(t, true, "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=1", "CC=x86_64-w64-mingw32-gcc")
	o.Export("GOOS=windows", "CGO_ENABLED=1", "CC=x86_64-w64-mingw32-gcc")
	o.Command("/usr/bin/x86_64-w64-mingw32-gcc", factstest.Output(""))
	checktest.Clean(t, compilerRun(t, o))

	// Cross-compiling turns cgo off by default: a cgo-only package breaks.
	o = compilerFake(t, true, "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	o.Export("GOARCH=arm64")
	o.File("/work/sqlite/sqlite.go", compilerCgoFile)
	checktest.Only(t, compilerRun(t, o), check.Error,
		"cross-compiling (linux/arm64 on linux/amd64)", "aarch64-linux-gnu-gcc", "build constraints exclude all Go files")

	// amd64 -> 386 on Linux works with the host gcc (-m32).
	o = compilerFake(t, true, "GOARCH=386")
	o.Export("GOARCH=386", "CGO_ENABLED=1")
	checktest.Clean(t, compilerRun(t, o))
}

func TestCompiler_PerOSAdvice(t *testing.T) {
	t.Run("darwin", func(t *testing.T) {
		o := factstest.NewMachine(t).Darwin().
			Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod", "CGO_ENABLED=0", "CC=clang").
			Path("/usr/local/go/bin", "/usr/bin").
			File("/work/go.mod", "module example.com/m\n\ngo 1.22\n").
			File("/work/sqlite/sqlite.go", compilerCgoFile)
		fd := checktest.Only(t, compilerRun(t, o), check.Error, `"clang" is not on PATH`, "xcode-select --install")
		if strings.Contains(fd.Detail, "-race") {
			t.Errorf("-race does not need cgo on macOS: %s", fd.Detail)
		}
	})
	t.Run("windows", func(t *testing.T) {
		o := factstest.NewMachine(t).Windows().
			Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`, "CGO_ENABLED=0").
			Path(`C:\Go\bin`).
			File("C:/work/go.mod", "module example.com/m\n\ngo 1.22\n").
			File("C:/work/sqlite/sqlite.go", compilerCgoFile)
		checktest.Only(t, compilerRun(t, o), check.Error, "MinGW-w64", "pacman -S mingw-w64-ucrt-x86_64-gcc", `C:\work\sqlite`)

		// gcc.exe found through PATHEXT.
		o.Command(`C:\msys64\ucrt64\bin\gcc.exe`, factstest.Output(""))
		o.Path(`C:\Go\bin`, `C:\msys64\ucrt64\bin`)
		o.Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`, "CGO_ENABLED=1")
		checktest.Clean(t, compilerRun(t, o), `gcc.exe`)
	})
	t.Run("alpine", func(t *testing.T) {
		o := compilerFake(t, false)
		o.File("/etc/os-release", "ID=alpine\n")
		checktest.Only(t, compilerRun(t, o), check.Info, "apk add gcc musl-dev")
	})
}

func TestCompiler_ScanIsCapped(t *testing.T) {
	old := ccompiler.DefaultLimits
	ccompiler.DefaultLimits.Dirs = 5
	defer func() { ccompiler.DefaultLimits = old }()
	o := compilerFake(t, true)
	for i := 0; i < 10; i++ {
		o.File(fmt.Sprintf("/work/d%d/x.go", i), "package x\n")
	}
	r := compilerRun(t, o)
	if !strings.Contains(checktest.Evidence(r.Evidence, "scan stopped early"), "5 directories") {
		t.Errorf("capped scan not reported: %+v", r.Evidence)
	}
}

func TestCompiler_Skips(t *testing.T) {
	checktest.Skipped(t, compilerRun(t, factstest.NewMachine(t)))
}

// TestCompiler_RealGo builds a cgo package with the real go command and
// a PATH without a C compiler, and compares the messages.
func TestCompiler_RealGo(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	goBin, _ = filepath.EvalSymlinks(goBin)
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	mod := filepath.Join(dir, "m")
	for _, d := range []string{bin, filepath.Join(mod, "sqlite")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// PATH holds the go command and no C compiler: a link to go in a
	// folder of its own (go's own bin on Windows, where a link needs
	// privileges and must end in .exe; no gcc is there).
	if runtime.GOOS == "windows" {
		bin = filepath.Dir(goBin)
	} else if err := os.Symlink(goBin, filepath.Join(bin, "go")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(mod, "sqlite", "sqlite.go"), []byte(compilerCgoFile), 0o644)
	t.Setenv("PATH", bin)
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-buildvcs=false")
	t.Setenv("CGO_ENABLED", "")
	t.Setenv("CC", "")

	r := checktest.Run(t, Compiler, facts.System{}, facts.Options{Dir: mod})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	// Nothing imports it: ./... skips it, building it by name fails.
	fd := checktest.Only(t, r, check.Warning, "build constraints exclude all Go files", "skip it without a word")
	real := compilerRealBuild(t, bin, mod, "./sqlite")
	if !strings.Contains(fd.Detail, real) {
		t.Errorf("finding does not quote the real message\nreal:   %s\ndetail: %s", real, fd.Detail)
	}
	if out := compilerRealBuild(t, bin, mod, "./..."); out != `go: warning: "./..." matched no packages` {
		t.Errorf("go build ./... printed %q", out)
	}

	// Imported: go build ./... fails, with the import in its message.
	os.WriteFile(filepath.Join(mod, "main.go"), []byte("package main\n\nimport \"example.com/m/sqlite\"\n\nfunc main() { sqlite.Open() }\n"), 0o644)
	r = checktest.Run(t, Compiler, facts.System{}, facts.Options{Dir: mod})
	fd = checktest.Only(t, r, check.Error, "and is imported")
	for _, line := range strings.Split(compilerRealBuild(t, bin, mod, "./..."), "\n") {
		if !strings.Contains(fd.Detail, line) {
			t.Errorf("finding does not quote %q:\n%s", line, fd.Detail)
		}
	}
}

// compilerRealBuild runs the real `go build pkg` in mod with only bin on
// PATH, expects it to fail, and returns what it printed.
func compilerRealBuild(t *testing.T, bin, mod, pkg string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "go"), "build", pkg)
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if err == nil && pkg != "./..." {
		t.Fatalf("go build %s of a cgo package without a C compiler succeeded", pkg)
	}
	return strings.TrimSpace(string(out))
}
