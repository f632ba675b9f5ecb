package soak

import (
	"fmt"
	"testing"
)

// BenchmarkTestStream measures godx's parsing cost per test2json event
// (a package of 100 passing tests with output, the common case).
func BenchmarkTestStream(b *testing.B) {
	var lines [][]byte
	add := func(s string) { lines = append(lines, []byte(s)) }
	add(`{"Time":"2026-01-01T00:00:00.000000Z","Action":"start","Package":"example.com/m"}`)
	for i := 0; i < 100; i++ {
		add(fmt.Sprintf(`{"Time":"2026-01-01T00:00:00.000000Z","Action":"run","Package":"example.com/m","Test":"Test%d"}`, i))
		add(fmt.Sprintf(`{"Time":"2026-01-01T00:00:00.000000Z","Action":"output","Package":"example.com/m","Test":"Test%d","Output":"=== RUN   Test%d\n"}`, i, i))
		add(fmt.Sprintf(`{"Time":"2026-01-01T00:00:00.000000Z","Action":"output","Package":"example.com/m","Test":"Test%d","Output":"--- PASS: Test%d (0.00s)\n"}`, i, i))
		add(fmt.Sprintf(`{"Time":"2026-01-01T00:00:00.000000Z","Action":"pass","Package":"example.com/m","Test":"Test%d","Elapsed":0.01}`, i))
	}
	add(`{"Time":"2026-01-01T00:00:00.000000Z","Action":"output","Package":"example.com/m","Output":"ok  \texample.com/m\t0.1s\n"}`)
	add(`{"Time":"2026-01-01T00:00:00.000000Z","Action":"pass","Package":"example.com/m","Elapsed":0.1}`)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s := NewTestStream()
		for _, l := range lines {
			s.Line(l)
		}
		s.Results()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/event")
}
