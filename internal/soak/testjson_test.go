package soak

import (
	"strings"
	"testing"
)

func parse(t *testing.T, stream string) ([]PackageResult, []TestResult) {
	t.Helper()
	s := NewTestStream()
	for _, line := range strings.Split(strings.TrimSpace(stream), "\n") {
		s.Line([]byte(strings.TrimSpace(line)))
	}
	return s.Results()
}

func findTest(tests []TestResult, name string) *TestResult {
	for i := range tests {
		if tests[i].Test == name {
			return &tests[i]
		}
	}
	return nil
}

// A stream from go1.26 with the newer actions (attr from T.Attr,
// artifacts from -artifacts) and one invented future action: none of
// them may disturb the results.
func TestStreamUnknownActions(t *testing.T) {
	pkgs, tests := parse(t, `
{"Action":"start","Package":"example.com/m"}
{"Action":"run","Package":"example.com/m","Test":"TestA"}
{"Action":"attr","Package":"example.com/m","Test":"TestA","Key":"issue","Value":"42"}
{"Action":"artifacts","Package":"example.com/m","Test":"TestA","Path":"/tmp/art"}
{"Action":"retry","Package":"example.com/m","Test":"TestA","Future":{"x":1}}
{"Action":"output","Package":"example.com/m","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"example.com/m","Test":"TestA","Elapsed":0.25}
{"Action":"run","Package":"example.com/m","Test":"TestB"}
{"Action":"output","Package":"example.com/m","Test":"TestB","Output":"    b_test.go:9: boom\n"}
{"Action":"fail","Package":"example.com/m","Test":"TestB","Elapsed":0.01}
{"Action":"run","Package":"example.com/m","Test":"TestC"}
{"Action":"skip","Package":"example.com/m","Test":"TestC","Elapsed":0}
{"Action":"output","Package":"example.com/m","Output":"FAIL\texample.com/m\t0.3s\n"}
{"Action":"fail","Package":"example.com/m","Elapsed":0.3}
`)
	if len(pkgs) != 1 || pkgs[0].Outcome != Fail || pkgs[0].Elapsed != 0.3 {
		t.Fatalf("packages = %+v", pkgs)
	}
	if a := findTest(tests, "TestA"); a == nil || a.Outcome != Pass || a.Elapsed != 0.25 || a.Output != "" {
		t.Errorf("TestA = %+v", a)
	}
	if b := findTest(tests, "TestB"); b == nil || b.Outcome != Fail || !strings.Contains(b.Output, "boom") {
		t.Errorf("TestB = %+v", b)
	}
	if c := findTest(tests, "TestC"); c == nil || c.Outcome != Skip {
		t.Errorf("TestC = %+v", c)
	}
}

// Go 1.24+ reports build failures in the stream; they are build
// failures of the package, not test failures.
func TestStreamBuildFailure(t *testing.T) {
	pkgs, tests := parse(t, `
{"ImportPath":"example.com/m/bad [example.com/m/bad.test]","Action":"build-output","Output":"# example.com/m/bad [example.com/m/bad.test]\n"}
{"ImportPath":"example.com/m/bad [example.com/m/bad.test]","Action":"build-output","Output":"bad/bad.go:3:23: cannot use \"x\" (untyped string constant) as int value in return statement\n"}
{"ImportPath":"example.com/m/bad [example.com/m/bad.test]","Action":"build-fail"}
{"Time":"2026-01-01T00:00:00Z","Action":"start","Package":"example.com/m/bad"}
{"Time":"2026-01-01T00:00:00Z","Action":"output","Package":"example.com/m/bad","Output":"FAIL\texample.com/m/bad [build failed]\n"}
{"Time":"2026-01-01T00:00:00Z","Action":"fail","Package":"example.com/m/bad","Elapsed":0,"FailedBuild":"example.com/m/bad [example.com/m/bad.test]"}
{"Action":"start","Package":"example.com/m/none"}
{"Action":"output","Package":"example.com/m/none","Output":"?   \texample.com/m/none\t[no test files]\n"}
{"Action":"skip","Package":"example.com/m/none","Elapsed":0}
`)
	if len(tests) != 0 {
		t.Errorf("tests = %+v, want none", tests)
	}
	if len(pkgs) != 2 {
		t.Fatalf("packages = %+v", pkgs)
	}
	if p := pkgs[0]; p.Outcome != BuildFailed || !strings.Contains(p.Output, "cannot use \"x\"") {
		t.Errorf("bad = %+v", p)
	}
	if p := pkgs[1]; p.Outcome != NoTests {
		t.Errorf("none = %+v", p)
	}
}

// A -timeout panic ends the binary with no end event for the running
// test; it becomes a timeout, and the shuffle seed is kept.
func TestStreamTimeoutAndSeed(t *testing.T) {
	pkgs, tests := parse(t, `
{"Action":"start","Package":"example.com/m"}
{"Action":"output","Package":"example.com/m","Output":"-test.shuffle 1795238994779445852\n"}
{"Action":"run","Package":"example.com/m","Test":"TestOK"}
{"Action":"pass","Package":"example.com/m","Test":"TestOK","Elapsed":0}
{"Action":"run","Package":"example.com/m","Test":"TestHang"}
{"Action":"output","Package":"example.com/m","Test":"TestHang","Output":"=== RUN   TestHang\n"}
{"Action":"output","Package":"example.com/m","Test":"TestHang","Output":"panic: test timed out after 1s\n"}
{"Action":"output","Package":"example.com/m","Test":"TestHang","Output":"\trunning tests:\n"}
{"Action":"output","Package":"example.com/m","Output":"FAIL\texample.com/m\t1.005s\n"}
{"Action":"fail","Package":"example.com/m","Elapsed":1.005}
`)
	if p := pkgs[0]; p.Outcome != Timeout || p.Seed != "1795238994779445852" {
		t.Errorf("package = %+v", p)
	}
	h := findTest(tests, "TestHang")
	if h == nil || h.Outcome != Timeout || !strings.Contains(h.Output, "panic: test timed out") {
		t.Errorf("TestHang = %+v", h)
	}
}

// A panic with no fail event (golang/go#45508), text that is not JSON,
// and a stream cut short by a stopped go command.
func TestStreamPanicStrayAndCut(t *testing.T) {
	s := NewTestStream()
	for _, l := range []string{
		`{"Action":"start","Package":"example.com/p"}`,
		`{"Action":"run","Package":"example.com/p","Test":"TestPanics"}`,
		`{"Action":"output","Package":"example.com/p","Test":"TestPanics","Output":"panic: oops\n"}`,
		`{"Action":"fail","Package":"example.com/p","Elapsed":0.1}`,
		`# a line that is not JSON`,
		`{"Action":"start","Package":"example.com/q"}`,
		`{"Action":"run","Package":"example.com/q","Test":"TestSlow"}`,
		`{"Action":"output","Package":"example.com/q","Test":"TestSlow","Out`, // cut mid-line
	} {
		s.Line([]byte(l))
	}
	pkgs, tests := s.Results()
	if p := findTest(tests, "TestPanics"); p == nil || p.Outcome != Fail || !strings.Contains(p.Output, "oops") {
		t.Errorf("TestPanics = %+v", p)
	}
	if q := findTest(tests, "TestSlow"); q == nil || q.Outcome != Fail {
		t.Errorf("TestSlow = %+v", q)
	}
	if len(pkgs) != 2 || pkgs[1].Outcome != Fail || !strings.Contains(pkgs[1].Output, "no result") {
		t.Errorf("packages = %+v", pkgs)
	}
	if stray := s.Stray.String(); !strings.Contains(stray, "not JSON") || !strings.Contains(stray, `"Out`) {
		t.Errorf("stray = %q", stray)
	}
}

func TestBoundedText(t *testing.T) {
	var b boundedText
	b.WriteString("HEAD")
	b.WriteString(strings.Repeat("x", 100<<10))
	b.WriteString("TAIL")
	s := b.String()
	if !strings.HasPrefix(s, "HEAD") || !strings.HasSuffix(s, "TAIL") || len(s) > outputHead+outputTail+100 {
		t.Errorf("bounded text: %d bytes, prefix %q, suffix %q", len(s), s[:8], s[len(s)-8:])
	}
	if !strings.Contains(s, "bytes of output left out") {
		t.Error("no note about the dropped middle")
	}
}
