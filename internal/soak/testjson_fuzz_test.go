package soak

import (
	"bytes"
	"reflect"
	"slices"
	"testing"
)

// FuzzTestStream feeds arbitrary lines to the `go test -json` parser, as
// the runner does (split at '\n', "\r\n" trimmed). Whatever they hold: no
// panic; every package once, with a known outcome; every test that
// started has a result; every kept output (and the stray lines) within
// the head+tail bound; and asking for the results again changes nothing.
//
//	go test -run '^$' -fuzz FuzzTestStream -parallel 1 ./internal/soak
func FuzzTestStream(f *testing.F) {
	for _, s := range []string{
		`{"Action":"start","Package":"example.com/m"}
{"Action":"run","Package":"example.com/m","Test":"TestA"}
{"Action":"output","Package":"example.com/m","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"example.com/m","Test":"TestA","Elapsed":0.25}
{"Action":"run","Package":"example.com/m","Test":"TestB"}
{"Action":"output","Package":"example.com/m","Test":"TestB","Output":"panic: test timed out after 1s\n"}
{"Action":"output","Package":"example.com/m","Output":"-test.shuffle 123\n"}
{"Action":"fail","Package":"example.com/m","Elapsed":1.5}`,
		`{"ImportPath":"example.com/b [example.com/b.test]","Action":"build-output","Output":"# x\n./a.go:1: bad\n"}
{"ImportPath":"example.com/b [example.com/b.test]","Action":"build-fail"}
{"Action":"fail","Package":"example.com/b","Elapsed":0,"FailedBuild":"example.com/b [example.com/b.test]"}
not json at all
{"Action":"skip","Package":"example.com/c"}
{"Action":"pass","Package":"example.com/d","Test":"TestNeverRan"}`,
		"{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"T\"}\r\n{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"T\"}\r\n{\"Action\":\"output\",\"Package\":\"p\",\"Test\":\"T\",\"Output\":\"\xff\"}\r\n{",
		`{"Action":7}
{"Action":"output","Package":"p","Test":"T","Output":null,"Elapsed":"x"}
{"Action":"pass","Package":"","Test":"T"}`,
	} {
		f.Add([]byte(s))
	}
	maxOut := outputHead + outputTail + len("\n… (99999999999 bytes of output left out) …\n") + len("(no result: the go command stopped before this package finished)\n")
	f.Fuzz(func(t *testing.T, stream []byte) {
		s := NewTestStream()
		started := map[[2]string]bool{}
		for _, line := range bytes.Split(stream, []byte("\n")) {
			line = bytes.TrimRight(line, "\r\n")
			s.Line(line)
		}
		for name, p := range s.pkgs {
			for test := range p.running {
				started[[2]string{name, test}] = true
			}
		}
		pkgs, tests := s.Results()
		seen := map[string]bool{}
		for _, p := range pkgs {
			if seen[p.Package] || p.Package == "" {
				t.Fatalf("package %q listed twice or without a name: %+v", p.Package, pkgs)
			}
			seen[p.Package] = true
			if !slices.Contains([]string{Pass, Fail, NoTests, BuildFailed, Timeout}, p.Outcome) {
				t.Fatalf("package %q: outcome %q", p.Package, p.Outcome)
			}
			if len(p.Output) > maxOut {
				t.Fatalf("package %q keeps %d bytes of output", p.Package, len(p.Output))
			}
		}
		for _, r := range tests {
			if !seen[r.Package] {
				t.Fatalf("test %s of unlisted package %q", r.Test, r.Package)
			}
			if !slices.Contains([]string{Pass, Fail, Skip, Timeout}, r.Outcome) {
				t.Fatalf("test %s: outcome %q", r.Test, r.Outcome)
			}
			if len(r.Output) > maxOut {
				t.Fatalf("test %s keeps %d bytes of output", r.Test, len(r.Output))
			}
			delete(started, [2]string{r.Package, r.Test})
		}
		if len(started) > 0 {
			t.Fatalf("tests still running at the end have no result: %v", started)
		}
		if n := s.Stray.Len(); n > outputHead+outputTail {
			t.Fatalf("%d stray bytes kept", n)
		}
		if pkgs2, tests2 := s.Results(); !reflect.DeepEqual(pkgs, pkgs2) || !reflect.DeepEqual(tests, tests2) {
			t.Fatalf("Results again:\n%+v %+v\nfirst:\n%+v %+v", pkgs2, tests2, pkgs, tests)
		}
	})
}
