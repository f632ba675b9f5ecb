package host

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// cToolchainTestOS is a fake machine (goos) of user me with Go, cgo on and
// CC=cc; with cgoPkg the module in the working directory has a package
// importing "C".
func cToolchainTestOS(t *testing.T, goos, cc string, cgoPkg bool) *factstest.Machine {
	o := factstest.NewMachine(t).Linux().Home("/home/me")
	goroot, gomod := "/usr/local/go", "/work/go.mod"
	switch goos {
	case "windows":
		o = factstest.NewMachine(t).Windows().Home(`C:\Users\me`).Export(`HOME=C:\Users\me`)
		goroot, gomod = `C:\Program Files\Go`, `C:\work\go.mod`
	case "darwin":
		o.OSName = "darwin"
	}
	o.Go(goroot, "go1.26.8", "CGO_ENABLED=1", "CC="+cc, "GOMOD="+gomod).
		File(gomod, "module example.com/m\n\ngo 1.26\n")
	if cgoPkg {
		o.File(o.Wd+"/sqlite.go", "package m\n\n// #include <stdlib.h>\nimport \"C\"\n")
	}
	return o
}

func TestCToolchain_MacWithoutCommandLineTools(t *testing.T) {
	for _, cgoPkg := range []bool{false, true} {
		o := cToolchainTestOS(t, "darwin", "clang", cgoPkg).
			Path("/usr/local/go/bin", "/usr/bin").
			Executable("/usr/bin/clang", "stub").
			Command("/usr/bin/xcode-select", factstest.Failure(2, "xcode-select: error: unable to get active developer directory. Use `sudo xcode-select --switch path/to/Xcode.app` to toggle between command line tools and Xcode.\n"))
		r := checktest.Run(t, CToolchain, o, facts.Options{})
		sev := check.Warning
		if cgoPkg {
			sev = check.Error
		}
		checktest.Only(t, r, sev, "only Apple's stub", "unable to get active developer directory", "invalid active developer path", "xcode-select --install")
	}
}

func TestCToolchain_MacDeveloperDir(t *testing.T) {
	o := cToolchainTestOS(t, "darwin", "clang", true).
		Path("/usr/local/go/bin", "/usr/bin").
		Executable("/usr/bin/clang", "stub").
		Command("/usr/bin/xcode-select", factstest.Output("/Library/Developer/CommandLineTools\n"))
	// After a macOS upgrade the directory is still selected but empty.
	checktest.Only(t, checktest.Run(t, CToolchain, o, facts.Options{}), check.Error, "has no usr/bin/xcrun", "macOS upgrade")

	o.Executable("/Library/Developer/CommandLineTools/usr/bin/xcrun", "x")
	r := checktest.Run(t, CToolchain, o, facts.Options{})
	checktest.Clean(t, r, "/Library/Developer/CommandLineTools")
}

func TestCToolchain_Windows(t *testing.T) {
	cases := []struct {
		triple string
		want   []string
	}{
		{"x86_64-w64-mingw32", nil},
		{"x86_64-pc-cygwin", []string{"not MinGW-w64", "Cygwin", "pacman -S mingw-w64-ucrt-x86_64-gcc"}},
		{"i686-w64-mingw32", []string{"builds for i686-w64-mingw32, but Go builds for windows/amd64", "64-bit mode not compiled in"}},
		{"mingw32", []string{"but Go builds for windows/amd64"}},
	}
	for _, c := range cases {
		t.Run(c.triple, func(t *testing.T) {
			o := cToolchainTestOS(t, "windows", "gcc", true).
				Path(`C:\Program Files\Go\bin`, `C:\msys64\ucrt64\bin`).
				Command(`C:\msys64\ucrt64\bin\gcc.exe`, factstest.Output(c.triple+"\n"))
			r := checktest.Run(t, CToolchain, o, facts.Options{})
			if c.want == nil {
				checktest.Clean(t, r, "MinGW-w64")
				return
			}
			checktest.Only(t, r, check.Error, c.want...)
		})
	}
}

func TestCToolchain_LinuxHeaders(t *testing.T) {
	o := cToolchainTestOS(t, "linux", "gcc", false).
		Path("/usr/local/go/bin", "/usr/bin").
		Command("/usr/bin/gcc", facts.Result{Stderr: []byte("Using built-in specs.\n#include \"...\" search starts here:\n#include <...> search starts here:\n /usr/lib/gcc/x86_64-linux-gnu/12/include\n /usr/local/include\n /usr/include\nEnd of search list.\n")}).
		File("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n")
	r := checktest.Run(t, CToolchain, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "C library headers are not", "errno.h: No such file or directory", "net/http", "sudo apt install build-essential")

	o.File("/usr/include/stdlib.h", "")
	r = checktest.Run(t, CToolchain, o, facts.Options{})
	checktest.Clean(t, r, "/usr/include/stdlib.h")
}

func TestCToolchain_SkipsWhatCgoCompilerReports(t *testing.T) {
	o := cToolchainTestOS(t, "linux", "gcc", true).
		Path("/usr/local/go/bin")
	checktest.Skipped(t, checktest.Run(t, CToolchain, o, facts.Options{}), "cgo/compiler") // no compiler

	o = factstest.NewMachine(t).
		Go("/usr/local/go", "go1.26.8", "CGO_ENABLED=0").
		Path("/usr/local/go/bin")
	checktest.Skipped(t, checktest.Run(t, CToolchain, o, facts.Options{}), "cgo is off")
}

func TestCToolchain_RealMachine(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a Linux machine's layout (/usr/local/go, /usr/include)")
	}
	if _, err := os.Stat("/usr/local/go/bin/go"); err != nil {
		t.Skip("needs the real go")
	}
	if _, err := os.Stat("/usr/include/stdlib.h"); err != nil {
		t.Skip("needs C headers")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n"), 0o644)
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-buildvcs=false")
	t.Setenv("CGO_ENABLED", "1")
	t.Setenv("HOME", dir)
	r := checktest.Run(t, CToolchain, facts.System{}, facts.Options{Dir: dir})
	checktest.Clean(t, r, "stdlib.h")
}
