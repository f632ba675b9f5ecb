package tools

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
	"github.com/godx-dev/godx/internal/goversion"
)

// tinygoTFake adds a tinygo to /usr/local/bin that prints version out.
func tinygoTFake(t *testing.T, goVersion, gomod, out string) *factstest.Machine {
	t.Helper()
	o := testMachine(t, goVersion, gomod)
	o.Path("/usr/local/bin", "/usr/local/go/bin", "/usr/bin")
	o.AddCommand("/usr/local/bin/tinygo", func(ctx context.Context, c facts.Command) facts.Result {
		if len(c.Args) != 1 || c.Args[0] != "version" {
			return factstest.Failure(1, "unexpected arguments")
		}
		return factstest.Output(out)
	})
	return o
}

func TestTinyGo_NotOnPath(t *testing.T) {
	checktest.Clean(t, testRun(t, TinyGo, testMachine(t, "go1.26.8", testGoMod)), "tinygo is not on PATH")
}

func TestTinyGo_CleanGivesNoFinding(t *testing.T) {
	o := tinygoTFake(t, "go1.26.8", testGoMod, "tinygo version 0.41.0 linux/amd64 (using go version go1.26.8 and LLVM version 20.1.1)\n")
	checktest.Clean(t, testRun(t, TinyGo, o), "TinyGo 0.41.0 supports Go 1.19 to 1.26; it compiles with go1.26.8")
}

func TestTinyGo_GoTooNew(t *testing.T) {
	o := tinygoTFake(t, "go1.26.8", testGoMod, "tinygo version 0.39.0 linux/amd64 (using go version go1.26.8 and LLVM version 19.1.2)\n")
	fd := checktest.Only(t, testRun(t, TinyGo, o), check.Error,
		"TinyGo 0.39.0 supports Go 1.19 to 1.25, but it would compile with go1.26.8",
		"error: requires go version 1.19 through 1.25, got go1.26",
		"Install TinyGo 0.42 (https://tinygo.org/getting-started/install/), the newest release godx knows that supports go1.26")
	if got := fd.Fix.Commands; len(got) != 3 || got[0] != "go install golang.org/dl/go1.25.0@latest" || got[2] != `export PATH="$(go1.25.0 env GOROOT)/bin:$PATH"` {
		t.Errorf("fix = %q", got)
	}
}

func TestTinyGo_GoTooOld(t *testing.T) {
	o := tinygoTFake(t, "go1.24.3", "module example.com/m\n\ngo 1.24\n", "tinygo version 0.42.0 darwin/arm64 (using go version go1.24.3 and LLVM version 20.1.1)\n")
	checktest.Only(t, testRun(t, TinyGo, o), check.Error, "error: requires go version 1.25 through 1.27, got go1.24", "go1.25.0")
}

func TestTinyGo_ToolchainSwitch(t *testing.T) {
	o := tinygoTFake(t, "go1.26.8", "module example.com/m\n\ngo 1.27.0\n", "tinygo version 0.41.0 linux/amd64 (using go version go1.26.8 and LLVM version 20.1.1)\n")
	checktest.Only(t, testRun(t, TinyGo, o), check.Error, "requires go version 1.19 through 1.26, got go1.27", "switches it to go1.27.0 there")
}

func TestTinyGo_CompatibilityCheckOff(t *testing.T) {
	o := tinygoTFake(t, "go1.26.8", testGoMod, "tinygo version 0.40.1 linux/amd64 (using go version go1.26.8 and LLVM version 20.1.1)\n")
	o.Export("TINYGO_GOCOMPATIBILITY=false")
	checktest.Only(t, testRun(t, TinyGo, o), check.Warning, "TINYGO_GOCOMPATIBILITY=false turns off the check")
}

func TestTinyGo_BuiltWithOlderGo(t *testing.T) {
	// A tinygo whose build information names its release: no need to run it.
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Path("/usr/local/bin", "/usr/local/go/bin")
	o.Executable("/usr/local/bin/tinygo", string(toolbintest.Bytes(t, "github.com/tinygo-org/tinygo", "v0.41.0", "go1.25.0")))
	checktest.Only(t, testRun(t, TinyGo, o), check.Error,
		"cannot compile with Go toolchain version go1.26 (TinyGo was built using toolchain version go1.25.0)",
		"TinyGo release (from build information): 0.41.0")
}

func TestTinyGo_UnknownRelease(t *testing.T) {
	o := tinygoTFake(t, "go1.26.8", testGoMod, "tinygo version 0.35.0 linux/amd64 (using go version go1.26.8 and LLVM version 18.1.2)\n")
	checktest.Only(t, testRun(t, TinyGo, o), check.Info, "TinyGo 0.35.0 is not in godx's table")

	o = tinygoTFake(t, "go1.26.8", testGoMod, "something else\n")
	checktest.Only(t, testRun(t, TinyGo, o), check.Info, "cannot tell which TinyGo release", "something else")

	o = testMachine(t, "go1.26.8", testGoMod)
	o.Path("/usr/local/bin", "/usr/local/go/bin")
	o.Command("/usr/local/bin/tinygo", factstest.Failure(1, "tinygo: error while loading shared libraries: libLLVM.so.20: cannot open shared object file\n"))
	checktest.Only(t, testRun(t, TinyGo, o), check.Info, "`tinygo version` failed", "libLLVM.so.20")
}

// TestTinyGo_RealMachine: a tinygo script on PATH and the real go.
func TestTinyGo_RealMachine(t *testing.T) {
	goBin := "/usr/local/go/bin"
	if _, err := os.Stat(filepath.Join(goBin, "go")); err != nil || runtime.GOOS == "windows" {
		t.Skip("needs the go command in /usr/local/go/bin and a shell")
	}
	bin, proj := t.TempDir(), t.TempDir()
	home := testHome(t)
	script := "#!/bin/sh\nif [ \"$GOTOOLCHAIN\" != local ]; then echo \"GOTOOLCHAIN=$GOTOOLCHAIN\" >&2; exit 3; fi\n" +
		"echo 'tinygo version 0.33.0 linux/amd64 (using go version go1.23.1 and LLVM version 18.1.2)'\n"
	if err := os.WriteFile(filepath.Join(bin, "tinygo"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "")
	t.Setenv("PATH", bin+string(os.PathListSeparator)+goBin)
	r := checktest.Run(t, TinyGo, facts.System{}, facts.Options{Dir: proj})
	local := toolbintest.LocalGoVersion(t)
	checktest.Only(t, r, check.Error, "error: requires go version 1.19 through 1.23, got go1."+tinygoTMinorText(local))
}

func tinygoTMinorText(v string) string {
	m := goversion.Minor(goversion.Local(v))
	if m < 0 {
		return "?"
	}
	return fmt.Sprint(m)
}

// golang.org/dl names releases before Go 1.21 without ".0" (go1.20), and
// later ones with it (go1.21.0): the fix must name a wrapper that exists.
func TestTinyGo_FixNamesExistingGoRelease(t *testing.T) {
	o := tinygoTFake(t, "go1.26.8", testGoMod, "tinygo version 0.28.1 linux/amd64 (using go version go1.20.5 and LLVM version 15.0.0)\n")
	r := testRun(t, TinyGo, o)
	checktest.Only(t, r, check.Error, "go install golang.org/dl/go1.20@latest", "go1.20 download")
	o = tinygoTFake(t, "go1.20.14", "", "tinygo version 0.42.0 linux/amd64 (using go version go1.27.1 and LLVM version 20.1.1)\n")
	r = testRun(t, TinyGo, o)
	checktest.Only(t, r, check.Error, "go install golang.org/dl/go1.25.0@latest", "go1.25.0 download")
}
