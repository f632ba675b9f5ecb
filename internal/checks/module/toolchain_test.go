package module

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// toolchainTestFake is a Linux machine with go1.26.8 in /usr/local/go,
// a module in /work whose go.mod is gomod, and GOTOOLCHAIN=gorootEnv in
// $GOROOT/go.env ("" for no GOTOOLCHAIN line); goenv overrides what go env
// prints.
func toolchainTestFake(t *testing.T, gomod, gorootEnv string, goenv ...string) *factstest.Machine {
	t.Helper()
	env := "GOPROXY=https://proxy.example.invalid,direct\nGOSUMDB=sum.example.invalid\n"
	if gorootEnv != "" {
		env += "GOTOOLCHAIN=" + gorootEnv + "\n"
	}
	o := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8", append([]string{"GOMOD=/work/go.mod", "GOMODCACHE=/home/u/go/pkg/mod",
			"GOPROXY=https://proxy.example.invalid,direct", "GOSUMDB=sum.example.invalid"}, goenv...)...).
		File("/usr/local/go/go.env", env).
		Path("/usr/local/go/bin", "/usr/bin")
	if gomod != "" {
		o.File("/work/go.mod", gomod)
	}
	return o
}

func toolchainTestRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, Toolchain, o, facts.Options{})
	if r.Err != nil {
		t.Fatalf("Run: %v", r.Err)
	}
	return r
}

func toolchainTestGoMod(goLine, toolchain string) string {
	s := "module example.com/m\n\ngo " + goLine + "\n"
	if toolchain != "" {
		s += "\ntoolchain " + toolchain + "\n"
	}
	return s
}

func TestToolchain_CleanGivesNoFinding(t *testing.T) {
	for _, env := range []string{"auto", "local"} {
		t.Run(env, func(t *testing.T) {
			r := toolchainTestRun(t, toolchainTestFake(t, toolchainTestGoMod("1.22", ""), env))
			checktest.Clean(t, r, "go1.26.8 runs (GOTOOLCHAIN="+env+" from /usr/local/go/go.env)")
		})
	}
	// Outside any module.
	o := toolchainTestFake(t, "", "auto", "GOMOD=/dev/null")
	checktest.Clean(t, toolchainTestRun(t, o)) // outside a module
}

func TestToolchain_LocalFromGorootEnvTooOld(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "local")
	fd := checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)",
		"/usr/local/go/go.env", "go env -changed", "go env -w GOTOOLCHAIN=auto")
	if fd.Fix.Commands[0] != "go env -w GOTOOLCHAIN=auto" {
		t.Errorf("first fix command = %q", fd.Fix.Commands[0])
	}
}

func TestToolchain_LocalFromEnvironment(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27", ""), "auto")
	o.Export("GOTOOLCHAIN=local")
	fd := checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: go.mod requires go >= 1.27 (running go 1.26.8; GOTOOLCHAIN=local)", "environment", "export GOTOOLCHAIN=auto", "go1.27.0")
	if strings.Contains(checktest.Text(fd), "go env -w GOTOOLCHAIN") {
		t.Errorf("go env -w cannot override the environment:\n%s", checktest.Text(fd))
	}
}

func TestToolchain_LocalFromEnvFile(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto")
	o.File("/home/u/.config/go/env", "GOTOOLCHAIN=local\n")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"GOTOOLCHAIN=local (from the go env -w file /home/u/.config/go/env)", "go env -w GOTOOLCHAIN=auto",
		"GOTOOLCHAIN overridden: auto (from /usr/local/go/go.env)")
}

func TestToolchain_WindowsEnvironmentFix(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`, `GOMODCACHE=C:\Users\u\go\pkg\mod`).
		File("C:/work/go.mod", toolchainTestGoMod("1.27.0", "")).
		Path(`C:\Go\bin`).
		Export("GOTOOLCHAIN=local")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)", "$env:GOTOOLCHAIN = 'auto'")
}

func TestToolchain_NothingSetsGOTOOLCHAIN(t *testing.T) {
	// A packager deleted the GOTOOLCHAIN line from go.env: the go command
	// never switches and its message names no GOTOOLCHAIN.
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "")
	fd := checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: go.mod requires go >= 1.27.0 (running go 1.26.8)\n", "nothing sets GOTOOLCHAIN", "go env -w GOTOOLCHAIN=auto")
	if strings.Contains(fd.Detail, "GOTOOLCHAIN=auto)") {
		t.Errorf("detail: %s", fd.Detail)
	}
}

func TestToolchain_GoWorkAndShortPath(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.22.0", ""), "local", "GOWORK=/work/go.work")
	o.File("/work/go.work", "go 1.27.1\n\nuse .\n")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: go.work requires go >= 1.27.1 (running go 1.26.8; GOTOOLCHAIN=local)")

	// From a subdirectory the go command prints ../go.mod.
	o = toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "local")
	o.Dir("/work/sub")
	r := checktest.Run(t, Toolchain, o, facts.Options{Dir: "/work/sub"})
	checktest.Only(t, r, check.Error, "go: ../go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)")

	// A GOWORK naming a missing file: the go command reads go.mod.
	o = toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "local", "GOWORK=/nowhere/go.work")
	checktest.Only(t, toolchainTestRun(t, o), check.Error, "go: go.mod requires go >= 1.27.0")
}

func TestToolchain_AutoSwitchDownloads(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27", ""), "auto")
	checktest.Only(t, toolchainTestRun(t, o), check.Info,
		"go1.27.0", "go: downloading go1.27.0 (linux/amd64)", "not downloaded",
		"/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64")
}

func TestToolchain_AutoSwitchCached(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.2", ""), "auto")
	o.Executable("/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.2.linux-amd64/bin/go", "x")
	fd := checktest.Only(t, toolchainTestRun(t, o), check.Info, "will run go1.27.2 from the module cache")
	if strings.Contains(fd.Detail, "downloading") {
		t.Errorf("cached toolchain still said to download: %s", fd.Detail)
	}
	// A half-extracted one is not usable yet.
	o.File("/home/u/go/pkg/mod/cache/download/golang.org/toolchain/@v/v0.0.1-go1.27.2.linux-amd64.partial", "")
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "after downloading it")
}

func TestToolchain_AutoSwitchGOPROXYOff(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto", "GOPROXY=off")
	o.Export("GOPROXY=off")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: download go1.27.0 for linux/amd64: toolchain not available", "GOPROXY: off (from the environment)")

	// Already downloaded: GOPROXY=off does not matter.
	o.Executable("/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64/bin/go", "x")
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "from the module cache")
}

func TestToolchain_AutoSwitchGOSUMDBOff(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto", "GOSUMDB=off")
	o.Executable("/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64/bin/go", "x")
	o.File("/home/u/.config/go/env", "GOSUMDB=off\n")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"checksum database disabled by GOSUMDB=off", "golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64", "go env -u GOSUMDB")

	// Not downloaded yet: the error comes from the download, and says so.
	o = toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto", "GOSUMDB=off")
	o.File("/home/u/.config/go/env", "GOSUMDB=off\n")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"`go: download go1.27.0: golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off`")

	// A file:// GOPROXY alone is exempt from the checksum database...
	o = toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto", "GOSUMDB=off", "GOPROXY=file:///srv/proxy")
	o.File("/srv/proxy/golang.org/toolchain/@v/v0.0.1-go1.27.0.linux-amd64.zip", "zip")
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "go1.27.0")
	// ... but must hold the toolchain.
	o = toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto", "GOSUMDB=off", "GOPROXY=file:///srv/proxy")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"no entry of GOPROXY=file:///srv/proxy has it", "`go: download go1.27.0 for linux/amd64: toolchain not available`")
}

// The go command looks for a toolchain before it verifies it: with
// GOPROXY=off there is nothing to verify, whatever GOSUMDB says.
func TestToolchain_AvailabilityBeforeVerification(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto", "GOSUMDB=off", "GOPROXY=off")
	o.Export("GOPROXY=off")
	fd := checktest.Only(t, toolchainTestRun(t, o), check.Error, "`go: download go1.27.0 for linux/amd64: toolchain not available`")
	if strings.Contains(fd.Detail, "verifying") {
		t.Errorf("quotes the checksum database: %s", fd.Detail)
	}
	// Cached: only the verification is left, and its error has no
	// "download" prefix.
	o.Executable("/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64/bin/go", "x")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"`go: golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off`")
}

func TestToolchain_ToolchainOnPath(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto", "GOSUMDB=off")
	o.Command("/home/u/go/bin/go1.27.0", factstest.Output("go version go1.27.0 linux/amd64\n"))
	o.Path("/usr/local/go/bin", "/home/u/go/bin")
	// PATH wins over the download, so GOSUMDB=off does not matter.
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "from PATH (/home/u/go/bin/go1.27.0)")

	// A golang.org/dl wrapper that never downloaded its Go.
	o.Command("/home/u/go/bin/go1.27.0", factstest.Failure(1, "go1.27.0: not downloaded. Run 'go1.27.0 download' to install to /home/u/sdk/go1.27.0\n"))
	checktest.Only(t, toolchainTestRun(t, o), check.Error, "not downloaded", "go1.27.0 download")

	// A go1.27.0 that is really another Go.
	o.Command("/home/u/go/bin/go1.27.0", factstest.Output("go version go1.26.8 linux/amd64\n"))
	checktest.Only(t, toolchainTestRun(t, o), check.Error, "go: toolchain go1.26.8 invoked to provide go1.27.0")
}

func TestToolchain_PathMode(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "path")
	checktest.Only(t, toolchainTestRun(t, o), check.Error, `go: cannot find "go1.27.0" in PATH`)
	o.Command("/usr/bin/go1.27.0", factstest.Output("go version go1.27.0 linux/amd64\n"))
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "/usr/bin/go1.27.0")
}

func TestToolchain_InvalidGOTOOLCHAIN(t *testing.T) {
	for value, want := range map[string]string{
		"x":           `go: invalid GOTOOLCHAIN "x"`,
		"local+x":     `go: invalid GOTOOLCHAIN "local+x": only version suffixes are +auto and +path`,
		"x+auto":      `go: invalid GOTOOLCHAIN "x+auto": invalid minimum toolchain "x"`,
		"go1.27.0+up": `go: invalid GOTOOLCHAIN "go1.27.0+up": only version suffixes are +auto and +path`,
	} {
		t.Run(value, func(t *testing.T) {
			o := toolchainTestFake(t, toolchainTestGoMod("1.22.0", ""), "auto")
			o.Export("GOTOOLCHAIN=" + value)
			checktest.Only(t, toolchainTestRun(t, o), check.Error, want, "(from the environment)")
		})
	}
}

func TestToolchain_LanguageVersionToolchainLine(t *testing.T) {
	// Selected (newer than the local go): every command fails.
	o := toolchainTestFake(t, toolchainTestGoMod("1.22.0", "go1.28"), "auto")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: invalid toolchain: go1.28 is a language version but not a toolchain version (go1.28.x)", "go mod edit -toolchain=go1.28.0")

	// Not selected here (GOTOOLCHAIN=local): a warning for everyone else.
	o = toolchainTestFake(t, toolchainTestGoMod("1.22.0", "go1.23"), "local")
	checktest.Only(t, toolchainTestRun(t, o), check.Warning, "go1.23 is a language version", "go mod edit -toolchain=go1.23.0")

	// ... unless the go line is newer: then the go line always wins.
	o = toolchainTestFake(t, toolchainTestGoMod("1.24.0", "go1.23"), "local")
	checktest.Clean(t, toolchainTestRun(t, o))

	// GOTOOLCHAIN itself naming a language version.
	o = toolchainTestFake(t, toolchainTestGoMod("1.22.0", ""), "auto")
	o.Export("GOTOOLCHAIN=go1.27")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: invalid toolchain: go1.27 is a language version but not a toolchain version (go1.27.x)", "export GOTOOLCHAIN=go1.27.0")
}

func TestToolchain_ToolchainLineIgnoredByLocal(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.22.0", "go1.27.3"), "local")
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "suggests toolchain go1.27.3", "go env -w GOTOOLCHAIN=auto", "GOTOOLCHAIN=go1.27.3+auto")

	// With auto, the toolchain line is what runs.
	o = toolchainTestFake(t, toolchainTestGoMod("1.22.0", "go1.27.3"), "auto")
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "toolchain line asks for go1.27.3", "will run go1.27.3")

	// An older toolchain line changes nothing.
	o = toolchainTestFake(t, toolchainTestGoMod("1.22.0", "go1.22.5"), "auto")
	checktest.Clean(t, toolchainTestRun(t, o))
}

func TestToolchain_ToolchainDefault(t *testing.T) {
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", "default"), "auto")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: go.mod requires go >= 1.27.0 (running go 1.26.8; go.mod sets toolchain default)", "go mod edit -toolchain=none")
}

func TestToolchain_Pinned(t *testing.T) {
	cache := "/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.25.0.linux-amd64/bin/go"
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "auto")
	o.Executable(cache, "x")
	o.File("/home/u/.config/go/env", "GOTOOLCHAIN=go1.25.0\n")
	checktest.Only(t, toolchainTestRun(t, o), check.Error,
		"go: go.mod requires go >= 1.27.0 (running go 1.25.0; GOTOOLCHAIN=go1.25.0)", "go env -w GOTOOLCHAIN=go1.25.0+auto")

	// The pin alone is worth knowing.
	o = toolchainTestFake(t, toolchainTestGoMod("1.22.0", ""), "auto")
	o.Executable(cache, "x")
	o.File("/home/u/.config/go/env", "GOTOOLCHAIN=go1.25.0\n")
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "pins every go command to go1.25.0", "from the module cache")

	// A pin older than Go 1.21 does not enforce the go line.
	o = toolchainTestFake(t, toolchainTestGoMod("1.22", ""), "auto")
	o.Executable("/home/u/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.20.14.linux-amd64/bin/go", "x")
	o.Export("GOTOOLCHAIN=go1.20.14")
	checktest.Only(t, toolchainTestRun(t, o), check.Warning, "note: module requires Go 1.22")
}

func TestToolchain_Skips(t *testing.T) {
	// GO111MODULE=off: no toolchain selection at all.
	o := toolchainTestFake(t, toolchainTestGoMod("1.27.0", ""), "local", "GOMOD=", "GO111MODULE=off")
	checktest.Skipped(t, toolchainTestRun(t, o))
	// No go command: go/installed's finding.
	o = factstest.NewMachine(t).Linux()
	checktest.Skipped(t, toolchainTestRun(t, o))
}

func TestToolchain_BrokenGoModUsesLaxLines(t *testing.T) {
	// go.mod does not parse (module/gomod reports that), but the go
	// command's selection reads its lines anyway.
	o := toolchainTestFake(t, "module example.com/m\n\ngo 1.27.0\n\nrequire (\n", "auto")
	checktest.Only(t, toolchainTestRun(t, o), check.Info, "go1.27.0")
	o = toolchainTestFake(t, "module example.com/m\n\ngo 1.22.0\ntoolchain bogus\n", "auto")
	checktest.Only(t, toolchainTestRun(t, o), check.Error, `go: invalid toolchain "bogus" in go.mod`)
}

// TestToolchain_RealGo checks the quoted message against the real go
// command: GOTOOLCHAIN=local never downloads anything.
func TestToolchain_RealGo(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.99.0\n")
	write("main.go", "package main\n\nfunc main() {}\n")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-buildvcs=false")

	r := checktest.Run(t, Toolchain, facts.System{}, testRealOptions(dir))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	fd := checktest.Only(t, r, check.Error, "(running go ")

	cmd := exec.Command(goBin, "build", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go build succeeded with go 1.99.0 and GOTOOLCHAIN=local")
	}
	real := strings.TrimSpace(string(out))
	if !strings.HasPrefix(real, "go: go.mod requires go >= 1.99.0 (running go ") {
		t.Fatalf("unexpected go output: %s", real)
	}
	if !strings.Contains(fd.Detail, real) {
		t.Errorf("finding does not quote the real message\nreal:   %s\ndetail: %s", real, fd.Detail)
	}
}
