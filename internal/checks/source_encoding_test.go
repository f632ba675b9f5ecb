package checks

import (
	"bytes"
	"context"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/textfix"
)

func TestSourceEncoding_UTF16(t *testing.T) {
	le := "\xff\xfep\x00a\x00c\x00k\x00a\x00g\x00e\x00 \x00p\x00\n\x00"
	for _, tc := range []struct {
		name, data, goVersion string
		want                  []string
	}{
		{"LE with BOM, Go 1.26", le, "go1.26.8", []string{"p/p.go is encoded as UTF-16LE", "p/p.go:1:1: illegal UTF-8 encoding (got UTF-16)", "iconv -f UTF-16 -t UTF-8 /work/p/p.go"}},
		{"LE with BOM, Go 1.25", le, "go1.25.0", []string{"read /work/p/p.go: unexpected NUL in input", "Go 1.26 and newer"}},
		{"BE with BOM", "\xfe\xff\x00p\x00a\x00c\x00k", "go1.26.8", []string{"UTF-16BE", "FE FF"}},
		{"LE without BOM", le[2:], "go1.26.8", []string{"UTF-16LE", "every other byte is NUL", "read /work/p/p.go: unexpected NUL in input", "iconv -f UTF-16LE -t UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := sourceBOMTestFake(t, map[string]string{"p/p.go": tc.data})
			fake.Go("/usr/local/go", tc.goVersion, "GOMOD=/work/go.mod")
			res := sourceBOMTestRunAll(t, fake)
			checktest.Only(t, res["source/encoding"], check.Error, tc.want...)
			checktest.Clean(t, res["source/bom"]) // a UTF-16 BOM is the encoding's finding
			checktest.Clean(t, res["source/line-endings"])
		})
	}
}

func TestSourceEncoding_NULAndInvalidUTF8(t *testing.T) {
	fake := sourceBOMTestFake(t, map[string]string{
		"nul.go":   "package p\n\nfunc F() {\n\t// \x00 and \x00\n}\n",
		"latin.go": "package p\n\n// caf\xe9 cr\xe8me\nconst S = 1\n",
	})
	r := checktest.Run(t, SourceEncoding, fake, facts.Options{})
	if len(r.Findings) != 2 {
		t.Fatalf("findings: %+v", r.Findings)
	}
	latin, nul := checktest.Text(r.Findings[0]), checktest.Text(r.Findings[1])
	for _, w := range []string{"latin.go is not valid UTF-8: 2 invalid bytes, the first (0xE9) at 3:7", "./latin.go:3:7: invalid UTF-8 encoding",
		"latin.go:3:7: illegal UTF-8 encoding", `line: "// caf\xe9 cr\xe8me"`, "iconv -f WINDOWS-1252 -t UTF-8 /work/latin.go", `\xe9`} {
		if !strings.Contains(latin, w) {
			t.Errorf("latin.go finding lacks %q:\n%s", w, latin)
		}
	}
	for _, w := range []string{"nul.go contains 2 NUL bytes, the first at 4:5", "./nul.go:4:5: invalid NUL character", "unexpected NUL in input", "nul.go:4:5: illegal character NUL", `\x00`} {
		if !strings.Contains(nul, w) {
			t.Errorf("nul.go finding lacks %q:\n%s", w, nul)
		}
	}
	for _, fd := range r.Findings {
		if fd.Severity != check.Error || fd.Fix == nil || fd.Fix.Auto != nil {
			t.Errorf("%s: severity %v fix %+v", fd.Summary, fd.Severity, fd.Fix)
		}
	}
}

func TestSourceEncoding_TooLargeAndUnreadable(t *testing.T) {
	fake := sourceBOMTestFake(t, map[string]string{
		"main.go":         sourceBOMTestMain,
		"big/big.go":      "package big\n" + strings.Repeat("\x00", facts.MaxFileSize),
		"secret/s.go":     "package secret\n",
		"p/testdata/x.go": "package x\n",
	})
	fake.Unreadable("/work/secret/s.go", "/work/p/testdata/x.go") // another user's files, mode 0600
	r := checktest.Run(t, SourceEncoding, fake, facts.Options{})
	var text []string
	for _, fd := range r.Findings {
		text = append(text, fd.Severity.String()+": "+checktest.Text(fd))
	}
	all := strings.Join(text, "\n---\n")
	for _, w := range []string{"info: big/big.go is larger than 16 MiB; godx did not read it.", "warning: The file secret/s.go cannot be read: permission denied.",
		"info: 1 file under testdata/ cannot be read"} {
		if !strings.Contains(all, w) {
			t.Errorf("missing %q in\n%s", w, all)
		}
	}
	if len(r.Findings) != 3 {
		t.Errorf("findings:\n%s", all)
	}
}

func TestSourceEncoding_ScanBytes(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want sourceScanFile
	}{
		{"ascii", "package p\n", sourceScanFile{}},
		{"utf-8", "package p // 世界 \ufffd\n", sourceScanFile{}},
		{"empty", "", sourceScanFile{}},
		{"leading BOM", "\ufeffpackage p\n", sourceScanFile{LeadingBOM: true}},
		{"BOM alone", "\ufeff", sourceScanFile{LeadingBOM: true}},
		{"truncated BOM", "\xef\xbb", sourceScanFile{BadUTF8: sourceScanHit{Count: 2, Offset: 0, Line: 1, Col: 1, Byte: 0xef}}},
		{"middle BOMs", "package p\n\ufeff\ufeff", sourceScanFile{MidBOM: sourceScanHit{Count: 2, Offset: 10, Line: 2, Col: 1}}},
		{"0xEF not a BOM", "package p // \uf8ff\n", sourceScanFile{}},
		{"NUL", "a\nb\x00\x00", sourceScanFile{NUL: sourceScanHit{Count: 2, Offset: 3, Line: 2, Col: 2}}},
		{"invalid", "a\xff\xc0\x80", sourceScanFile{BadUTF8: sourceScanHit{Count: 3, Offset: 1, Line: 1, Col: 2, Byte: 0xff}}},
		{"surrogate", "a\xed\xa0\x80", sourceScanFile{BadUTF8: sourceScanHit{Count: 3, Offset: 1, Line: 1, Col: 2, Byte: 0xed}}},
		{"CRLF", "a\r\nb\r\n", sourceScanFile{CRLF: 2}},
		{"mixed", "a\r\nb\nc\n", sourceScanFile{CRLF: 1, LF: 2}},
		{"lone CR", "a\rb\n", sourceScanFile{}},
		{"UTF-16LE", "\xff\xfea\x00", sourceScanFile{UTF16: "UTF-16LE", UTF16BOM: true}},
		{"UTF-16BE", "\xfe\xff\x00a", sourceScanFile{UTF16: "UTF-16BE", UTF16BOM: true}},
		{"UTF-16LE without BOM", "p\x00a\x00c\x00k\x00", sourceScanFile{UTF16: "UTF-16LE", NUL: sourceScanHit{Count: 4, Offset: 1, Line: 1, Col: 2}}},
		{"UTF-16BE without BOM", "\x00p\x00a\x00c\x00k", sourceScanFile{UTF16: "UTF-16BE", NUL: sourceScanHit{Count: 4, Offset: 0, Line: 1, Col: 1}}},
		{"FF alone", "\xff", sourceScanFile{BadUTF8: sourceScanHit{Count: 1, Line: 1, Col: 1, Byte: 0xff}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got sourceScanFile
			found := sourceScanBytes([]byte(tc.in), &got)
			if found != (tc.want != sourceScanFile{}) {
				t.Errorf("found = %v", found)
			}
			if found {
				sourceScanLocate([]byte(tc.in), &got)
			}
			for _, h := range []*sourceScanHit{&got.MidBOM, &got.NUL, &got.BadUTF8} {
				h.Text, h.Context = "", ""
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// sourceEncodingTestOracle asks go/scanner (what gofmt, vet and gopls use)
// whether b has an encoding error, and where the first one is. It is the
// reference the scanner must agree with.
func sourceEncodingTestOracle(b []byte) (bad bool, offset int) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, len(b))
	offset = -1
	var s scanner.Scanner
	s.Init(file, b, func(pos token.Position, msg string) {
		switch msg {
		case "illegal character NUL", "illegal UTF-8 encoding", "illegal UTF-8 encoding (got UTF-16)", "illegal byte order mark":
			if !bad {
				bad, offset = true, pos.Offset
			}
		}
	}, scanner.ScanComments)
	for {
		if _, tok, _ := s.Scan(); tok == token.EOF {
			return bad, offset
		}
	}
}

// sourceEncodingTestVerdict is the scanner's answer in the oracle's terms.
func sourceEncodingTestVerdict(b []byte) (bad bool, offset int) {
	var r sourceScanFile
	if !sourceScanBytes(b, &r) {
		return false, -1
	}
	if r.UTF16BOM {
		return true, 0 // the byte order mark FF FE or FE FF is not UTF-8
	}
	offset = len(b)
	for _, h := range []sourceScanHit{r.NUL, r.BadUTF8, r.MidBOM} {
		if h.Count > 0 {
			offset = min(offset, h.Offset)
		}
	}
	if offset == len(b) {
		return false, -1 // only a leading BOM or CRLF: both compile
	}
	return true, offset
}

func FuzzSourceEncoding_Scanner(f *testing.F) {
	for _, s := range []string{
		"package p\n", "\ufeffpackage p\n", "package p\n\ufeff", "\xff\xfep\x00", "\xfe\xff\x00p", "p\x00a\x00",
		"a\r\nb\n", "\x00", "\xef\xbb", "\xef\xbb\xbf\xef\xbb\xbf", "// \xe9\n", "`\r\n`", "'\ufeff'", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r sourceScanFile
		if sourceScanBytes(b, &r) {
			sourceScanLocate(b, &r) // must not panic either
			for _, h := range []sourceScanHit{r.NUL, r.BadUTF8, r.MidBOM} {
				if h.Count > 0 && (h.Line < 1 || h.Col < 1 || h.Offset >= len(b)) {
					t.Fatalf("bad position %+v for %q", h, b)
				}
			}
		}
		wantBad, wantOff := sourceEncodingTestOracle(b)
		gotBad, gotOff := sourceEncodingTestVerdict(b)
		if gotBad != wantBad {
			t.Fatalf("%q: scanner says error=%v, go/scanner says %v (at %d)", b, gotBad, wantBad, wantOff)
		}
		if gotBad && gotOff != wantOff {
			t.Fatalf("%q: first error at offset %d, go/scanner says %d", b, gotOff, wantOff)
		}
		if fixed, _ := textfix.CRLFToLF(b); bytes.Contains(fixed, []byte("\r\n")) {
			t.Fatalf("CRLF left after the fix: %q", fixed)
		}
		if fixed, _ := textfix.StripBOM(b); bytes.HasPrefix(fixed, []byte(textfix.BOM)) {
			t.Fatalf("BOM left after the fix: %q", fixed)
		}
	})
}

// sourceEncodingTestCases are small Go files, valid except for their
// encoding, checked against the real compiler.
var sourceEncodingTestCases = []struct{ name, src string }{
	{"clean", "package p\n\nconst C01 = \"héllo\"\n"},
	{"leadingbom", "\ufeffpackage p\n\nconst C02 = 1\n"},
	{"crlf", "package p\r\n\r\nconst C03 = `a\r\nb`\r\n"},
	{"mixed", "package p\r\n\nconst C04 = 1\n"},
	{"lonecr", "package p\n\nconst C05 = 1 \r// x\n"},
	{"fffd", "package p\n\nconst C06 = \"\ufffd\"\n"},
	{"midbomstring", "package p\n\nconst C07 = \"a\ufeffb\"\n"},
	{"midbomcomment", "package p\n\n// \ufeff\nconst C08 = 1\n"},
	{"midbomraw", "package p\n\nconst C09 = `\ufeff`\n"},
	{"doublebom", "\ufeff\ufeffpackage p\n\nconst C10 = 1\n"},
	{"nul", "package p\n\nfunc F11() {\n\t// \x00\n}\n"},
	{"nulstring", "package p\n\nconst C12 = \"\x00\"\n"},
	{"latin1", "package p\n\nfunc F13() {\n\t// caf\xe9\n}\n"},
	{"surrogate", "package p\n\nconst C14 = \"\xed\xa0\x80\"\n"},
	{"overlong", "package p\n\nconst C15 = \"\xc0\xaf\"\n"},
	{"utf16", "\xff\xfep\x00a\x00c\x00k\x00a\x00g\x00e\x00 \x00p\x00\n\x00"},
}

// TestSourceEncoding_AgreesWithTheCompiler compiles every case with the real
// compiler (one `go tool compile -e` for all) and checks that the scanner
// calls exactly the failing files errors, at the positions the compiler
// prints. gofmt (go/scanner) is checked the same way, and the files the
// scanner accepts are built with `go build` in a module.
func TestSourceEncoding_AgreesWithTheCompiler(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	var files, clean []string
	want := map[string]string{} // file -> "line:col" of the first error, "" when clean
	for _, tc := range sourceEncodingTestCases {
		name := tc.name + ".go"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
		bad, off := sourceEncodingTestVerdict([]byte(tc.src))
		if !bad {
			want[name] = ""
			clean = append(clean, name)
			continue
		}
		line, col := sourceScanLineCol([]byte(tc.src), off)
		want[name] = fmt.Sprintf("%d:%d", line, col)
	}
	env := append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=-buildvcs=false")
	run := func(name string, args ...string) string {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = dir, env
		out, _ := cmd.CombinedOutput() // failing is the point
		return string(out)
	}
	firstErr := func(out, file string) string {
		m := regexp.MustCompile(`(?m)^(?:\./)?` + regexp.QuoteMeta(file) + `:(\d+):(\d+): (.*)$`).FindStringSubmatch(out)
		if m == nil {
			return ""
		}
		return m[1] + ":" + m[2]
	}
	// The compiler stops at the first file whose parse failed, so each
	// file is compiled on its own (the compile binary directly: no build
	// cache, ~20 ms each); gofmt reports every file in one run.
	tooldir := strings.TrimSpace(run(goBin, "env", "GOTOOLDIR"))
	compile := filepath.Join(tooldir, "compile")
	gofmt := run(filepath.Join(filepath.Dir(goBin), "gofmt"), append([]string{"-l", "-e"}, files...)...)
	for _, name := range files {
		compiled := run(compile, "-e", "-p", "p", "-o", filepath.Join(dir, "p.a"), name)
		for tool, out := range map[string]string{"compile": compiled, "gofmt": gofmt} {
			if got := firstErr(out, name); got != want[name] {
				t.Errorf("%s: %s says first error at %q, the scanner %q\n%s", name, tool, got, want[name], out)
			}
		}
	}
	// The files the scanner accepts really build as a package.
	mod := filepath.Join(dir, "m")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644)
	for _, name := range clean {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		os.WriteFile(filepath.Join(mod, name), data, 0o644)
	}
	cmd := exec.Command(goBin, "build", ".")
	cmd.Dir, cmd.Env = mod, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go build of the files the scanner accepts (%v) failed: %v\n%s", clean, err, out)
	}
}

// TestSourceEncoding_RealTree runs the three checks on a real module with
// symlinks: a cycle, a link out of the tree, a link into an ignored
// directory, and a link to a file that is also scanned under its own name.
func TestSourceEncoding_RealTree(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOWORK", "off")
	outside := t.TempDir()
	mod := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("main.go", sourceBOMTestMain)
	write("a/crlf.go", "package a\r\n")
	write("_hidden/bom.go", textfix.BOM+"package hidden\n")
	write("fifo/x.go", "package fifo\n")
	os.WriteFile(filepath.Join(outside, "evil.go"), []byte(textfix.BOM+"package evil\n"), 0o644)
	for link, target := range map[string]string{
		"a/loop":        "..",                              // a directory cycle: not followed
		"a/out.go":      filepath.Join(outside, "evil.go"), // out of the tree: not read
		"a/hidden.go":   "../_hidden/bom.go",               // into the tree: read
		"a/same.go":     "crlf.go",                         // reported once, under its own name
		"a/dangling.go": "nowhere.go",
	} {
		if err := os.Symlink(target, filepath.Join(mod, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := exec.Command("mkfifo", filepath.Join(mod, "fifo", "pipe.go")).Run(); err != nil {
		t.Logf("no FIFO: %v", err)
	}
	res := sourceBOMTestRunAll(t, facts.System{}, facts.Options{Dir: mod})
	fd := checktest.Only(t, res["source/bom"], check.Info, "a/hidden.go starts with", "symlink to: "+filepath.Join(mod, "_hidden", "bom.go"))
	if fd.Fix.Auto.Path != filepath.Join(mod, "a", "hidden.go") {
		t.Errorf("auto fix path %q", fd.Fix.Auto.Path)
	}
	checktest.Only(t, res["source/line-endings"], check.Info, "a/crlf.go uses Windows line endings")
	checktest.Clean(t, res["source/encoding"])
	// main.go, a/crlf.go, fifo/x.go and the link a/hidden.go (a/same.go
	// points at a reported file; the FIFO is not a regular file).
	if !strings.Contains(res["source/bom"].Summary, "4 .go files") {
		t.Errorf("summary = %q", res["source/bom"].Summary)
	}
}

// sourceEncodingBenchTree writes a generated module of files .go files
// totalling about size bytes under dir, ten files per directory in two
// levels, with realistic content (Go source of various sizes, some UTF-8,
// a few CRLF files and BOMs so the slow paths run too).
func sourceEncodingBenchTree(tb testing.TB, dir string, files, size int) int64 {
	tb.Helper()
	var chunk bytes.Buffer
	for _, name := range []string{"fmt/print.go", "strings/strings.go", "go/scanner/scanner.go", "unicode/utf8/utf8.go"} {
		data, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", name))
		if err != nil {
			tb.Skipf("no Go sources to copy: %v", err)
		}
		chunk.Write(data)
	}
	chunk.WriteString("\n// Ünïcödé: 世界 \U0001F600\n")
	src := chunk.Bytes()
	avg := size / files
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/big\n\ngo 1.22\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	var total int64
	for i := 0; i < files; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("p%03d", i/500), fmt.Sprintf("q%03d", i/10))
		if i%10 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				tb.Fatal(err)
			}
		}
		n := avg/3 + (i*7919)%(avg*4/3) // sizes from avg/3 to 5/3 avg
		n = min(n, len(src))
		for n > 0 && n < len(src) && !utf8.RuneStart(src[n]) {
			n-- // whole characters only
		}
		data := append([]byte(fmt.Sprintf("package q%d\n\n", i/10)), src[:n]...)
		switch i % 1000 {
		case 1:
			data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
		case 2:
			data = append([]byte(textfix.BOM), data...)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%d.go", i)), data, 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(len(data))
	}
	return total
}

// BenchmarkSourceEncoding_ScanTree measures the walk on a large generated
// module: 20 000 files, about 300 MB (written once, then read from the page
// cache). Run with: go test ./internal/checks -run '^$' -bench ScanTree
func BenchmarkSourceEncoding_ScanTree(b *testing.B) {
	dir := b.TempDir()
	total := sourceEncodingBenchTree(b, dir, 20000, 300<<20)
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("20000files", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		var sc *sourceScan
		for b.Loop() {
			sc = &sourceScan{}
			w := &sourceScanWalker{f: f, ctx: context.Background(), sep: string(filepath.Separator)}
			w.run([]*sourceScanRoot{{dir: dir, module: true}}, sc)
		}
		if sc.Files != 20000 || len(sc.Problems) != 40 {
			b.Fatalf("scanned %d files, %d problems", sc.Files, len(sc.Problems))
		}
		b.ReportMetric(float64(sc.Files), "files/op")
	})
}

// BenchmarkSourceEncoding_ScanGoroot is the whole scan (go env included) in
// $GOROOT/src, the std module.
func BenchmarkSourceEncoding_ScanGoroot(b *testing.B) {
	src := filepath.Join(runtime.GOROOT(), "src")
	b.Setenv("GOTOOLCHAIN", "local")
	b.ReportAllocs()
	var sc *sourceScan
	for b.Loop() {
		f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: src})
		if err != nil {
			b.Fatal(err)
		}
		if sc, err = sourceScanRun(f); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(sc.Bytes)
	b.ReportMetric(float64(sc.Files), "files/op")
}

// BenchmarkSourceEncoding_Bytes is the per-file classification alone.
func BenchmarkSourceEncoding_Bytes(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "src", "go", "scanner", "scanner.go"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var r sourceScanFile
		if sourceScanBytes(data, &r) {
			b.Fatal("scanner.go has a problem?")
		}
	}
}
