package checks

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// sourceBOMTestFake is a fake machine with go1.26.8 and a module at /work
// holding files (paths relative to /work).
func sourceBOMTestFake(files map[string]string, vars map[string]string) *factstest.OS {
	fake := factstest.New()
	fake.Setenv("HOME", "/home/u")
	fake.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
	fake.AddDir("/home/u")
	v := map[string]string{"GOMOD": "/work/go.mod"}
	for k, val := range vars {
		v[k] = val
	}
	fake.AddGo("/usr/local/go", "go1.26.8", v)
	if _, ok := files["go.mod"]; !ok {
		fake.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.26\n", 0)
	}
	for name, data := range files {
		fake.AddFile("/work/"+name, data, 0)
	}
	return fake
}

// sourceBOMTestRunAll runs the three source checks on one Facts (one
// shared scan) and returns their results by ID.
func sourceBOMTestRunAll(t *testing.T, sys facts.OS, opts ...facts.Options) map[string]checktest.Result {
	t.Helper()
	var o facts.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	f, err := facts.New(context.Background(), sys, o)
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]checktest.Result{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range []*check.Check{SourceBOM, SourceEncoding, SourceLineEndings} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := checktest.RunFacts(t, c, f)
			mu.Lock()
			res[c.ID] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	return res
}

func sourceBOMTestClean(t *testing.T, r checktest.Result) {
	t.Helper()
	if r.Err != nil || r.SkipReason != "" || len(r.Findings) != 0 {
		t.Fatalf("want no finding, got err=%v skip=%q findings=%+v", r.Err, r.SkipReason, r.Findings)
	}
	if r.Summary == "" {
		t.Errorf("no Observe summary")
	}
}

const sourceBOMTestMain = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"héllo, 世界\")\n}\n"

func TestSourceBOM_CleanModuleHasNoFindings(t *testing.T) {
	fake := sourceBOMTestFake(map[string]string{
		"main.go":            sourceBOMTestMain,
		"go.sum":             "golang.org/x/mod v0.1.0 h1:abc=\n",
		"internal/x/x.go":    "package x\n\n// Ünïcode is fine; so is U+FFFD: \ufffd\nconst S = `raw\tstring`\n",
		"internal/x/doc.txt": "\xef\xbb\xbfnot Go\r\n", // not a .go file
	}, nil)
	res := sourceBOMTestRunAll(t, fake)
	for id, r := range res {
		t.Run(id, func(t *testing.T) { sourceBOMTestClean(t, r) })
	}
	if s := res["source/bom"].Summary; !strings.Contains(s, "no byte order marks") || !strings.Contains(s, "2 .go files") {
		t.Errorf("summary = %q", s)
	}
}

func TestSourceBOM_LeadingBOMIsInfoWithAutoFix(t *testing.T) {
	fake := sourceBOMTestFake(map[string]string{"main.go": sourceFixBOM + sourceBOMTestMain}, nil)
	r := checktest.Run(t, SourceBOM, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "main.go starts with a UTF-8 byte order mark", "gofmt -l", "gofmt -w main.go", "file: /work/main.go")
	if fd.Fix.Auto == nil || fd.Fix.Auto.Kind != "edit" || fd.Fix.Auto.Path != "/work/main.go" {
		t.Fatalf("auto fix = %+v", fd.Fix.Auto)
	}
	out, err := fd.Fix.Auto.Rewrite([]byte(sourceFixBOM + sourceBOMTestMain))
	if err != nil || string(out) != sourceBOMTestMain {
		t.Fatalf("rewrite = %q, %v", out, err)
	}
	// After the fix the doctor is clean.
	fake.AddFile("/work/main.go", string(out), 0)
	sourceBOMTestClean(t, checktest.Run(t, SourceBOM, fake, facts.Options{}))
}

func TestSourceBOM_LeadingBOMWithGo116IsError(t *testing.T) {
	fake := sourceBOMTestFake(map[string]string{"main.go": sourceFixBOM + sourceBOMTestMain}, nil)
	fake.AddGo("/usr/local/go", "go1.16.15", map[string]string{"GOMOD": "/work/go.mod"})
	r := checktest.Run(t, SourceBOM, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "go1.16.15", "golang/go#35726", "cannot find package")
}

func TestSourceBOM_MiddleBOMIsErrorWithPositionAndContext(t *testing.T) {
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
			fake := sourceBOMTestFake(map[string]string{"p/p.go": tc.src}, nil)
			r := checktest.Run(t, SourceBOM, fake, facts.Options{})
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
func TestSourceBOM_GoSumIsErrorWithAutoFixGoModLeftToModuleGoMod(t *testing.T) {
	fake := sourceBOMTestFake(map[string]string{
		"go.mod":  sourceFixBOM + "module example.com/m\n\ngo 1.26\n",
		"go.sum":  sourceFixBOM + "golang.org/x/mod v0.20.0 h1:abc=\n",
		"main.go": sourceBOMTestMain,
	}, nil)
	r := checktest.Run(t, SourceBOM, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go.sum starts with a UTF-8 byte order mark", "missing go.sum entry",
		"first line: golang.org/x/mod v0.20.0 h1:abc=", "tail -c +4 /work/go.sum")
	if fd.Fix.Auto == nil || fd.Fix.Auto.Path != "/work/go.sum" {
		t.Errorf("auto fix: %+v", fd.Fix.Auto)
	}
	if !strings.Contains(r.Summary, "1 file with a byte order mark (and go.mod: module/gomod reports it)") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestSourceBOM_WorkspaceModulesAndFiles(t *testing.T) {
	fake := sourceBOMTestFake(map[string]string{
		"go.work":     sourceFixBOM + "go 1.26\n\nuse (\n\t./a\n\t./b\n)\n", // GOWORK: module/gomod's
		"go.work.sum": sourceFixBOM + "golang.org/x/mod v0.20.0 h1:abc=\n",
		"a/go.mod":    sourceFixBOM + "module example.com/a\n\ngo 1.26\n", // GOMOD: module/gomod's
		"a/a.go":      sourceFixBOM + "package a\n",
		"b/go.mod":    sourceFixBOM + "module example.com/b\n\ngo 1.26\n", // not parsed by module/gomod
		"b/b.go":      "package b\n\nconst S = \"\ufeff\"\n",
		"c/go.mod":    "module example.com/c\n\ngo 1.26\n",
		"c/c.go":      sourceFixBOM + "package c\n", // not in go.work: not scanned
	}, map[string]string{"GOWORK": "/work/go.work", "GOMOD": "/work/a/go.mod"})
	r := checktest.Run(t, SourceBOM, fake, facts.Options{Dir: "/work"})
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

func TestSourceBOM_ScopeFollowsTheGoCommand(t *testing.T) {
	bom := sourceFixBOM + "package x\n"
	files := map[string]string{
		"go.mod":                    "module example.com/m\n\ngo 1.26\n\nignore ./node_modules\nignore build\n",
		"main.go":                   sourceBOMTestMain,
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
	fake := sourceBOMTestFake(files, map[string]string{"GOFLAGS": "-mod=mod", "GOMODCACHE": "/work/go/pkg/mod", "GOROOT": "/work/sdk/go"})
	r := checktest.Run(t, SourceBOM, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "pkg/x.go starts with")
	if !strings.Contains(r.Summary, "2 .go files") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestSourceBOM_VendorIsReadWhenTheBuildUsesIt(t *testing.T) {
	files := map[string]string{
		"go.mod":                           "module example.com/m\n\ngo 1.22\n",
		"main.go":                          sourceBOMTestMain,
		"vendor/modules.txt":               "# example.com/v v1.0.0\n## explicit\nexample.com/v\n",
		"vendor/example.com/v/v.go":        sourceFixBOM + "package v\n",
		"vendor/example.com/v/vendor/x.go": sourceFixBOM + "package x\n", // nested vendor: pruned
	}
	t.Run("default vendoring", func(t *testing.T) {
		r := checktest.Run(t, SourceBOM, sourceBOMTestFake(files, nil), facts.Options{})
		checktest.Only(t, r, check.Info, "vendor/example.com/v/v.go starts with")
		if !strings.Contains(checktest.Text(check.Finding{Evidence: r.Evidence}), "go line is 1.22") {
			t.Errorf("evidence = %+v", r.Evidence)
		}
	})
	t.Run("-mod=mod", func(t *testing.T) {
		r := checktest.Run(t, SourceBOM, sourceBOMTestFake(files, map[string]string{"GOFLAGS": "-mod=mod"}), facts.Options{})
		sourceBOMTestClean(t, r)
	})
	t.Run("go 1.13", func(t *testing.T) {
		old := map[string]string{"go.mod": "module example.com/m\n\ngo 1.13\n"}
		for k, v := range files {
			if k != "go.mod" {
				old[k] = v
			}
		}
		sourceBOMTestClean(t, checktest.Run(t, SourceBOM, sourceBOMTestFake(old, nil), facts.Options{}))
	})
	t.Run("-mod=vendor", func(t *testing.T) {
		old := map[string]string{"go.mod": "module example.com/m\n\ngo 1.13\n"}
		for k, v := range files {
			if k != "go.mod" {
				old[k] = v
			}
		}
		r := checktest.Run(t, SourceBOM, sourceBOMTestFake(old, map[string]string{"GOFLAGS": "-mod=vendor"}), facts.Options{})
		checktest.Only(t, r, check.Info, "vendor/example.com/v/v.go starts with")
	})
}

func TestSourceBOM_TestdataIsOneInfoWithoutAutoFix(t *testing.T) {
	fake := sourceBOMTestFake(map[string]string{
		"main.go":               sourceBOMTestMain,
		"p/testdata/bom.go":     sourceFixBOM + "package x\n",
		"p/testdata/mid.go":     "package x\n\ufeff\n",
		"p/testdata/deep/x.go":  sourceFixBOM + "package x\n",
		"p/testdata/_skip/x.go": sourceFixBOM + "package x\n",
	}, nil)
	r := checktest.Run(t, SourceBOM, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "3 files under testdata/ contain a byte order mark", "never compiles", "p/testdata/mid.go: BOM at 2:1", "p/testdata/bom.go: leading BOM")
	if fd.Fix != nil {
		t.Errorf("testdata must not be fixed: %+v", fd.Fix)
	}
}

func TestSourceBOM_Skips(t *testing.T) {
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"GOPATH mode", map[string]string{"GOMOD": "", "GO111MODULE": "off"}, "GOPATH mode"},
		{"no module", map[string]string{"GOMOD": "/dev/null"}, "not inside a module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := checktest.Run(t, SourceBOM, sourceBOMTestFake(nil, tc.vars), facts.Options{})
			if !strings.Contains(r.SkipReason, tc.want) {
				t.Errorf("skip = %q, findings %+v", r.SkipReason, r.Findings)
			}
		})
	}
	t.Run("no go", func(t *testing.T) {
		fake := factstest.New()
		fake.AddFile("/work/go.mod", "module m\n", 0)
		r := checktest.Run(t, SourceBOM, fake, facts.Options{})
		if !strings.Contains(r.SkipReason, "go/installed") {
			t.Errorf("skip = %q", r.SkipReason)
		}
	})
}

// sourceBOMTestCountingOS counts directory reads.
type sourceBOMTestCountingOS struct {
	*factstest.OS
	mu    sync.Mutex
	reads map[string]int
}

func (o *sourceBOMTestCountingOS) ReadDir(name string) ([]fs.DirEntry, error) {
	o.mu.Lock()
	o.reads[name]++
	o.mu.Unlock()
	return o.OS.ReadDir(name)
}

func TestSourceBOM_OneScanServesAllThreeChecks(t *testing.T) {
	files := map[string]string{"main.go": sourceBOMTestMain}
	for _, d := range []string{"a", "b", "a/c", "a/c/d"} {
		files[d+"/x.go"] = "package x\r\n"
	}
	sys := &sourceBOMTestCountingOS{OS: sourceBOMTestFake(files, nil), reads: map[string]int{}}
	res := sourceBOMTestRunAll(t, sys)
	for name, n := range sys.reads {
		if n != 1 {
			t.Errorf("%s read %d times", name, n)
		}
	}
	if len(sys.reads) != 5 {
		t.Errorf("directories read: %v", sys.reads)
	}
	if n := len(res["source/line-endings"].Findings); n != 4 {
		t.Errorf("line-endings findings = %d", n)
	}
}

func TestSourceBOM_WindowsPaths(t *testing.T) {
	fake := factstest.New()
	fake.OSName = "windows"
	fake.Wd = `C:\work`
	fake.AddDir("C:/work")
	fake.Setenv("PATH", `C:\Go\bin`)
	fake.Setenv("USERPROFILE", `C:\Users\u`)
	fake.AddGo("C:/Go", "go1.26.8", map[string]string{"GOMOD": `C:\work\go.mod`})
	fake.AddFile("C:/work/go.mod", sourceFixBOM+"module m\n\ngo 1.26\n", 0) // module/gomod's
	fake.AddFile("C:/work/go.sum", sourceFixBOM+"golang.org/x/mod v0.20.0 h1:abc=\n", 0)
	fake.AddFile("C:/work/sub/x.go", sourceFixBOM+"package x\r\n", 0)
	res := sourceBOMTestRunAll(t, fake)
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

func TestSourceBOM_FixesArePureAndIdempotent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rewrite  func([]byte) ([]byte, error)
		in, want string
	}{
		{"strip BOM", sourceFixStripBOM, sourceFixBOM + "package p\n", "package p\n"},
		{"strip only the leading BOM", sourceFixStripBOM, sourceFixBOM + "x\ufeffy", "x\ufeffy"},
		{"no BOM", sourceFixStripBOM, "package p\n", "package p\n"},
		{"doubled BOM", sourceFixStripBOM, sourceFixBOM + sourceFixBOM + "p", "p"},
		{"CRLF", sourceFixCRLF, "package p\r\n\r\nconst S = `a\r\nb`\r\n", "package p\n\nconst S = `a\nb`\n"},
		{"mixed", sourceFixCRLF, "a\r\nb\nc\r\n", "a\nb\nc\n"},
		{"lone CR kept", sourceFixCRLF, "a\rb\n", "a\rb\n"},
		{"CR CR LF", sourceFixCRLF, "a\r\r\nb\r", "a\nb\r"},
		{"empty", sourceFixCRLF, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			keep := bytes.Clone(in)
			out, err := tc.rewrite(in)
			if err != nil || string(out) != tc.want {
				t.Fatalf("rewrite(%q) = %q, %v; want %q", tc.in, out, err, tc.want)
			}
			if !bytes.Equal(in, keep) {
				t.Errorf("rewrite changed its input")
			}
			if tc.in == tc.want && len(in) > 0 && &out[0] != &in[0] {
				t.Errorf("nothing to do must return the input itself")
			}
			if again, _ := tc.rewrite(out); !bytes.Equal(again, out) || (len(out) > 0 && &again[0] != &out[0]) {
				t.Errorf("not idempotent: %q -> %q", out, again)
			}
		})
	}
}
