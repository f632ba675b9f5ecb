package sourcescan

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/textfix"
	"github.com/godx-dev/godx/internal/wintest/wine"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want File
	}{
		{"ascii", "package p\n", File{}},
		{"utf-8", "package p // 世界 \ufffd\n", File{}},
		{"empty", "", File{}},
		{"leading BOM", "\ufeffpackage p\n", File{LeadingBOM: true}},
		{"BOM alone", "\ufeff", File{LeadingBOM: true}},
		{"truncated BOM", "\xef\xbb", File{BadUTF8: Hit{Count: 2, Offset: 0, Line: 1, Col: 1, Byte: 0xef}}},
		{"middle BOMs", "package p\n\ufeff\ufeff", File{MidBOM: Hit{Count: 2, Offset: 10, Line: 2, Col: 1}}},
		{"0xEF not a BOM", "package p // \uf8ff\n", File{}},
		{"NUL", "a\nb\x00\x00", File{NUL: Hit{Count: 2, Offset: 3, Line: 2, Col: 2}}},
		{"invalid", "a\xff\xc0\x80", File{BadUTF8: Hit{Count: 3, Offset: 1, Line: 1, Col: 2, Byte: 0xff}}},
		{"surrogate", "a\xed\xa0\x80", File{BadUTF8: Hit{Count: 3, Offset: 1, Line: 1, Col: 2, Byte: 0xed}}},
		{"CRLF", "a\r\nb\r\n", File{CRLF: 2}},
		{"mixed", "a\r\nb\nc\n", File{CRLF: 1, LF: 2}},
		{"lone CR", "a\rb\n", File{}},
		{"UTF-16LE", "\xff\xfea\x00", File{UTF16: "UTF-16LE", UTF16BOM: true}},
		{"UTF-16BE", "\xfe\xff\x00a", File{UTF16: "UTF-16BE", UTF16BOM: true}},
		{"UTF-16LE without BOM", "p\x00a\x00c\x00k\x00", File{UTF16: "UTF-16LE", NUL: Hit{Count: 4, Offset: 1, Line: 1, Col: 2}}},
		{"UTF-16BE without BOM", "\x00p\x00a\x00c\x00k", File{UTF16: "UTF-16BE", NUL: Hit{Count: 4, Offset: 0, Line: 1, Col: 1}}},
		{"FF alone", "\xff", File{BadUTF8: Hit{Count: 1, Line: 1, Col: 1, Byte: 0xff}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got File
			found := Classify([]byte(tc.in), &got)
			if found != (tc.want != File{}) {
				t.Errorf("found = %v", found)
			}
			if found {
				Locate([]byte(tc.in), &got)
			}
			for _, h := range []*Hit{&got.MidBOM, &got.NUL, &got.BadUTF8} {
				h.Text, h.Context = "", ""
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// classifyTestOracle asks go/scanner (what gofmt, vet and gopls use)
// whether b has an encoding error, and where the first one is. It is the
// reference the scanner must agree with.
func classifyTestOracle(b []byte) (bad bool, offset int) {
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

// classifyTestVerdict is the scanner's answer in the oracle's terms.
func classifyTestVerdict(b []byte) (bad bool, offset int) {
	var r File
	if !Classify(b, &r) {
		return false, -1
	}
	if r.UTF16BOM {
		return true, 0 // the byte order mark FF FE or FE FF is not UTF-8
	}
	offset = len(b)
	for _, h := range []Hit{r.NUL, r.BadUTF8, r.MidBOM} {
		if h.Count > 0 {
			offset = min(offset, h.Offset)
		}
	}
	if offset == len(b) {
		return false, -1 // only a leading BOM or CRLF: both compile
	}
	return true, offset
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"package p\n", "\ufeffpackage p\n", "package p\n\ufeff", "\xff\xfep\x00", "\xfe\xff\x00p", "p\x00a\x00",
		"a\r\nb\n", "\x00", "\xef\xbb", "\xef\xbb\xbf\xef\xbb\xbf", "// \xe9\n", "`\r\n`", "'\ufeff'", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var r File
		if Classify(b, &r) {
			Locate(b, &r) // must not panic either
			for _, h := range []Hit{r.NUL, r.BadUTF8, r.MidBOM} {
				if h.Count > 0 && (h.Line < 1 || h.Col < 1 || h.Offset >= len(b)) {
					t.Fatalf("bad position %+v for %q", h, b)
				}
			}
		}
		wantBad, wantOff := classifyTestOracle(b)
		gotBad, gotOff := classifyTestVerdict(b)
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

// classifyTestCases are small Go files, valid except for their
// encoding, checked against the real compiler.
var classifyTestCases = []struct{ name, src string }{
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

// TestClassify_AgreesWithTheCompiler compiles every case with the real
// compiler (one `go tool compile -e` for all) and checks that the scanner
// calls exactly the failing files errors, at the positions the compiler
// prints. gofmt (go/scanner) is checked the same way, and the files the
// scanner accepts are built with `go build` in a module.
func TestClassify_AgreesWithTheCompiler(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	var files, clean []string
	want := map[string]string{} // file -> "line:col" of the first error, "" when clean
	for _, tc := range classifyTestCases {
		// "case-": Windows reserves device names such as NUL, even
		// with an extension (nul.go is the null device there).
		name := "case-" + tc.name + ".go"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
		bad, off := classifyTestVerdict([]byte(tc.src))
		if !bad {
			want[name] = ""
			clean = append(clean, name)
			continue
		}
		line, col := lineCol([]byte(tc.src), off)
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
	if out, err := cmd.CombinedOutput(); err != nil && wine.RemoveAllBroken(string(out)) {
		t.Skipf("the go command cannot build under Wine 8: %s", out)
	} else if err != nil {
		t.Errorf("go build of the files the scanner accepts (%v) failed: %v\n%s", clean, err, out)
	}
}

// BenchmarkClassify is the per-file classification alone.
func BenchmarkClassify(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(testGOROOT(b), "src", "go", "scanner", "scanner.go"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var r File
		if Classify(data, &r) {
			b.Fatal("scanner.go has a problem?")
		}
	}
}
