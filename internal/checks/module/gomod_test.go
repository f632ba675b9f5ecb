package module

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// gomodTestFake is a module at /work whose go.mod holds gomod.
func gomodTestFake(t *testing.T, gomod string) *factstest.Machine {
	return testMachine(t, "GOMOD=/work/go.mod").File("/work/go.mod", gomod)
}

func TestGoMod_Clean(t *testing.T) {
	fake := gomodTestFake(t, "module example.com/m\n\ngo 1.26\n\ntoolchain go1.26.8\n")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	checktest.Clean(t, r)
	if r.Summary != "module example.com/m, go 1.26" {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestGoMod_BOMIsError(t *testing.T) {
	fake := gomodTestFake(t, "\xef\xbb\xbfmodule example.com/m\n\ngo 1.26\n")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error,
		"byte order mark", "Windows editor",
		"go: errors parsing go.mod:\n  go.mod:1: unexpected input character '\\ufeff'",
		"tail -c +4 /work/go.mod", "`godx fix`")
	if !strings.Contains(checktest.Text(fd), "line: 1") {
		t.Errorf("no line evidence: %+v", fd.Evidence)
	}
	gomodTestAutoStripsBOM(t, fd, "/work/go.mod")
}

// gomodTestAutoStripsBOM asserts that fd carries the automatic fix
// that strips the leading BOM of path.
func gomodTestAutoStripsBOM(t *testing.T, fd check.Finding, path string) {
	t.Helper()
	a := fd.Fix.Auto
	if a == nil || a.Kind != "edit" || a.Path != path || a.Rewrite == nil {
		t.Fatalf("auto fix = %+v, want an edit of %s", a, path)
	}
	out, err := a.Rewrite([]byte("\xef\xbb\xbfmodule example.com/m\n"))
	if err != nil || string(out) != "module example.com/m\n" {
		t.Errorf("rewrite = %q, %v", out, err)
	}
}

func TestGoMod_BOMOnWindowsFixUsesPowerShell(t *testing.T) {
	fake := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`).
		Go("C:/Go", "go1.26.8", "GOMOD=C:/work/go.mod").
		File("C:/work/go.mod", "\xef\xbb\xbfmodule example.com/m\n")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "byte order mark", "Get-Content -Raw")
	gomodTestAutoStripsBOM(t, fd, "C:/work/go.mod")
}

func TestGoMod_UTF16IsError(t *testing.T) {
	src := "module example.com/m\n"
	var b strings.Builder
	b.WriteString("\xff\xfe")
	for _, c := range src {
		b.WriteByte(byte(c))
		b.WriteByte(0)
	}
	fake := gomodTestFake(t, b.String())
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "UTF-16", "go.mod:1:4: unexpected input character '\\x00'", "iconv -f UTF-16 -t UTF-8")
	if fd.Fix.Auto != nil {
		t.Errorf("UTF-16 must not be converted automatically: %+v", fd.Fix.Auto)
	}
}

func TestGoMod_SyntaxErrorsWithLines(t *testing.T) {
	fake := gomodTestFake(t, "module example.com/m\n\ngo 1.26\nrequire (\n  foo\n)\nbogus line\n")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	checktest.Only(t, r, check.Error,
		"2 syntax errors",
		"go.mod:5:3: usage: require module/path v1.2.3",
		"go.mod:7: unknown directive: bogus",
		"line: 5", "line 5")
}

func TestGoMod_ShortPathFromSubdirectory(t *testing.T) {
	// Like cmd/go's base.ShortPath: relative to the current directory when shorter.
	fake := testMachine(t, "GOMOD=/work/project/go.mod").
		File("/work/project/go.mod", "module example.com/m\nbogus\n").
		Dir("/work/project/cmd/tool")
	r := checktest.Run(t, GoMod, fake, facts.Options{Dir: "/work/project/cmd/tool"})
	checktest.Only(t, r, check.Error, "go: errors parsing ../../go.mod:", "../../go.mod:2: unknown directive: bogus")

	r = checktest.Run(t, GoMod, fake, facts.Options{Dir: "/work/project"})
	checktest.Only(t, r, check.Error, "go: errors parsing go.mod:", "  go.mod:2: unknown directive: bogus")
}

func TestGoMod_MissingModuleLine(t *testing.T) {
	fake := gomodTestFake(t, "go 1.26\n")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "no module line", "go: error reading go.mod: missing module declaration", "go mod edit -module=")
}

func TestGoMod_NewerSyntaxIsLeftToToolchain(t *testing.T) {
	// A directive this parser does not know, in a go.mod that needs a newer
	// Go: cmd/go reports "go.mod requires go >= 1.99" instead, and switches.
	fake := gomodTestFake(t, "module example.com/m\n\ngo 1.99\n\nfrobnicate x\n")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	checktest.Clean(t, r, "1.99")
}

func TestGoMod_UnreadableIsError(t *testing.T) {
	// A go.mod owned by root with mode 0600.
	fake := gomodTestFake(t, "module example.com/m\n").Unreadable("/work/go.mod")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "cannot be read: permission denied", "go: open /work/go.mod: permission denied", "chown")
}

func TestGoMod_GoWorkBOMAndUnreadable(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/a/go.mod", "GOWORK=/work/go.work").
		File("/work/a/go.mod", "module a\n").
		File("/work/go.work", "\xef\xbb\xbfgo 1.26\n\nuse ./a\n").
		Dir("/work/a")
	r := checktest.Run(t, GoMod, fake, facts.Options{Dir: "/work/a"})
	fd := checktest.Only(t, r, check.Error, "/work/go.work starts with a UTF-8 byte order mark", "go: errors parsing go.work:\n  ../go.work:1: unexpected input character '\\ufeff'")
	gomodTestAutoStripsBOM(t, fd, "/work/go.work")

	fake.Unreadable("/work/go.work")
	r = checktest.Run(t, GoMod, fake, facts.Options{Dir: "/work/a"})
	checktest.Only(t, r, check.Error, "go: reading go.work: open ../go.work: permission denied")
}

func TestGoMod_MissingGoWorkIsLeftToGoWorkCheck(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/go.mod", "GOWORK=/nowhere/go.work").
		File("/work/go.mod", "module a\n")
	r := checktest.Run(t, GoMod, fake, facts.Options{})
	checktest.Clean(t, r)
}

func TestGoMod_SkipsOutsideModuleAndInGOPATHMode(t *testing.T) {
	r := checktest.Run(t, GoMod, testMachine(t), facts.Options{})
	checktest.Skipped(t, r)
	r = checktest.Run(t, GoMod, testMachine(t, "GOMOD="), facts.Options{})
	checktest.Skipped(t, r)
}

func TestGoMod_RealGo(t *testing.T) {
	dir := testRealGo(t)
	mod := filepath.Join(dir, "m")
	testWrite(t, filepath.Join(mod, "go.mod"), "module example.com/m\n\ngo 1.26\n")
	r := checktest.Run(t, GoMod, facts.System{}, testRealOptions(mod))
	checktest.Clean(t, r)

	testWrite(t, filepath.Join(mod, "go.mod"), "\xef\xbb\xbfmodule example.com/m\n\ngo 1.26\n")
	r = checktest.Run(t, GoMod, facts.System{}, testRealOptions(mod))
	fd := checktest.Only(t, r, check.Error, "go.mod:1: unexpected input character '\\ufeff'")

	// The fix command really fixes the file (on Windows it is a
	// PowerShell line).
	if _, err := os.Stat("/bin/sh"); err == nil && runtime.GOOS != "windows" {
		out, err := exec.Command("/bin/sh", "-c", fd.Fix.Commands[0]).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", fd.Fix.Commands[0], err, out)
		}
		r = checktest.Run(t, GoMod, facts.System{}, testRealOptions(mod))
		checktest.Clean(t, r)
	}
}

// Since Go 1.21 the go line must cover the dependencies' (issue 12, item
// 12); the real go command decides what the test expects.
func TestGoMod_DependencyNeedsNewerGo(t *testing.T) {
	dir := testRealGo(t)
	mod := filepath.Join(dir, "m")
	testWrite(t, filepath.Join(dir, "dep", "dep.go"), "package dep\n\nconst X = 1\n")
	testWrite(t, filepath.Join(mod, "main.go"), "package main\n\nimport \"example.com/dep\"\n\nfunc main() { println(dep.X) }\n")
	for _, tc := range []struct{ main, dep string }{{"go 1.13", "1.22"}, {"", "1.22"}, {"go 1.21", "1.21.5"}, {"go 1.16", "1.20"}, {"go 1.22", "1.22"}} {
		testWrite(t, filepath.Join(mod, "go.mod"), "module example.com/m\n\n"+tc.main+"\n\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep\n")
		testWrite(t, filepath.Join(dir, "dep", "go.mod"), "module example.com/dep\n\ngo "+tc.dep+"\n")
		testAgainstBuild(t, GoMod, mod, "example.com/dep needs (go "+tc.dep+")")
	}
}

// A toolchain line the go command drops makes go.mod need an update; the
// real go command decides which ones.
func TestGoMod_ToolchainLineDropped(t *testing.T) {
	dir := testRealGo(t)
	testWrite(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
	failed := 0
	for _, lines := range []string{"go 1.22\n\ntoolchain default", "go 1.22\n\ntoolchain go1.22", "go 1.22\n\ntoolchain go1.20.5",
		"go 1.22\n\ntoolchain go1.22.0", "go 1.22.0\n\ntoolchain go1.22", "toolchain go1.22.0", "go 1.26\n\ntoolchain go1.22"} {
		testWrite(t, filepath.Join(dir, "go.mod"), "module example.com/m\n\n"+lines+"\n")
		if testAgainstBuild(t, GoMod, dir, "is one the go command removes", "go mod edit -toolchain=none") {
			failed++
		}
	}
	if failed == 0 {
		t.Error("no toolchain line made the go command want to rewrite go.mod")
	}
}
