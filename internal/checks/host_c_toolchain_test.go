package checks

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// hostCTestOS is a fake machine with Go, cgo on and CC=cc at ccDir; with
// cgoPkg the module at /work has a package importing "C".
func hostCTestOS(goos, cc string, cgoPkg bool) *factstest.OS {
	o := factstest.New()
	o.OSName = goos
	wd, home, gomod := "/work", "/home/me", "/work/go.mod"
	if goos == "windows" {
		wd, home, gomod = `C:\work`, `C:\Users\me`, `C:\work\go.mod`
		o.Wd = wd
		o.AddDir(wd)
		o.Setenv("USERPROFILE", home)
	}
	o.Setenv("HOME", home)
	vars := map[string]string{"CGO_ENABLED": "1", "CC": cc, "GOMOD": gomod}
	goroot := "/usr/local/go"
	if goos == "windows" {
		goroot = `C:\Program Files\Go`
	}
	o.AddGo(goroot, "go1.26.8", vars)
	o.AddFile(gomod, "module example.com/m\n\ngo 1.26\n", 0)
	if cgoPkg {
		o.AddFile(wd+"/sqlite.go", "package m\n\n// #include <stdlib.h>\nimport \"C\"\n", 0)
	}
	return o
}

func TestHostCToolchain_MacWithoutCommandLineTools(t *testing.T) {
	for _, cgoPkg := range []bool{false, true} {
		o := hostCTestOS("darwin", "clang", cgoPkg)
		o.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
		o.AddFile("/usr/bin/clang", "stub", 0o755)
		o.AddCommand("/usr/bin/xcode-select", func(ctx context.Context, c facts.Command) facts.Result {
			return factstest.Failure(2, "xcode-select: error: unable to get active developer directory. Use `sudo xcode-select --switch path/to/Xcode.app` to toggle between command line tools and Xcode.\n")
		})
		r := checktest.Run(t, HostCToolchain, o, facts.Options{})
		sev := check.Warning
		if cgoPkg {
			sev = check.Error
		}
		checktest.Only(t, r, sev, "only Apple's stub", "unable to get active developer directory", "invalid active developer path", "xcode-select --install")
	}
}

func TestHostCToolchain_MacDeveloperDir(t *testing.T) {
	o := hostCTestOS("darwin", "clang", true)
	o.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
	o.AddFile("/usr/bin/clang", "stub", 0o755)
	o.AddCommand("/usr/bin/xcode-select", func(ctx context.Context, c facts.Command) facts.Result {
		return factstest.Output("/Library/Developer/CommandLineTools\n")
	})
	// After a macOS upgrade the directory is still selected but empty.
	checktest.Only(t, checktest.Run(t, HostCToolchain, o, facts.Options{}), check.Error, "has no usr/bin/xcrun", "macOS upgrade")

	o.AddFile("/Library/Developer/CommandLineTools/usr/bin/xcrun", "x", 0o755)
	r := checktest.Run(t, HostCToolchain, o, facts.Options{})
	if len(r.Findings) != 0 || !strings.Contains(r.Summary, "/Library/Developer/CommandLineTools") {
		t.Fatalf("findings %+v summary %q", r.Findings, r.Summary)
	}
}

func TestHostCToolchain_Windows(t *testing.T) {
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
		o := hostCTestOS("windows", "gcc", true)
		o.Setenv("PATH", `C:\Program Files\Go\bin;C:\msys64\ucrt64\bin`)
		triple := c.triple
		o.AddCommand(`C:\msys64\ucrt64\bin\gcc.exe`, func(ctx context.Context, cmd facts.Command) facts.Result {
			return factstest.Output(triple + "\n")
		})
		r := checktest.Run(t, HostCToolchain, o, facts.Options{})
		if c.want == nil {
			if len(r.Findings) != 0 || !strings.Contains(r.Summary, "MinGW-w64") {
				t.Errorf("%s: findings %+v summary %q skip %q", c.triple, r.Findings, r.Summary, r.SkipReason)
			}
			continue
		}
		checktest.Only(t, r, check.Error, c.want...)
	}
}

func TestHostCToolchain_LinuxHeaders(t *testing.T) {
	o := hostCTestOS("linux", "gcc", false)
	o.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
	o.AddCommand("/usr/bin/gcc", func(ctx context.Context, c facts.Command) facts.Result {
		return facts.Result{Stderr: []byte("Using built-in specs.\n#include \"...\" search starts here:\n#include <...> search starts here:\n /usr/lib/gcc/x86_64-linux-gnu/12/include\n /usr/local/include\n /usr/include\nEnd of search list.\n")}
	})
	o.AddFile("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n", 0)
	r := checktest.Run(t, HostCToolchain, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "C library headers are not", "errno.h: No such file or directory", "net/http", "sudo apt install build-essential")

	o.AddFile("/usr/include/stdlib.h", "", 0)
	r = checktest.Run(t, HostCToolchain, o, facts.Options{})
	if len(r.Findings) != 0 || !strings.Contains(r.Summary, "/usr/include/stdlib.h") {
		t.Fatalf("findings %+v summary %q", r.Findings, r.Summary)
	}
}

func TestHostCToolchain_SkipsWhatCgoCompilerReports(t *testing.T) {
	o := hostCTestOS("linux", "gcc", true)
	o.Setenv("PATH", "/usr/local/go/bin")
	r := checktest.Run(t, HostCToolchain, o, facts.Options{})
	if !strings.Contains(r.SkipReason, "cgo/compiler") {
		t.Errorf("missing compiler: skip %q findings %+v", r.SkipReason, r.Findings)
	}
	o = factstest.New()
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"CGO_ENABLED": "0"})
	o.Setenv("PATH", "/usr/local/go/bin")
	if r := checktest.Run(t, HostCToolchain, o, facts.Options{}); !strings.Contains(r.SkipReason, "cgo is off") {
		t.Errorf("cgo off: skip %q", r.SkipReason)
	}
}

func TestHostCToolchain_RealMachine(t *testing.T) {
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
	r := checktest.Run(t, HostCToolchain, facts.System{}, facts.Options{Dir: dir})
	if len(r.Findings) != 0 || !strings.Contains(r.Summary, "stdlib.h") {
		t.Fatalf("findings %+v summary %q skip %q", r.Findings, r.Summary, r.SkipReason)
	}
}
