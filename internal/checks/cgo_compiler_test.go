package checks

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/ccompiler"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const (
	cgoCompilerCgoFile  = "package sqlite\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc F() { C.free(nil) }\n"
	cgoCompilerPureFile = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"C\") }\n"
)

// cgoCompilerFake is a Linux machine with go1.26.8, a module
// example.com/m in /work, and gcc in /usr/bin when withGCC.
func cgoCompilerFake(t *testing.T, withGCC bool, vars map[string]string) *factstest.OS {
	t.Helper()
	o := factstest.New()
	all := map[string]string{"GOMOD": "/work/go.mod", "CGO_ENABLED": "1"}
	if !withGCC {
		all["CGO_ENABLED"] = "0"
	}
	for k, v := range vars {
		all[k] = v
	}
	o.AddGo("/usr/local/go", "go1.26.8", all)
	o.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
	o.Setenv("HOME", "/home/u")
	if withGCC {
		o.AddCommand("/usr/bin/gcc", func(ctx context.Context, c facts.Command) facts.Result { return factstest.Output("") })
	}
	o.AddFile("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n", 0)
	o.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.22\n", 0)
	o.AddFile("/work/main.go", cgoCompilerPureFile, 0)
	return o
}

func cgoCompilerRun(t *testing.T, o *factstest.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, CgoCompiler, o, facts.Options{})
	if r.Err != nil {
		t.Fatalf("Run: %v", r.Err)
	}
	return r
}

func TestCgoCompiler_CleanGivesNoFinding(t *testing.T) {
	r := cgoCompilerRun(t, cgoCompilerFake(t, true, nil))
	if len(r.Findings) != 0 || r.SkipReason != "" {
		t.Fatalf("clean: %+v skip %q", r.Findings, r.SkipReason)
	}
	if !strings.Contains(r.Summary, "cgo on, CC gcc (/usr/bin/gcc)") {
		t.Errorf("summary = %q", r.Summary)
	}

	// A cgo package with its compiler present is fine too.
	o := cgoCompilerFake(t, true, nil)
	o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
	r = cgoCompilerRun(t, o)
	if len(r.Findings) != 0 || !strings.Contains(r.Summary, "1 package(s) of the module use cgo") {
		t.Fatalf("cgo package with gcc: %+v %q", r.Findings, r.Summary)
	}
}

func TestCgoCompiler_SilentlyOffBreaksCgoPackage(t *testing.T) {
	o := cgoCompilerFake(t, false, nil)
	o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
	fd := checktest.Only(t, cgoCompilerRun(t, o), check.Error,
		"package example.com/m/sqlite: build constraints exclude all Go files in /work/sqlite",
		"go: -race requires cgo; enable cgo by setting CGO_ENABLED=1",
		`the C compiler "gcc" is not on PATH`, "sudo apt install gcc")
	if !strings.Contains(fd.Summary, "example.com/m/sqlite") {
		t.Errorf("summary: %s", fd.Summary)
	}
}

func TestCgoCompiler_SilentlyOffWithFallback(t *testing.T) {
	o := cgoCompilerFake(t, false, nil)
	o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
	o.AddFile("/work/sqlite/nocgo.go", "//go:build !cgo\n\npackage sqlite\n\nfunc F() {}\n", 0)
	checktest.Only(t, cgoCompilerRun(t, o), check.Warning, "sqlite.go", "left out of every build")
}

func TestCgoCompiler_SilentlyOffNoCgoInModule(t *testing.T) {
	o := cgoCompilerFake(t, false, nil)
	checktest.Only(t, cgoCompilerRun(t, o), check.Info, `"gcc" is not on PATH`, "-race requires cgo")

	// cmd/go ignores a CGO_ENABLED that is neither 0 nor 1.
	o.Setenv("CGO_ENABLED", "yes")
	checktest.Only(t, cgoCompilerRun(t, o), check.Info, `"gcc" is not on PATH`)
}

func TestCgoCompiler_ForcedOnWithoutCompiler(t *testing.T) {
	o := cgoCompilerFake(t, false, map[string]string{"CGO_ENABLED": "1"})
	o.Setenv("CGO_ENABLED", "1")
	checktest.Only(t, cgoCompilerRun(t, o), check.Error,
		`cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`,
		"# runtime/cgo", "CGO_ENABLED=1, from the environment", "sudo apt install gcc", "stop forcing it on")
}

func TestCgoCompiler_CCNamesMissingCompiler(t *testing.T) {
	// CC set in the environment keeps cgo on (no automatic fallback).
	o := cgoCompilerFake(t, true, map[string]string{"CC": "nosuchcc -m64"})
	o.Setenv("CC", "nosuchcc -m64")
	fd := checktest.Only(t, cgoCompilerRun(t, o), check.Warning,
		`cgo: C compiler "nosuchcc" not found: exec: "nosuchcc": executable file not found in $PATH`, "unset CC")
	if strings.Contains(fd.Summary, "gcc") {
		t.Errorf("summary names the wrong compiler: %s", fd.Summary)
	}
	// The same with a cgo package in the module is an error.
	o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
	checktest.Only(t, cgoCompilerRun(t, o), check.Error, "Package example.com/m/sqlite imports \"C\"")

	// An absolute CC that does not exist.
	o = cgoCompilerFake(t, true, map[string]string{"CC": "/opt/cross/bin/gcc"})
	o.AddFile("/home/u/.config/go/env", "CC=/opt/cross/bin/gcc\n", 0)
	checktest.Only(t, cgoCompilerRun(t, o), check.Warning,
		`cgo: C compiler "/opt/cross/bin/gcc" not found: exec: "/opt/cross/bin/gcc": stat /opt/cross/bin/gcc: no such file or directory`,
		"go env -u CC")
}

func TestCgoCompiler_ExplicitlyOff(t *testing.T) {
	o := cgoCompilerFake(t, true, map[string]string{"CGO_ENABLED": "0"})
	o.AddFile("/home/u/.config/go/env", "CGO_ENABLED=0\n", 0)
	o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
	checktest.Only(t, cgoCompilerRun(t, o), check.Error,
		"CGO_ENABLED=0 is set (from the go env -w file", "build constraints exclude all Go files in /work/sqlite", "go env -u CGO_ENABLED")

	// Explicitly off and nothing needs cgo: fine.
	o = cgoCompilerFake(t, true, map[string]string{"CGO_ENABLED": "0"})
	o.Setenv("CGO_ENABLED", "0")
	r := cgoCompilerRun(t, o)
	if len(r.Findings) != 0 || !strings.Contains(r.Summary, "cgo off") {
		t.Fatalf("explicit off, pure module: %+v %q", r.Findings, r.Summary)
	}
	// Explicitly off with a fallback: fine (that is what fallbacks are for).
	o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
	o.AddFile("/work/sqlite/nocgo.go", "//go:build !cgo\n\npackage sqlite\n", 0)
	if r := cgoCompilerRun(t, o); len(r.Findings) != 0 {
		t.Fatalf("explicit off with fallback: %+v", r.Findings)
	}
}

func TestCgoCompiler_CrossCompiling(t *testing.T) {
	vars := map[string]string{"GOOS": "windows", "GOARCH": "amd64", "CGO_ENABLED": "1"}
	o := cgoCompilerFake(t, true, vars)
	o.Setenv("GOOS", "windows")
	o.Setenv("CGO_ENABLED", "1")
	checktest.Only(t, cgoCompilerRun(t, o), check.Warning,
		"-mthreads", "x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64")

	// With a cross compiler in CC: fine.
	vars["CC"] = "x86_64-w64-mingw32-gcc"
	o = cgoCompilerFake(t, true, vars)
	o.Setenv("GOOS", "windows")
	o.Setenv("CGO_ENABLED", "1")
	o.Setenv("CC", "x86_64-w64-mingw32-gcc")
	o.AddCommand("/usr/bin/x86_64-w64-mingw32-gcc", func(ctx context.Context, c facts.Command) facts.Result { return factstest.Output("") })
	if r := cgoCompilerRun(t, o); len(r.Findings) != 0 {
		t.Fatalf("cross compiler set: %+v", r.Findings)
	}

	// Cross-compiling turns cgo off by default: a cgo-only package breaks.
	o = cgoCompilerFake(t, true, map[string]string{"GOOS": "linux", "GOARCH": "arm64", "CGO_ENABLED": "0"})
	o.Setenv("GOARCH", "arm64")
	o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
	checktest.Only(t, cgoCompilerRun(t, o), check.Error,
		"cross-compiling (linux/arm64 on linux/amd64)", "aarch64-linux-gnu-gcc", "build constraints exclude all Go files")

	// amd64 -> 386 on Linux works with the host gcc (-m32).
	o = cgoCompilerFake(t, true, map[string]string{"GOARCH": "386"})
	o.Setenv("GOARCH", "386")
	o.Setenv("CGO_ENABLED", "1")
	if r := cgoCompilerRun(t, o); len(r.Findings) != 0 {
		t.Fatalf("amd64 -> 386: %+v", r.Findings)
	}
}

func TestCgoCompiler_PerOSAdvice(t *testing.T) {
	t.Run("darwin", func(t *testing.T) {
		o := factstest.New()
		o.OSName, o.Arch = "darwin", "arm64"
		o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOMOD": "/work/go.mod", "CGO_ENABLED": "0", "CC": "clang"})
		o.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
		o.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.22\n", 0)
		o.AddFile("/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
		fd := checktest.Only(t, cgoCompilerRun(t, o), check.Error, `"clang" is not on PATH`, "xcode-select --install")
		if strings.Contains(fd.Detail, "-race") {
			t.Errorf("-race does not need cgo on macOS: %s", fd.Detail)
		}
	})
	t.Run("windows", func(t *testing.T) {
		o := factstest.New()
		o.OSName = "windows"
		o.Wd = `C:\work`
		o.AddDir("C:/work")
		o.AddGo("C:/Go", "go1.26.8", map[string]string{"GOMOD": `C:\work\go.mod`, "CGO_ENABLED": "0"})
		o.Setenv("PATH", `C:\Go\bin`)
		o.AddFile("C:/work/go.mod", "module example.com/m\n\ngo 1.22\n", 0)
		o.AddFile("C:/work/sqlite/sqlite.go", cgoCompilerCgoFile, 0)
		checktest.Only(t, cgoCompilerRun(t, o), check.Error, "MinGW-w64", "pacman -S mingw-w64-ucrt-x86_64-gcc", `C:\work\sqlite`)

		// gcc.exe found through PATHEXT.
		o.AddCommand(`C:\msys64\ucrt64\bin\gcc.exe`, func(ctx context.Context, c facts.Command) facts.Result { return factstest.Output("") })
		o.Setenv("PATH", `C:\Go\bin;C:\msys64\ucrt64\bin`)
		o.AddGo("C:/Go", "go1.26.8", map[string]string{"GOMOD": `C:\work\go.mod`, "CGO_ENABLED": "1"})
		r := cgoCompilerRun(t, o)
		if len(r.Findings) != 0 || !strings.Contains(r.Summary, `gcc.exe`) {
			t.Fatalf("windows with gcc.exe: %+v %q", r.Findings, r.Summary)
		}
	})
	t.Run("alpine", func(t *testing.T) {
		o := cgoCompilerFake(t, false, nil)
		o.AddFile("/etc/os-release", "ID=alpine\n", 0)
		checktest.Only(t, cgoCompilerRun(t, o), check.Info, "apk add gcc musl-dev")
	})
}

func TestCgoCompiler_ScanIsCapped(t *testing.T) {
	old := ccompiler.DefaultLimits
	ccompiler.DefaultLimits.Dirs = 5
	defer func() { ccompiler.DefaultLimits = old }()
	o := cgoCompilerFake(t, true, nil)
	for i := 0; i < 10; i++ {
		o.AddFile(fmt.Sprintf("/work/d%d/x.go", i), "package x\n", 0)
	}
	r := cgoCompilerRun(t, o)
	found := false
	for _, e := range r.Evidence {
		if e.Key == "scan stopped early" && strings.Contains(e.Value, "5 directories") {
			found = true
		}
	}
	if !found {
		t.Errorf("capped scan not reported: %+v", r.Evidence)
	}
}

func TestCgoCompiler_Skips(t *testing.T) {
	if r := cgoCompilerRun(t, factstest.New()); r.SkipReason == "" {
		t.Errorf("no go: %+v", r)
	}
}

// TestCgoCompiler_RealGo builds a cgo package with the real go command and
// a PATH without a C compiler, and compares the messages.
func TestCgoCompiler_RealGo(t *testing.T) {
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
	if err := os.Symlink(goBin, filepath.Join(bin, "go")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(mod, "sqlite", "sqlite.go"), []byte(cgoCompilerCgoFile), 0o644)
	t.Setenv("PATH", bin)
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-buildvcs=false")
	t.Setenv("CGO_ENABLED", "")
	t.Setenv("CC", "")

	r := checktest.Run(t, CgoCompiler, facts.System{}, facts.Options{Dir: mod})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	fd := checktest.Only(t, r, check.Error, "build constraints exclude all Go files")

	cmd := exec.Command(filepath.Join(bin, "go"), "build", "./sqlite")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("go build of a cgo package without a C compiler succeeded")
	}
	real := strings.TrimSpace(string(out))
	// The check names the directory as godx saw it; compare after
	// resolving the temp dir the same way the go command did.
	if !strings.Contains(fd.Detail, real) {
		t.Errorf("finding does not quote the real message\nreal:   %s\ndetail: %s", real, fd.Detail)
	}
}
