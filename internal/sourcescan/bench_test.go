package sourcescan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/textfix"
)

// benchTree writes a generated module of files .go files
// totalling about size bytes under dir, ten files per directory in two
// levels, with realistic content (Go source of various sizes, some UTF-8,
// a few CRLF files and BOMs so the slow paths run too).
func benchTree(tb testing.TB, dir string, files, size int) int64 {
	tb.Helper()
	var chunk bytes.Buffer
	for _, name := range []string{"fmt/print.go", "strings/strings.go", "go/scanner/scanner.go", "unicode/utf8/utf8.go"} {
		data, err := os.ReadFile(filepath.Join(testGOROOT(tb), "src", name))
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

// BenchmarkScanTree measures the walk on a large generated
// module: 20 000 files, about 300 MB (written once, then read from the page
// cache). Run with: go test ./internal/sourcescan -run '^$' -bench ScanTree
func BenchmarkScanTree(b *testing.B) {
	dir := b.TempDir()
	total := benchTree(b, dir, 20000, 300<<20)
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("20000files", func(b *testing.B) {
		b.SetBytes(total)
		b.ReportAllocs()
		var sc *Scan
		for b.Loop() {
			sc = &Scan{}
			w := newWalker(context.Background(), f, nil)
			w.run([]*tree{{dir: dir, module: true}}, sc)
		}
		if sc.Files != 20000 || len(sc.Problems) != 40 {
			b.Fatalf("scanned %d files, %d problems", sc.Files, len(sc.Problems))
		}
		b.ReportMetric(float64(sc.Files), "files/op")
	})
}

// BenchmarkScanGoroot is the whole scan (go env included) in
// $GOROOT/src, the std module.
func BenchmarkScanGoroot(b *testing.B) {
	src := filepath.Join(testGOROOT(b), "src")
	b.Setenv("GOTOOLCHAIN", "local")
	b.ReportAllocs()
	var sc *Scan
	for b.Loop() {
		f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: src})
		if err != nil {
			b.Fatal(err)
		}
		if sc, err = scanProject(f); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(sc.Bytes)
	b.ReportMetric(float64(sc.Files), "files/op")
}
