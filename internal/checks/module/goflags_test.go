package module

import (
	"context"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/wintest/wine"
)

// goflagsTestFake is a module /work with GOFLAGS in the environment.
// The fake go does not answer `go build -h`, so the check falls back to its
// own flag table.
func goflagsTestFake(t *testing.T, goflags string, goenv ...string) *factstest.Machine {
	fake := testMachine(t, append([]string{"GOMOD=/work/go.mod"}, goenv...)...).
		File("/work/go.mod", "module example.com/m\n\ngo 1.26\n")
	if goflags != "" {
		fake.Export("GOFLAGS=" + goflags)
	}
	return fake
}

// goflagsTestAnswerBuildH makes the fake go answer `go build -h`
// with stderr (and exit status 2, like the real one).
func goflagsTestAnswerBuildH(fake *factstest.Machine, stderr string) {
	orig := fake.Commands["usr/local/go/bin/go"]
	fake.Commands["usr/local/go/bin/go"] = func(ctx context.Context, c facts.Command) facts.Result {
		if len(c.Args) == 2 && c.Args[0] == "build" && c.Args[1] == "-h" {
			return factstest.Failure(2, stderr)
		}
		return orig(ctx, c)
	}
}

const goflagsTestUsage = "usage: go build [-o output] [build flags] [packages]\nRun 'go help build' for details.\n"

func TestGoFlags_UnsetIsClean(t *testing.T) {
	checktest.Clean(t, checktest.Run(t, GoFlags, goflagsTestFake(t, ""), facts.Options{}))
}

func TestGoFlags_CommonValuesAreClean(t *testing.T) {
	for _, v := range []string{
		"-buildvcs=false", "-mod=mod", "-mod=readonly", "-modcacherw", "-trimpath -tags=integration,e2e",
		`"-ldflags=-s -w" -race`, "--mod=mod", "-count=1 -v", "-insecure=false", "-json",
	} {
		t.Run(v, func(t *testing.T) {
			r := checktest.Run(t, GoFlags, goflagsTestFake(t, v), facts.Options{})
			checktest.Clean(t, r, "(environment variable)") // the summary says where GOFLAGS came from
		})
	}
}

func TestGoFlags_UnknownFlagFromTable(t *testing.T) {
	r := checktest.Run(t, GoFlags, goflagsTestFake(t, "-trimpath -foo"), facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go: parsing $GOFLAGS: unknown flag -foo", "GOFLAGS=-trimpath -foo (environment variable)", "rejected entries: -foo")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "export GOFLAGS=-trimpath" {
		t.Errorf("fix = %q", got)
	}
}

func TestGoFlags_VetAnalyzerFlagIsUnknown(t *testing.T) {
	r := checktest.Run(t, GoFlags, goflagsTestFake(t, "-printf=false"), facts.Options{})
	checktest.Only(t, r, check.Error, "unknown flag -printf")
}

func TestGoFlags_NonFlagJoinsValue(t *testing.T) {
	r := checktest.Run(t, GoFlags, goflagsTestFake(t, "-tags integration"), facts.Options{})
	fd := checktest.Only(t, r, check.Error, `go: parsing $GOFLAGS: non-flag "integration"`, "-tags=integration, not -tags integration")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "export GOFLAGS=-tags=integration" {
		t.Errorf("fix = %q", got)
	}
}

func TestGoFlags_UnterminatedQuote(t *testing.T) {
	r := checktest.Run(t, GoFlags, goflagsTestFake(t, `"-ldflags=-s -w`), facts.Options{})
	checktest.Only(t, r, check.Error, `go: parsing $GOFLAGS: unterminated " string`)
}

func TestGoFlags_ChdirFlag(t *testing.T) {
	r := checktest.Run(t, GoFlags, goflagsTestFake(t, "-C=/tmp"), facts.Options{})
	checktest.Only(t, r, check.Error, "-C flag must be first flag on command line")
}

func TestGoFlags_GoCommandIsAskedFirst(t *testing.T) {
	// The go command rejects a bad value; godx quotes it.
	fake := goflagsTestFake(t, "-race=maybe")
	goflagsTestAnswerBuildH(fake, "go: invalid boolean value \"maybe\" for flag -race (from $GOFLAGS): parse error\n"+goflagsTestUsage)
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error, `go: invalid boolean value "maybe" for flag -race (from $GOFLAGS): parse error`, "rejected entries: -race=maybe", "unset GOFLAGS")

	// A flag newer than godx's table that the go command accepts is fine.
	fake = goflagsTestFake(t, "-newflag", "GOVERSION=go1.30.0")
	goflagsTestAnswerBuildH(fake, goflagsTestUsage)
	r = checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Clean(t, r)

	// Without an answer from a newer go, the Go 1.26 table is not used.
	fake = goflagsTestFake(t, "-newflag", "GOVERSION=go1.30.0")
	r = checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Clean(t, r)
}

func TestGoFlags_FromEnvFileFixUsesGoEnvW(t *testing.T) {
	fake := goflagsTestFake(t, "", "GOFLAGS=-buildvcs=false -foo")
	fake.File("/home/u/.config/go/env", "GOFLAGS=-buildvcs=false -foo\n")
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go env -w file /home/u/.config/go/env")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go env -w GOFLAGS=-buildvcs=false" {
		t.Errorf("fix = %q", got)
	}
}

func TestGoFlags_BrokenGoEnv(t *testing.T) {
	fake := goflagsTestFake(t, "-C=/tmp")
	fake.Command("/usr/local/go/bin/go", factstest.Failure(2, "go: invalid value \"/tmp\" for flag -C (from $GOFLAGS): -C flag must be first flag on command line\nusage: go env [-json] [-changed] [-u] [-w] [var ...]\n"))
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "even `go env`", "GOFLAGS (environment variable): -C=/tmp", "unset GOFLAGS")

	// Set in the go env file: `go env -u` fails too, so override GOFLAGS for it.
	fake = testMachine(t).
		Command("/usr/local/go/bin/go", factstest.Failure(2, "go: invalid value \"/tmp\" for flag -C (from $GOFLAGS): -C flag must be first flag on command line\n"))
	r = checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "GOFLAGS=-v go env -u GOFLAGS")
}

func TestGoFlags_BadModValue(t *testing.T) {
	r := checktest.Run(t, GoFlags, goflagsTestFake(t, "-mod=vendored"), facts.Options{})
	checktest.Only(t, r, check.Error, "-mod=vendored not supported (can be '', 'mod', 'readonly', or 'vendor')")
}

func TestGoFlags_ModModInWorkspace(t *testing.T) {
	fake := goflagsTestFake(t, "-mod=mod", "GOWORK=/work/go.work")
	fake.File("/work/go.work", "go 1.26\n\nuse .\n")
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \"mod\"", "GOWORK=off")

	// -mod=vendor -mod=readonly: the last one wins.
	fake = goflagsTestFake(t, "-mod=mod -mod=readonly", "GOWORK=/work/go.work")
	fake.File("/work/go.work", "go 1.26\n\nuse .\n")
	checktest.Clean(t, checktest.Run(t, GoFlags, fake, facts.Options{}))
}

func TestGoFlags_Insecure(t *testing.T) {
	r := checktest.Run(t, GoFlags, goflagsTestFake(t, "-insecure"), facts.Options{})
	checktest.Only(t, r, check.Warning, "go: -insecure flag is no longer supported; use GOINSECURE instead", "GOINSECURE")
}

const goflagsTestDepMod = "module example.com/m\n\ngo 1.26\n\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep\n"

func TestGoFlags_VendorMissing(t *testing.T) {
	fake := goflagsTestFake(t, "-mod=vendor")
	fake.File("/work/go.mod", goflagsTestDepMod)
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error,
		"no vendor directory",
		"go: inconsistent vendoring in /work:",
		"\texample.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt",
		"\texample.com/dep: is replaced in go.mod, but not marked as replaced in vendor/modules.txt",
		"go mod vendor")

	// Without requirements there is nothing to vendor: builds work.
	fake = goflagsTestFake(t, "-mod=vendor")
	checktest.Clean(t, checktest.Run(t, GoFlags, fake, facts.Options{}))
}

func TestGoFlags_VendorMissingFromEnvFileHasAutoFix(t *testing.T) {
	for _, tc := range []struct{ file, argv, fixed string }{
		{"GOFLAGS=-mod=vendor\n", "go env -u GOFLAGS", ""},
		{"GOFLAGS=-trimpath -mod=vendor\n", "go env -w GOFLAGS=-trimpath", "GOFLAGS=-trimpath\n"},
	} {
		value := strings.TrimSuffix(strings.TrimPrefix(tc.file, "GOFLAGS="), "\n")
		fake := goflagsTestFake(t, "", "GOFLAGS="+value)
		fake.File("/home/u/.config/go/env", tc.file)
		fake.File("/work/go.mod", goflagsTestDepMod)
		r := checktest.Run(t, GoFlags, fake, facts.Options{})
		fd := checktest.Only(t, r, check.Error, "no vendor directory", "Remove -mod=vendor from GOFLAGS in the go env -w file", tc.argv)
		checktest.AutoEdit(t, fd, "/home/u/.config/go/env", tc.file, tc.fixed)
	}
	// From the environment: the shell profile is not godx's to change.
	fake := goflagsTestFake(t, "-mod=vendor")
	fake.File("/work/go.mod", goflagsTestDepMod)
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	if fd := checktest.Only(t, r, check.Error, "no vendor directory"); fd.Fix.Auto != nil {
		t.Errorf("environment: auto = %+v", fd.Fix.Auto)
	}
}

func TestGoFlags_VendorConsistency(t *testing.T) {
	good := "# example.com/dep v1.0.0 => ../dep\n## explicit; go 1.26\nexample.com/dep\n# example.com/dep => ../dep\n"
	fake := goflagsTestFake(t, "-mod=vendor")
	fake.File("/work/go.mod", goflagsTestDepMod)
	fake.File("/work/vendor/modules.txt", good)
	checktest.Clean(t, checktest.Run(t, GoFlags, fake, facts.Options{}))

	fake.File("/work/vendor/modules.txt", strings.Replace(good, "## explicit; go 1.26", "## go 1.26", 1))
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "does not match go.mod", "example.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit")
	if strings.Contains(fd.Detail, "is replaced") {
		t.Errorf("replacement is consistent, but reported: %s", fd.Detail)
	}

	fake.File("/work/vendor/modules.txt", "# example.com/dep v1.0.0 => ../dep\n## explicit; go 1.26\nexample.com/dep\n# example.com/old v0.1.0\n## explicit\nexample.com/old\n")
	r = checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "example.com/old@v0.1.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod")

	fake.File("/work/vendor/modules.txt", "# example.com/dep v1.0.0 => ../other\n## explicit; go 1.26\nexample.com/dep\n# example.com/dep => ../other\n")
	r = checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "example.com/dep: is replaced by ../dep in go.mod, but marked as replaced by ../other in vendor/modules.txt")
}

func TestGoFlags_DefaultVendorModeIsChecked(t *testing.T) {
	// No GOFLAGS: vendor/ exists and go >= 1.14, so cmd/go uses it anyway.
	fake := goflagsTestFake(t, "")
	fake.File("/work/go.mod", goflagsTestDepMod)
	fake.File("/work/vendor/modules.txt", "# example.com/dep v1.0.0 => ../dep\n## go 1.26\nexample.com/dep\n# example.com/dep => ../dep\n")
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "by default", "go.mod says go 1.26", "not marked as explicit in vendor/modules.txt")

	// An explicit -mod=mod turns vendor mode off.
	fake.Export("GOFLAGS=-mod=mod")
	checktest.Clean(t, checktest.Run(t, GoFlags, fake, facts.Options{}))
}

// The go command does not build from vendor/ by default when go.mod has
// no go line ("Go version in go.mod is unspecified, so vendor directory
// was not used"), nor from a vendor directory made for a workspace.
func TestGoFlags_DefaultVendorModeNeedsGoLineAndSameMode(t *testing.T) {
	inconsistent := "# example.com/dep v1.0.0 => ../dep\n## go 1.26\nexample.com/dep\n# example.com/dep => ../dep\n"
	fake := goflagsTestFake(t, "")
	fake.File("/work/go.mod", strings.Replace(goflagsTestDepMod, "go 1.26\n", "", 1))
	fake.File("/work/vendor/modules.txt", inconsistent)
	checktest.Clean(t, checktest.Run(t, GoFlags, fake, facts.Options{}))

	fake = goflagsTestFake(t, "")
	fake.File("/work/go.mod", goflagsTestDepMod)
	fake.File("/work/vendor/modules.txt", "## workspace\n"+inconsistent)
	checktest.Clean(t, checktest.Run(t, GoFlags, fake, facts.Options{}))
}

func TestGoFlags_VendorOldGoLineIsRelaxed(t *testing.T) {
	fake := goflagsTestFake(t, "-mod=vendor")
	fake.File("/work/go.mod", "module example.com/m\n\ngo 1.13\n\nrequire example.com/dep v1.0.0\n")
	checktest.Clean(t, checktest.Run(t, GoFlags, fake, facts.Options{}))
}

func TestGoFlags_WindowsUnknownFlag(t *testing.T) {
	fake := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`).
		Export("GOFLAGS=-foo").
		Go("C:/Go", "go1.26.8", "GOMOD=C:/work/go.mod").
		File("C:/work/go.mod", "module m\n")
	r := checktest.Run(t, GoFlags, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go: parsing $GOFLAGS: unknown flag -foo") // $GOFLAGS on Windows too (go.exe under Wine)
	if !strings.Contains(strings.Join(fd.Fix.Commands, "\n"), "[Environment]::SetEnvironmentVariable('GOFLAGS'") {
		t.Errorf("fix = %+v", fd.Fix)
	}
}

func TestGoFlags_RealGo(t *testing.T) {
	dir := testRealGo(t)
	mod := filepath.Join(dir, "m")
	testWrite(t, filepath.Join(mod, "go.mod"), goflagsTestDepMod)
	testWrite(t, filepath.Join(dir, "dep", "go.mod"), "module example.com/dep\n\ngo 1.26\n")

	// A flag whose value the go command parses further is asked about;
	// a plain build flag is decided from the table.
	t.Setenv("GOFLAGS", "-ldflags=-s")
	r := checktest.Run(t, GoFlags, facts.System{}, testRealOptions(mod))
	checktest.Clean(t, r)
	if !strings.Contains(checktest.Text(check.Finding{Evidence: r.Evidence}), "build -h") {
		t.Errorf("the real go was not asked: %+v", r.Evidence)
	}
	t.Setenv("GOFLAGS", "-trimpath")
	r = checktest.Run(t, GoFlags, facts.System{}, testRealOptions(mod))
	checktest.Clean(t, r)
	if !strings.Contains(checktest.Text(check.Finding{Evidence: r.Evidence}), "godx's table") {
		t.Errorf("-trimpath was not decided from the table: %+v", r.Evidence)
	}

	// In "(from $GOFLAGS)" the go command names the variable as its OS
	// writes it; "parsing $GOFLAGS" is the same everywhere.
	gf := "$GOFLAGS"
	if runtime.GOOS == "windows" {
		gf = "%GOFLAGS%"
	}
	for flags, want := range map[string]string{
		"-foo":         "go: parsing $GOFLAGS: unknown flag -foo",
		"-tags x":      `go: parsing $GOFLAGS: non-flag "x"`,
		"-race=maybe":  `go: invalid boolean value "maybe" for flag -race (from ` + gf + "): parse error",
		"-tags":        "go: flag needs an argument: -tags (from " + gf + ")",
		"-C=/tmp":      "-C flag must be first flag on command line",
		"-mod=vendor":  "go: inconsistent vendoring in " + mod + ":",
		"-mod=nothing": "-mod=nothing not supported",
	} {
		t.Setenv("GOFLAGS", flags)
		r := checktest.Run(t, GoFlags, facts.System{}, testRealOptions(mod))
		checktest.Only(t, r, check.Error, want)
	}
}

// -modfile and -mod as modload.Init checks them (issue 12, item 8).
func TestGoFlags_ModfileAndWorkspace(t *testing.T) {
	mk := func(gowork, flags string) *factstest.Machine {
		return factstest.NewMachine(t).Linux().Path("/usr/local/go/bin").
			Go("/usr/local/go", "go1.26.8", "GOMOD=/w/m/go.mod", "GOWORK="+gowork, "GOFLAGS="+flags).
			Export("GOFLAGS="+flags).
			File("/w/m/go.mod", "module m\n\ngo 1.26\n").
			File("/w/go.work", "go 1.26\n\nuse ./m\n")
	}
	run := func(o *factstest.Machine) checktest.Result {
		return checktest.Run(t, GoFlags, o, facts.Options{Dir: "/w/m"})
	}
	checktest.Only(t, run(mk("", "-modfile=/w/m/missing.mod")), check.Error, "go: open /w/m/missing.mod: ")
	checktest.Only(t, run(mk("", "-modfile=/w/m/alt")), check.Error, "go: -modfile=/w/m/alt: file does not have .mod extension")
	checktest.Only(t, run(mk("/w/go.work", "-modfile=/w/m/go.mod")), check.Error, "go: -modfile cannot be used in workspace mode")
	checktest.Only(t, run(mk("/w/go.work", "-mod=bogus")), check.Error,
		"go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \"bogus\"")
	checktest.Only(t, run(mk("", "-mod=bogus")), check.Error, "-mod=bogus not supported (can be '', 'mod', 'readonly', or 'vendor')")
	checktest.Clean(t, run(mk("", "-modfile=/w/m/go.mod")))
}

// An unquoted "-ldflags=-s -w" gives GOFLAGS the entry -w, a flag of
// go env: builds work, go env fails (issue 12, item 7). The real go
// command decides.
func TestGoFlags_BreaksOnlyGoEnv_RealGo(t *testing.T) {
	dir := testRealGo(t)
	mod := filepath.Join(dir, "m")
	testWrite(t, filepath.Join(mod, "go.mod"), "module example.com/m\n\ngo 1.22\n")
	testWrite(t, filepath.Join(mod, "main.go"), "package main\n\nfunc main() {}\n")
	t.Setenv("GOFLAGS", "-ldflags=-s -w")
	if wine.Detected() {
		// The official go.exe cannot build under Wine 8 (its os.RemoveAll
		// fails there; internal/wintest/wine): only go env is asked there.
		t.Log("under Wine: go build left out")
	} else {
		build := exec.Command("go", "build", "./...")
		build.Dir = mod
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build failed: %v\n%s", err, out)
		}
	}
	env := exec.Command("go", "env", "-json")
	env.Dir = mod
	out, err := env.CombinedOutput()
	if err == nil {
		t.Fatal("go env -json worked")
	}
	r := checktest.Run(t, GoFlags, facts.System{}, testRealOptions(mod))
	fd := checktest.Only(t, r, check.Error, "`go env` fails, while builds skip it", strings.TrimSpace(string(out)), "quoted as a whole")
	if got := strings.Join(fd.Fix.Commands, "\n"); !strings.Contains(got, `'-ldflags=-s -w'`) {
		t.Errorf("fix does not quote the entry: %s", got)
	}
}
