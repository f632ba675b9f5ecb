package source

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

func TestEncoding_UTF16(t *testing.T) {
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
			fake := scanTestFake(t, map[string]string{"p/p.go": tc.data})
			fake.Go("/usr/local/go", tc.goVersion, "GOMOD=/work/go.mod")
			res := scanTestRunAll(t, fake)
			checktest.Only(t, res["source/encoding"], check.Error, tc.want...)
			checktest.Clean(t, res["source/bom"]) // a UTF-16 BOM is the encoding's finding
			checktest.Clean(t, res["source/line-endings"])
		})
	}
}

func TestEncoding_NULAndInvalidUTF8(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"nul.go":   "package p\n\nfunc F() {\n\t// \x00 and \x00\n}\n",
		"latin.go": "package p\n\n// caf\xe9 cr\xe8me\nconst S = 1\n",
	})
	r := checktest.Run(t, Encoding, fake, facts.Options{})
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

func TestEncoding_TooLargeAndUnreadable(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"main.go":         scanTestMain,
		"big/big.go":      "package big\n" + strings.Repeat("\x00", facts.MaxFileSize),
		"secret/s.go":     "package secret\n",
		"p/testdata/x.go": "package x\n",
	})
	fake.Unreadable("/work/secret/s.go", "/work/p/testdata/x.go") // another user's files, mode 0600
	r := checktest.Run(t, Encoding, fake, facts.Options{})
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
