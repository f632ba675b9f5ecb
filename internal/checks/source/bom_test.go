package source

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/textfix"
)

func TestBOM_CleanModuleHasNoFindings(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"main.go":            scanTestMain,
		"go.sum":             "golang.org/x/mod v0.1.0 h1:abc=\n",
		"internal/x/x.go":    "package x\n\n// Ünïcode is fine; so is U+FFFD: \ufffd\nconst S = `raw\tstring`\n",
		"internal/x/doc.txt": "\xef\xbb\xbfnot Go\r\n", // not a .go file
	})
	res := scanTestRunAll(t, fake)
	for id, r := range res {
		t.Run(id, func(t *testing.T) { checktest.Clean(t, r) })
	}
	if s := res["source/bom"].Summary; !strings.Contains(s, "no byte order marks") || !strings.Contains(s, "2 .go files") {
		t.Errorf("summary = %q", s)
	}
}

func TestBOM_LeadingBOMIsInfoWithAutoFix(t *testing.T) {
	fake := scanTestFake(t, map[string]string{"main.go": textfix.BOM + scanTestMain})
	r := checktest.Run(t, BOM, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "main.go starts with a UTF-8 byte order mark", "gofmt -l", "gofmt -w main.go", "file: /work/main.go")
	if fd.Fix.Auto == nil || fd.Fix.Auto.Kind != "edit" || fd.Fix.Auto.Path != "/work/main.go" {
		t.Fatalf("auto fix = %+v", fd.Fix.Auto)
	}
	out, err := fd.Fix.Auto.Rewrite([]byte(textfix.BOM + scanTestMain))
	if err != nil || string(out) != scanTestMain {
		t.Fatalf("rewrite = %q, %v", out, err)
	}
	// After the fix the doctor is clean.
	fake.File("/work/main.go", string(out))
	checktest.Clean(t, checktest.Run(t, BOM, fake, facts.Options{}))
}

func TestBOM_LeadingBOMWithGo116IsError(t *testing.T) {
	fake := scanTestFake(t, map[string]string{"main.go": textfix.BOM + scanTestMain})
	fake.Go("/usr/local/go", "go1.16.15", "GOMOD=/work/go.mod")
	r := checktest.Run(t, BOM, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "go1.16.15", "golang/go#35726", "cannot find package")
}

func TestBOM_MiddleBOMIsErrorWithPositionAndContext(t *testing.T) {
	for _, tc := range []struct {
		name, src, pos, inside, advice string
	}{
		{"string", "package p\n\nconst S = \"a\ufeffb\"\n", "3:13", "in string literal", `write it as the escape \uFEFF`},
		{"raw string", "package p\n\nconst S = `a\ufeffb`\n", "3:13", "in raw string literal", "`before` + \"\\uFEFF\" + `after`"},
		{"rune", "package p\n\nconst R = '\ufeff'\n", "3:12", "in rune literal", `'\uFEFF'`},
		{"line comment", "package p\n\n// hi \ufeff there\nconst S = 1\n", "3:7", "in comment", "delete the invisible character at line 3, column 7"},
		{"block comment", "package p\n\n/* a\n\ufeff */\nconst S = 1\n", "4:1", "in comment", "line 4, column 1"},
		{"code", "package p\n\ufeff\nconst S = 1\n", "2:1", "between tokens", "line 2, column 1"},
		{"second BOM at start", "\ufeff\ufeffpackage p\n", "1:4", "between tokens", "line 1, column 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := scanTestFake(t, map[string]string{"p/p.go": tc.src})
			r := checktest.Run(t, BOM, fake, facts.Options{})
			want := []string{"p/p.go has a byte order mark (U+FEFF) in the middle of the file, at " + tc.pos + ", " + tc.inside,
				"p/p.go:" + tc.pos + ": invalid BOM in the middle of the file", "p/p.go:" + tc.pos + ": illegal byte order mark", tc.advice}
			var fd check.Finding
			if tc.name == "second BOM at start" {
				if len(r.Findings) != 2 {
					t.Fatalf("want the middle BOM and the leading one, got %+v", r.Findings)
				}
				fd = r.Findings[0]
				if fd.Severity != check.Error {
					t.Errorf("severity %v", fd.Severity)
				}
				for _, w := range want {
					if !strings.Contains(checktest.Text(fd), w) {
						t.Errorf("missing %q in\n%s", w, checktest.Text(fd))
					}
				}
			} else {
				fd = checktest.Only(t, r, check.Error, want...)
			}
			if fd.Fix == nil || fd.Fix.Auto != nil {
				t.Errorf("a middle BOM must not be fixed automatically: %+v", fd.Fix)
			}
		})
	}
}

// A BOM in go.sum is source/bom's; one in the go.mod the go command reads
// (GOMOD) is module/gomod's finding and is not repeated here.
func TestBOM_GoSumIsErrorWithAutoFixGoModLeftToModuleGoMod(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"go.mod":  textfix.BOM + "module example.com/m\n\ngo 1.26\n",
		"go.sum":  textfix.BOM + "golang.org/x/mod v0.20.0 h1:abc=\n",
		"main.go": scanTestMain,
	})
	r := checktest.Run(t, BOM, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go.sum starts with a UTF-8 byte order mark", "missing go.sum entry",
		"first line: golang.org/x/mod v0.20.0 h1:abc=", "tail -c +4 /work/go.sum")
	if fd.Fix.Auto == nil || fd.Fix.Auto.Path != "/work/go.sum" {
		t.Errorf("auto fix: %+v", fd.Fix.Auto)
	}
	if !strings.Contains(r.Summary, "1 file with a byte order mark (and go.mod: module/gomod reports it)") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestBOM_WorkspaceModulesAndFiles(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"go.work":     textfix.BOM + "go 1.26\n\nuse (\n\t./a\n\t./b\n)\n", // GOWORK: module/gomod's
		"go.work.sum": textfix.BOM + "golang.org/x/mod v0.20.0 h1:abc=\n",
		"a/go.mod":    textfix.BOM + "module example.com/a\n\ngo 1.26\n", // GOMOD: module/gomod's
		"a/a.go":      textfix.BOM + "package a\n",
		"b/go.mod":    textfix.BOM + "module example.com/b\n\ngo 1.26\n", // not parsed by module/gomod
		"b/b.go":      "package b\n\nconst S = \"\ufeff\"\n",
		"c/go.mod":    "module example.com/c\n\ngo 1.26\n",
		"c/c.go":      textfix.BOM + "package c\n", // not in go.work: not scanned
	}, "GOWORK=/work/go.work", "GOMOD=/work/a/go.mod")
	r := checktest.Run(t, BOM, fake, facts.Options{Dir: "/work"})
	var got []string
	for _, fd := range r.Findings {
		got = append(got, fd.Summary)
	}
	all := strings.Join(got, "\n")
	for _, w := range []string{"go.work.sum starts with a UTF-8 byte order mark", "b/go.mod starts with a UTF-8 byte order mark", "a/a.go starts with", "b/b.go has a byte order mark"} {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
	if strings.Contains(all, "c/c.go") || strings.Contains(all, "go.work starts") || strings.Contains(all, "a/go.mod") || len(r.Findings) != 4 {
		t.Errorf("findings:\n%s", all)
	}
	for _, fd := range r.Findings {
		if strings.HasPrefix(fd.Summary, "b/go.mod") {
			text := checktest.Text(fd)
			if !strings.Contains(text, "go: cannot load module b listed in go.work file: errors parsing b/go.mod:\n  b/go.mod:1: unexpected input character '\\ufeff'") ||
				fd.Fix.Auto == nil || fd.Fix.Auto.Path != "/work/b/go.mod" {
				t.Errorf("b/go.mod finding:\n%s", text)
			}
		}
	}
	if !strings.Contains(r.Summary, "(and go.work, a/go.mod: module/gomod reports it)") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestBOM_ScopeFollowsTheGoCommand(t *testing.T) {
	bom := textfix.BOM + "package x\n"
	files := map[string]string{
		"go.mod":                    "module example.com/m\n\ngo 1.26\n\nignore ./node_modules\nignore build\n",
		"main.go":                   scanTestMain,
		"_old/x.go":                 bom,
		".cache/x.go":               bom,
		"_x.go":                     bom,
		".x.go":                     bom,
		"nested/go.mod":             "module example.com/nested\n",
		"nested/x.go":               bom,
		"nested/deeper/x.go":        bom,
		"vendor/example.com/v/x.go": bom,
		"node_modules/pkg/x.go":     bom,
		"tools/build/x.go":          bom,
		"pkg/x.go":                  bom, // the only one in scope
	}
	// Without -mod=mod, vendor/ would be in use (go line ≥ 1.14 and
	// vendor/ exists; see the next test).
	fake := scanTestFake(t, files, "GOFLAGS=-mod=mod", "GOMODCACHE=/work/go/pkg/mod", "GOROOT=/work/sdk/go")
	r := checktest.Run(t, BOM, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "pkg/x.go starts with")
	if !strings.Contains(r.Summary, "2 .go files") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestBOM_VendorIsReadWhenTheBuildUsesIt(t *testing.T) {
	files := map[string]string{
		"go.mod":                           "module example.com/m\n\ngo 1.22\n",
		"main.go":                          scanTestMain,
		"vendor/modules.txt":               "# example.com/v v1.0.0\n## explicit\nexample.com/v\n",
		"vendor/example.com/v/v.go":        textfix.BOM + "package v\n",
		"vendor/example.com/v/vendor/x.go": textfix.BOM + "package x\n", // nested vendor: pruned
	}
	t.Run("default vendoring", func(t *testing.T) {
		r := checktest.Run(t, BOM, scanTestFake(t, files), facts.Options{})
		checktest.Only(t, r, check.Info, "vendor/example.com/v/v.go starts with")
		if !strings.Contains(checktest.Text(check.Finding{Evidence: r.Evidence}), "go line is 1.22") {
			t.Errorf("evidence = %+v", r.Evidence)
		}
	})
	t.Run("-mod=mod", func(t *testing.T) {
		r := checktest.Run(t, BOM, scanTestFake(t, files, "GOFLAGS=-mod=mod"), facts.Options{})
		checktest.Clean(t, r)
	})
	t.Run("go 1.13", func(t *testing.T) {
		old := map[string]string{"go.mod": "module example.com/m\n\ngo 1.13\n"}
		for k, v := range files {
			if k != "go.mod" {
				old[k] = v
			}
		}
		checktest.Clean(t, checktest.Run(t, BOM, scanTestFake(t, old), facts.Options{}))
	})
	t.Run("-mod=vendor", func(t *testing.T) {
		old := map[string]string{"go.mod": "module example.com/m\n\ngo 1.13\n"}
		for k, v := range files {
			if k != "go.mod" {
				old[k] = v
			}
		}
		r := checktest.Run(t, BOM, scanTestFake(t, old, "GOFLAGS=-mod=vendor"), facts.Options{})
		checktest.Only(t, r, check.Info, "vendor/example.com/v/v.go starts with")
	})
}

func TestBOM_TestdataIsOneInfoWithoutAutoFix(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"main.go":               scanTestMain,
		"p/testdata/bom.go":     textfix.BOM + "package x\n",
		"p/testdata/mid.go":     "package x\n\ufeff\n",
		"p/testdata/deep/x.go":  textfix.BOM + "package x\n",
		"p/testdata/_skip/x.go": textfix.BOM + "package x\n",
	})
	r := checktest.Run(t, BOM, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "3 files under testdata/ contain a byte order mark", "never compiles", "p/testdata/mid.go: BOM at 2:1", "p/testdata/bom.go: leading BOM")
	if fd.Fix != nil {
		t.Errorf("testdata must not be fixed: %+v", fd.Fix)
	}
}

func TestBOM_Skips(t *testing.T) {
	for _, tc := range []struct {
		name  string
		goenv []string
		want  string
	}{
		{"GOPATH mode", []string{"GOMOD=", "GO111MODULE=off"}, "GOPATH mode"},
		{"no module", []string{"GOMOD=/dev/null"}, "not inside a module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := checktest.Run(t, BOM, scanTestFake(t, nil, tc.goenv...), facts.Options{})
			checktest.Skipped(t, r, tc.want)
		})
	}
	t.Run("no go", func(t *testing.T) {
		fake := factstest.NewMachine(t).File("/work/go.mod", "module m\n")
		checktest.Skipped(t, checktest.Run(t, BOM, fake, facts.Options{}), "go/installed")
	})
}

func TestBOM_WindowsPaths(t *testing.T) {
	fake := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`).
		Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`)
	fake.File("C:/work/go.mod", textfix.BOM+"module m\n\ngo 1.26\n") // module/gomod's
	fake.File("C:/work/go.sum", textfix.BOM+"golang.org/x/mod v0.20.0 h1:abc=\n")
	fake.File("C:/work/sub/x.go", textfix.BOM+"package x\r\n")
	res := scanTestRunAll(t, fake)
	bom := res["source/bom"]
	if len(bom.Findings) != 2 {
		t.Fatalf("findings: %+v (skip %q)", bom.Findings, bom.SkipReason)
	}
	sum, src := checktest.Text(bom.Findings[0]), checktest.Text(bom.Findings[1])
	if !strings.Contains(sum, `[IO.File]::WriteAllText('C:\work\go.sum'`) || bom.Findings[0].Fix.Auto.Path != `C:\work\go.sum` {
		t.Errorf("go.sum fix:\n%s", sum)
	}
	if !strings.Contains(src, `sub\x.go starts with`) || bom.Findings[1].Fix.Auto.Path != `C:\work\sub\x.go` {
		t.Errorf("x.go finding:\n%s", src)
	}
	checktest.Only(t, res["source/line-endings"], check.Info, `sub\x.go uses Windows line endings`)
}
