package sourcescan

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/textfix"
)

const bom = textfix.BOM + "package x\n"

// projectTestMachine is a Linux machine with go1.26.8 whose go env names
// /work/go.mod (goenv overrides it), holding files under /work.
func projectTestMachine(t *testing.T, files map[string]string, goenv ...string) *factstest.Machine {
	m := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8", append([]string{"GOMOD=/work/go.mod"}, goenv...)...)
	if _, ok := files["go.mod"]; !ok {
		m.File("/work/go.mod", "module example.com/m\n\ngo 1.26\n")
	}
	for name, data := range files {
		m.File("/work/"+name, data)
	}
	return m
}

// projectTestScan computes the Project fact on sys, run from dir.
func projectTestScan(t *testing.T, sys facts.OS, dir string) (*Scan, error) {
	t.Helper()
	f, err := facts.New(context.Background(), sys, facts.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return Project.Get(f)
}

// problemPaths lists the relative paths of the files sc reports.
func problemPaths(files []*File) []string {
	var out []string
	for _, p := range files {
		out = append(out, p.Rel)
	}
	return out
}

func TestProject_ScopeFollowsTheGoCommand(t *testing.T) {
	m := projectTestMachine(t, map[string]string{
		"go.mod":                    "module example.com/m\n\ngo 1.26\n\nignore ./node_modules\nignore build\n",
		"main.go":                   "package main\n",
		"_old/x.go":                 bom,
		".cache/x.go":               bom,
		"_x.go":                     bom,
		".x.go":                     bom,
		"notgo.txt":                 bom,
		"nested/go.mod":             "module example.com/nested\n",
		"nested/x.go":               bom,
		"vendor/example.com/v/x.go": bom,
		"node_modules/pkg/x.go":     bom,
		"tools/build/x.go":          bom,
		"sdk/go/src/x.go":           bom, // GOROOT inside the module
		"pkg/x.go":                  bom,
		"pkg/testdata/x.go":         bom,
	}, "GOFLAGS=-mod=mod", "GOROOT=/work/sdk/go")
	sc, err := projectTestScan(t, m, "/work")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := problemPaths(sc.Problems), []string{"pkg/testdata/x.go", "pkg/x.go"}; !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
	if !sc.Problems[0].Testdata || sc.Problems[1].Testdata {
		t.Errorf("testdata marks: %+v", sc.Problems)
	}
	if sc.Files != 3 || sc.Vendor != "" || !slices.Equal(sc.Roots, []string{"/work"}) || sc.GoVersion != "go1.26.8" {
		t.Errorf("files %d, vendor %q, roots %q, go %q", sc.Files, sc.Vendor, sc.Roots, sc.GoVersion)
	}
}

func TestProject_Vendoring(t *testing.T) {
	modules := "# example.com/v v1.0.0\n## explicit\nexample.com/v\n"
	for _, tc := range []struct {
		name, goLine, modulesTxt string
		goenv                    []string
		want                     string // "" when vendor/ is not read
	}{
		{"default from go 1.14", "1.22", modules, nil, "the go.mod go line is 1.22 (≥ 1.14) and vendor/ exists, so the go command builds from it"},
		{"go 1.13", "1.13", modules, nil, ""},
		{"-mod=mod", "1.22", modules, []string{"GOFLAGS=-mod=mod"}, ""},
		{"-mod=vendor", "1.13", modules, []string{"GOFLAGS=-mod=vendor"}, "GOFLAGS has -mod=vendor"},
		{"--mod=vendor", "1.13", modules, []string{"GOFLAGS=--mod=vendor"}, "GOFLAGS has -mod=vendor"},
		{"made for a workspace", "1.22", "## workspace\n", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := projectTestMachine(t, map[string]string{
				"go.mod":                           "module example.com/m\n\ngo " + tc.goLine + "\n",
				"vendor/modules.txt":               tc.modulesTxt,
				"vendor/example.com/v/v.go":        bom,
				"vendor/example.com/v/vendor/x.go": bom, // a nested vendor/ is never read
			}, tc.goenv...)
			sc, err := projectTestScan(t, m, "/work")
			if err != nil {
				t.Fatal(err)
			}
			if sc.Vendor != tc.want {
				t.Errorf("vendor = %q, want %q", sc.Vendor, tc.want)
			}
			var want []string
			if tc.want != "" {
				want = []string{"vendor/example.com/v/v.go"}
			}
			if got := problemPaths(sc.Problems); !slices.Equal(got, want) {
				t.Errorf("problems = %q, want %q", got, want)
			}
		})
	}
}

func TestProject_WorkspaceModulesAndModFiles(t *testing.T) {
	m := projectTestMachine(t, map[string]string{
		"go.work":     textfix.BOM + "go 1.26\n\nuse (\n\t./a\n\t./b\n\t./a\n)\n",
		"go.work.sum": textfix.BOM + "golang.org/x/mod v0.20.0 h1:abc=\n",
		"a/go.mod":    "module example.com/a\n\ngo 1.26\n",
		"a/a.go":      bom,
		"b/go.mod":    textfix.BOM + "module example.com/b\n\ngo 1.26\n",
		"b/go.sum":    "golang.org/x/mod v0.20.0 h1:abc=\n",
		"c/go.mod":    "module example.com/c\n\ngo 1.26\n",
		"c/c.go":      bom, // not in go.work
	}, "GOWORK=/work/go.work", "GOMOD=/work/a/go.mod")
	sc, err := projectTestScan(t, m, "/work")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sc.Roots, []string{"/work/a", "/work/b"}) {
		t.Errorf("roots = %q", sc.Roots)
	}
	if got := problemPaths(sc.Problems); !slices.Equal(got, []string{"a/a.go"}) {
		t.Errorf("problems = %q", got)
	}
	var kinds []string
	for _, mf := range sc.ModFiles {
		kinds = append(kinds, mf.Rel+" "+mf.Kind+" "+mf.FirstLine)
	}
	want := []string{"go.work go.work go 1.26", "go.work.sum go.work.sum golang.org/x/mod v0.20.0 h1:abc=", "b/go.mod go.mod module example.com/b"}
	if !slices.Equal(kinds, want) {
		t.Errorf("module files =\n%q\nwant\n%q", kinds, want)
	}
}

// go.work use directories the go command cannot load (`use /`, a missing
// directory, one without go.mod) are never walked: the go command refuses
// the workspace, and walking / would read the whole file system.
func TestProject_UnloadableWorkspaceModulesAreNotWalked(t *testing.T) {
	m := projectTestMachine(t, map[string]string{
		"go.work":    "go 1.26\n\nuse (\n\t./a\n\t/\n\t./gone\n\t./nomod\n)\n",
		"a/go.mod":   "module example.com/a\n\ngo 1.26\n",
		"a/a.go":     bom,
		"nomod/x.go": bom,
	}, "GOWORK=/work/go.work", "GOMOD=/work/a/go.mod")
	m.File("/elsewhere/y.go", bom)
	sc, err := projectTestScan(t, m, "/work/a")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sc.Roots, []string{"/work/a"}) || !slices.Equal(sc.Unloadable, []string{"/", "/work/gone", "/work/nomod"}) {
		t.Errorf("roots = %q, unloadable = %q", sc.Roots, sc.Unloadable)
	}
	if got := problemPaths(sc.Problems); !slices.Equal(got, []string{"a.go"}) || sc.Dirs != 1 {
		t.Errorf("problems = %q in %d directories, want only a/a.go", got, sc.Dirs)
	}
}

func TestProject_NotApplicable(t *testing.T) {
	for _, tc := range []struct {
		name  string
		goenv []string
		want  string
	}{
		{"GOPATH mode", []string{"GOMOD=", "GO111MODULE=off"}, "GOPATH mode"},
		{"no module", []string{"GOMOD=/dev/null"}, "not inside a module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := projectTestScan(t, projectTestMachine(t, nil, tc.goenv...), "/work")
			var na *NotApplicableError
			if !errors.As(err, &na) || !strings.Contains(na.Reason, tc.want) {
				t.Errorf("err = %v, want a NotApplicableError about %q", err, tc.want)
			}
		})
	}
	t.Run("no go command", func(t *testing.T) {
		m := factstest.NewMachine(t).Linux().File("/work/go.mod", "module m\n")
		_, err := projectTestScan(t, m, "/work")
		var na *NotApplicableError
		if !errors.As(err, &na) || !strings.Contains(na.Reason, "go/installed") {
			t.Errorf("err = %v", err)
		}
	})
}

// The walk guessed before go env answers is dropped when go env names
// another module: here the project directory has a go.mod of its own, but
// go env (as with GOFLAGS=-modfile or a misconfigured GOMOD) names the
// parent's.
func TestProject_GuessOverruledByGoEnv(t *testing.T) {
	m := projectTestMachine(t, map[string]string{
		"x.go":         bom,
		"sub/go.mod":   "module example.com/sub\n\ngo 1.26\n",
		"sub/y.go":     bom,
		"other/go.mod": "module example.com/other\n",
	}, "GOMOD=/work/other/go.mod")
	sc, err := projectTestScan(t, m, "/work/sub")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sc.Roots, []string{"/work/other"}) || len(sc.Problems) != 0 || sc.Files != 0 {
		t.Errorf("roots %q, problems %q, files %d", sc.Roots, problemPaths(sc.Problems), sc.Files)
	}
}

func TestProject_WindowsPaths(t *testing.T) {
	m := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`).
		Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`).
		File("C:/work/go.mod", "module m\n\ngo 1.26\n").
		File("C:/work/go.sum", textfix.BOM+"golang.org/x/mod v0.20.0 h1:abc=\n").
		File("C:/work/sub/x.go", "package x\r\n")
	sc, err := projectTestScan(t, m, `C:\work`)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Problems) != 1 || sc.Problems[0].Path != `C:\work\sub\x.go` || sc.Problems[0].Rel != `sub\x.go` || sc.Problems[0].CRLF != 1 {
		t.Errorf("problems = %+v", sc.Problems)
	}
	if len(sc.ModFiles) != 1 || sc.ModFiles[0].Path != `C:\work\go.sum` || sc.ModFiles[0].Rel != "go.sum" {
		t.Errorf("module files = %+v", sc.ModFiles)
	}
}

func TestGoFlagsMod(t *testing.T) {
	for _, tc := range []struct {
		in, mode string
		explicit bool
	}{
		{"", "", false},
		{"-trimpath", "", false},
		{"-mod=vendor", "vendor", true},
		{"--mod=mod -trimpath", "mod", true},
		{"-mod=vendor -mod=readonly", "readonly", true}, // the last one wins, as in cmd/go
		{"-modfile=x.mod", "", false},
	} {
		if mode, explicit := goFlagsMod(tc.in); mode != tc.mode || explicit != tc.explicit {
			t.Errorf("goFlagsMod(%q) = %q, %v; want %q, %v", tc.in, mode, explicit, tc.mode, tc.explicit)
		}
	}
}

func TestIgnored(t *testing.T) {
	r, _ := rootFrom("/m", "/m/go.mod", []byte(textfix.BOM+"module m\n\nignore (\n\t./node_modules\n\tbuild\n\t./a/b\\c\n)\n"))
	for rel, want := range map[string]bool{
		"/node_modules":      true,
		"/node_modules/x":    true,
		"/x/node_modules":    false, // ./ anchors at the module root
		"/build":             true,
		"/tools/build":       true,
		"/tools/build/x":     true,
		"/builder":           false,
		"/a/b/c":             true,
		"/a/bc":              false,
		"/src/node_modulesx": false,
	} {
		if got := ignored(r, rel); got != want {
			t.Errorf("ignored(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestLiteralContext(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"package p\n\nconst S = \"a\ufeffb\"\n", InString},
		{"package p\n\nconst S = `a\ufeffb`\n", InRawString},
		{"package p\n\nconst S = `a\n\ufeffb`\n", InRawString},
		{"package p\n\nconst R = '\ufeff'\n", InRune},
		{"package p\n\n// a \ufeff b\n", InComment},
		{"package p\n\n/* a\n\ufeff */\n", InComment},
		{"package p\n\ufeff\nconst S = 1\n", InCode},
		{"package p\n\nconst S = \"unterminated \ufeff\n", InString},
	} {
		off := strings.Index(tc.src, "\ufeff")
		if got := literalContext([]byte(tc.src), off); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("a", 40)
	for _, tc := range []struct {
		src  string
		off  int
		want string
	}{
		{"x := \"\x00\"\r\nnext", 6, `"x := \"\x00\""`},
		{long + "\x00" + long + "\n", 40, `…"` + strings.Repeat("a", 30) + `\x00` + strings.Repeat("a", 29) + `"…`},
		{"first\n\xffsecond", 6, `"\xffsecond"`},
	} {
		if got := excerpt([]byte(tc.src), tc.off); got != tc.want {
			t.Errorf("excerpt(%q, %d) = %s, want %s", tc.src, tc.off, got, tc.want)
		}
	}
}
