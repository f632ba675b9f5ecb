package ccompiler_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/ccompiler"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const cgoFile = "package sqlite\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc F() { C.free(nil) }\n"

// linux is a Linux machine with go1.26.8 and a module example.com/m in
// /work.
func linux(t *testing.T) *factstest.OS {
	t.Helper()
	o := factstest.New()
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOMOD": "/work/go.mod", "CGO_ENABLED": "1"})
	o.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
	o.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.22\n", 0)
	o.AddFile("/work/main.go", "package main\n\nfunc main() {}\n", 0)
	return o
}

func newFacts(t *testing.T, o facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestProgram(t *testing.T) {
	for in, want := range map[string]string{
		"gcc": "gcc", "ccache gcc -m64": "ccache", `"/opt/my cc/gcc" -O2`: "/opt/my cc/gcc", `'/opt/x y/cc'`: "/opt/x y/cc",
		"  clang": "clang", "": "", "\t": "",
	} {
		if got := ccompiler.Program(in); got != want {
			t.Errorf("Program(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDefault(t *testing.T) {
	for goos, want := range map[string]string{"linux": "gcc", "windows": "gcc", "darwin": "clang", "freebsd": "clang", "openbsd": "clang", "netbsd": "gcc"} {
		if got := ccompiler.Default(goos); got != want {
			t.Errorf("Default(%s) = %s, want %s", goos, got, want)
		}
	}
}

func TestFind(t *testing.T) {
	o := linux(t)
	o.AddCommand("/usr/bin/gcc", func(context.Context, facts.Command) facts.Result { return factstest.Output("") })
	o.AddFile("/opt/cc/notexec", "x", 0o644)
	f := newFacts(t, o)
	cases := []struct{ name, path, err string }{
		{"gcc", "/usr/bin/gcc", ""},
		{"/usr/bin/gcc", "/usr/bin/gcc", ""},
		{"clang", "", `exec: "clang": executable file not found in $PATH`},
		{"/opt/cc/notexec", "", `exec: "/opt/cc/notexec": permission denied`},
		{"/opt/cc/missing", "", `exec: "/opt/cc/missing": stat /opt/cc/missing: no such file or directory`},
		{"./cc", "", ""}, // relative to wherever the go command runs it: not judged
	}
	for _, c := range cases {
		p, err := ccompiler.Find(f, c.name)
		if p != c.path || fmt.Sprint(err) != map[bool]string{true: "<nil>", false: c.err}[c.err == ""] {
			t.Errorf("Find(%q) = %q, %v; want %q, %q", c.name, p, err, c.path, c.err)
		}
	}

	w := factstest.New()
	w.OSName, w.Wd = "windows", `C:\work`
	w.AddDir(`C:\work`)
	w.Setenv("PATH", `C:\msys64\ucrt64\bin`)
	w.AddCommand(`C:\msys64\ucrt64\bin\gcc.exe`, func(context.Context, facts.Command) facts.Result { return factstest.Output("") })
	wf := newFacts(t, w)
	if p, err := ccompiler.Find(wf, "gcc"); err != nil || !strings.HasSuffix(p, "gcc.exe") { // found through PATHEXT
		t.Errorf("windows gcc: %q, %v", p, err)
	}
	if _, err := ccompiler.Find(wf, "clang"); err == nil || !strings.Contains(err.Error(), "%PATH%") {
		t.Errorf("windows clang: %v", err)
	}
}

func TestInstallAdvice(t *testing.T) {
	cases := []struct{ goos, osRelease, cc, want string }{
		{"darwin", "", "clang", "xcode-select --install"},
		{"windows", "", "gcc", "pacman -S mingw-w64-ucrt-x86_64-gcc"},
		{"freebsd", "", "clang", "pkg install gcc"},
		{"linux", "ID=debian\n", "gcc", "sudo apt install gcc"},
		{"linux", "ID=ubuntu\nID_LIKE=debian\n", "clang", "sudo apt install clang"},
		{"linux", "ID=alpine\n", "gcc", "sudo apk add gcc musl-dev"},
		{"linux", "ID=alpine\n", "clang", "sudo apk add clang musl-dev"},
		{"linux", `ID="rocky"` + "\n" + `ID_LIKE="rhel centos fedora"` + "\n", "cc", "sudo dnf install gcc"},
		{"linux", "ID=arch\n", "gcc", "sudo pacman -S gcc"},
		{"linux", "ID=opensuse-tumbleweed\nID_LIKE=\"opensuse suse\"\n", "gcc", "sudo zypper install gcc"},
		{"linux", "", "gcc", "sudo apt install gcc"}, // unknown distribution: a hint, not a guess
	}
	for _, c := range cases {
		o := factstest.New()
		o.OSName = c.goos
		if c.goos == "windows" {
			o.Wd = `C:\work`
			o.AddDir(`C:\work`)
		}
		if c.osRelease != "" {
			o.AddFile("/etc/os-release", c.osRelease, 0)
		}
		fix := ccompiler.InstallAdvice(newFacts(t, o), c.cc)
		if got := strings.Join(fix.Commands, "; "); !strings.Contains(got, c.want) {
			t.Errorf("%s %q %s: commands %q, want %q", c.goos, c.osRelease, c.cc, got, c.want)
		}
		if fix.Description == "" {
			t.Errorf("%s %q: no description", c.goos, c.osRelease)
		}
	}
}

func TestScanModule_Rules(t *testing.T) {
	o := linux(t)
	skipped := []string{
		"/work/testdata/x/x.go", "/work/vendor/v/v.go", "/work/_old/o.go", "/work/.hidden/h.go",
		"/work/nested/inner.go", // nested module below
		"/work/p/p_test.go",     // cgo is not allowed in tests anyway
		"/work/darwinonly/d_darwin.go",
		"/work/tagged/t.go",
	}
	o.AddFile("/work/nested/go.mod", "module example.com/nested\n", 0)
	for _, p := range skipped {
		body := cgoFile
		if strings.Contains(p, "tagged") {
			body = "//go:build ignore\n\n" + body
		}
		o.AddFile(p, body, 0)
	}
	o.AddFile("/work/p/p.go", "package p\n", 0)
	o.AddFile("/work/comment/c.go", "package comment\n\n// Not an import: \"C\"\nimport \"fmt\"\n\nvar _ = fmt.Sprint(\"C\")\n", 0)
	o.AddFile("/work/aliased/a.go", "package aliased\n\nimport (\n\t\"fmt\"\n\tc `C`\n)\n\nvar _ = fmt.Sprint\nvar _ = c.int(0)\n", 0)
	o.AddFile("/work/fallback/cgo.go", cgoFile, 0)
	o.AddFile("/work/fallback/nocgo.go", "//go:build !cgo\n\npackage sqlite\n\nfunc F() {}\n", 0)
	f := newFacts(t, o)
	ge, err := f.GoEnv()
	if err != nil {
		t.Fatal(err)
	}
	scan := ccompiler.ScanModule(context.Background(), f, ge, "/work/go.mod", ccompiler.DefaultLimits)
	if scan.Capped != "" || scan.Root != "/work" {
		t.Errorf("capped %q, root %q", scan.Capped, scan.Root)
	}
	got := ccompiler.DescribePackages(scan.Pkgs)
	want := "example.com/m/aliased (a.go); example.com/m/fallback (cgo.go; has a cgo-less fallback)"
	if got != want {
		t.Fatalf("packages = %s\nwant       %s", got, want)
	}
}

func TestScanModule_Limits(t *testing.T) {
	o := linux(t)
	for i := 0; i < 10; i++ {
		o.AddFile(fmt.Sprintf("/work/d%d/x.go", i), "package x\n", 0)
	}
	f := newFacts(t, o)
	ge, _ := f.GoEnv()
	lim := ccompiler.DefaultLimits
	lim.Dirs = 5
	if s := ccompiler.ScanModule(context.Background(), f, ge, "/work/go.mod", lim); s.Capped != "after 5 directories" || s.Dirs != 5 {
		t.Errorf("dirs: capped %q after %d", s.Capped, s.Dirs)
	}
	lim = ccompiler.DefaultLimits
	lim.Files = 3
	if s := ccompiler.ScanModule(context.Background(), f, ge, "/work/go.mod", lim); s.Capped != "after 3 files" || s.Files != 3 {
		t.Errorf("files: capped %q after %d", s.Capped, s.Files)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s := ccompiler.ScanModule(ctx, f, ge, "/work/go.mod", ccompiler.DefaultLimits); s.Capped != "time limit reached" {
		t.Errorf("cancelled: capped %q", s.Capped)
	}
}

func TestModuleScan_OncePerRunAndNilOutsideModules(t *testing.T) {
	o := linux(t)
	f := newFacts(t, o)
	a, err := ccompiler.ModuleScan.Get(f)
	if err != nil || a == nil || len(a.Packages()) != 0 {
		t.Fatalf("first scan: %+v, %v", a, err)
	}
	o.AddFile("/work/later/l.go", cgoFile, 0)
	if b, _ := ccompiler.ModuleScan.Get(f); b != a {
		t.Errorf("the scan was made twice in one run")
	}
	if b, _ := ccompiler.ModuleScan.Get(newFacts(t, o)); len(b.Packages()) != 1 {
		t.Errorf("a new run does not see the new package: %+v", b)
	}

	gopath := factstest.New()
	gopath.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOMOD": ""})
	gopath.Setenv("PATH", "/usr/local/go/bin")
	if s, err := ccompiler.ModuleScan.Get(newFacts(t, gopath)); s != nil || err != nil || s.Packages() != nil {
		t.Errorf("outside a module: %+v, %v", s, err)
	}
	if _, err := ccompiler.ModuleScan.Get(newFacts(t, factstest.New())); err == nil {
		t.Errorf("no go command: want go env's error")
	}
}

func TestDescribePackages(t *testing.T) {
	if got := ccompiler.DescribePackages(nil); !strings.HasPrefix(got, "none") {
		t.Errorf("none: %s", got)
	}
	var pkgs []ccompiler.Package
	for i := 0; i < 7; i++ {
		pkgs = append(pkgs, ccompiler.Package{ImportPath: fmt.Sprintf("m/p%d", i), CgoFiles: []string{"a.go", "b.go"}})
	}
	got := ccompiler.DescribePackages(pkgs)
	if !strings.HasPrefix(got, "m/p0 (a.go, b.go); ") || !strings.HasSuffix(got, "m/p4 (a.go, b.go); and 2 more") {
		t.Errorf("seven: %s", got)
	}
}

func TestIncludeDirs(t *testing.T) {
	o := linux(t)
	var args []string
	o.AddCommand("/usr/bin/clang", func(ctx context.Context, c facts.Command) facts.Result {
		args = c.Args
		return facts.Result{Stderr: []byte("clang -cc1 version 17.0.0\n#include \"...\" search starts here:\n /quoted/only\n#include <...> search starts here:\n" +
			" /usr/local/include\n /Library/Developer/CommandLineTools/usr/lib/clang/17/include\n /System/Library/Frameworks (framework directory)\nEnd of search list.\n /after/the/end\n")}
	})
	o.AddCommand("/usr/bin/silent", func(ctx context.Context, c facts.Command) facts.Result { return facts.Result{} })
	f := newFacts(t, o)
	got := ccompiler.IncludeDirs(context.Background(), f, "/usr/bin/clang")
	want := []string{"/usr/local/include", "/Library/Developer/CommandLineTools/usr/lib/clang/17/include", "/System/Library/Frameworks"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("IncludeDirs = %q, want %q", got, want)
	}
	if strings.Join(args, " ") != "-E -v -x c /dev/null" {
		t.Errorf("args = %q", args)
	}
	if got := ccompiler.IncludeDirs(context.Background(), f, "/usr/bin/silent"); got != nil {
		t.Errorf("no list: %q", got)
	}
}
