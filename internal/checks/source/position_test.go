package source

import (
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
)

// Findings about a byte of a source file carry its line and column (as
// the compiler counts them); file-wide ones carry the file.
func TestPositions_SourceScan(t *testing.T) {
	fake := scanTestFake(t, map[string]string{
		"latin.go": "package p\n\n// caf\xe9\nconst S = 1\n",
		"nul.go":   "package p\n\nfunc F() {\n\t// \x00\n}\n",
		"mid.go":   "package p\n\nconst S = \"a\xef\xbb\xbfb\"\n",
		"lead.go":  "\xef\xbb\xbfpackage p\n",
		"crlf.go":  "package p\r\n",
		"go.sum":   "\xef\xbb\xbfexample.com/x v1.0.0 h1:x=\n",
	})
	res := scanTestRunAll(t, fake)
	want := map[string][2]int{
		"/work/latin.go": {3, 7}, "/work/nul.go": {4, 5}, "/work/mid.go": {3, 13},
		"/work/lead.go": {1, 1}, "/work/crlf.go": {0, 0}, "/work/go.sum": {1, 1},
	}
	seen := 0
	for _, id := range []string{"source/bom", "source/encoding", "source/line-endings"} {
		for _, fd := range res[id].Findings {
			if fd.Severity == check.Info && fd.Position == nil {
				continue // a summary of testdata files, or the like
			}
			p := fd.Position
			if p == nil {
				t.Errorf("%s: no position: %s", id, checktest.Text(fd))
				continue
			}
			w, ok := want[p.File]
			if !ok || p.Line != w[0] || p.Column != w[1] {
				t.Errorf("%s: position %+v, want %v (%s)", id, p, w, fd.Summary)
			}
			seen++
		}
	}
	if seen != len(want) {
		t.Errorf("%d findings with positions, want %d", seen, len(want))
	}
}
