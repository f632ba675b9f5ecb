package soak

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"
)

// flood is an endless line of x's of n bytes, then tail.
type flood struct {
	n    int64
	tail *strings.Reader
}

func (f *flood) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return f.tail.Read(p)
	}
	k := min(int64(len(p)), f.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	f.n -= k
	return int(k), nil
}

// A line of 256 MiB without a newline costs at most MaxLine of memory,
// and the events after it are still read.
func TestConsumeBoundsLongLines(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := NewTestStream()
	s.Consume(&flood{n: 256 << 20, tail: strings.NewReader("\n" +
		`{"Action":"run","Package":"p","Test":"TestA"}` + "\n" +
		`{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.1}` + "\r\n" +
		`{"Action":"pass","Package":"p","Elapsed":0.2}`)})
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("reading a 256 MiB line allocated %d MiB", grew>>20)
	}
	if s.Stray.Len() == 0 || s.Stray.Len() > MaxLine+1 {
		t.Errorf("stray output: %d bytes", s.Stray.Len())
	}
	pkgs, tests := s.Results()
	if len(tests) != 1 || tests[0].Test != "TestA" || tests[0].Outcome != Pass || len(pkgs) != 1 || pkgs[0].Outcome != Pass {
		t.Errorf("after the long line: packages %+v, tests %+v", pkgs, tests)
	}
}

func TestEachLine(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int
		want  []string
	}{
		{"a\nb\r\n\nc", 10, []string{"a", "b", "", "c"}},
		{"0123456789abc\nd\n", 4, []string{"0123", "d"}},
		{strings.Repeat("y", 200<<10) + "\nz", 100 << 10, []string{strings.Repeat("y", 100<<10), "z"}},
		{strings.Repeat("y", 70<<10) + "\nz", 1 << 20, []string{strings.Repeat("y", 70<<10), "z"}},
		{"", 4, nil},
	} {
		var got []string
		eachLine(bytes.NewReader([]byte(tc.in)), tc.limit, func(l []byte) { got = append(got, string(l)) })
		if len(got) != len(tc.want) {
			t.Errorf("%.20q: %d lines, want %d", tc.in, len(got), len(tc.want))
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%.20q line %d: %.20q (%d bytes), want %.20q (%d bytes)", tc.in, i, got[i], len(got[i]), tc.want[i], len(tc.want[i]))
			}
		}
	}
	var _ io.Reader = &flood{}
}
