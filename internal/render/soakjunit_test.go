package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/soak"
)

func TestSoakJUnit(t *testing.T) {
	r := soakSample()
	// A test that fails every time, one skipped every time, one always
	// passing, and a package whose test binary did not build in run 5.
	for i := range r.Iterations {
		it := &r.Iterations[i]
		it.Test.Tests = append(it.Test.Tests,
			soak.TestResult{Package: "example.com/app/db", Test: "TestMigrate", Outcome: soak.Fail, Elapsed: 0.5, Output: "--- FAIL: TestMigrate\n    db_test.go:9: \x1b[31mno table\n"},
			soak.TestResult{Package: "example.com/app/db", Test: "TestSlow", Outcome: soak.Skip},
			soak.TestResult{Package: "example.com/app", Test: "TestOK/sub", Outcome: soak.Pass, Elapsed: 0.25})
		if it.N == 5 {
			it.Test.Packages = append(it.Test.Packages, soak.PackageResult{Package: "example.com/app/gen", Outcome: soak.BuildFailed, Output: "gen.go:3:1: syntax error"})
		}
	}
	soak.Analyze(r)
	var buf bytes.Buffer
	if err := SoakJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if doc.Tests != 5 || doc.Failures != 3 || doc.Skipped != 1 {
		t.Errorf("totals: tests %d failures %d skipped %d, want 5, 3, 1\n%s", doc.Tests, doc.Failures, doc.Skipped, buf.String())
	}
	cases := map[string]JUnitCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("case %s of suite %s has class %s", c.Name, s.Name, c.Classname)
			}
			cases[c.Classname+" "+c.Name] = c
		}
	}
	flaky := cases["example.com/app TestNet"]
	if flaky.Failure == nil || flaky.Failure.Type != "flaky" || flaky.Failure.Message != "failed in 1 of 8 runs (run 3); flaky: passed 7 of 8 runs" ||
		!strings.Contains(flaky.Failure.Text, "connection refused") || !strings.Contains(flaky.Failure.Text, "replay: go test -count=1 -run '^TestNet$' example.com/app") {
		t.Errorf("flaky test: %+v", flaky.Failure)
	}
	failing := cases["example.com/app/db TestMigrate"]
	if failing.Failure == nil || failing.Failure.Type != "failed" || failing.Failure.Message != "failed in 8 of 8 runs (runs 1, 2, 3, 4, 5, 6, 7, 8); failed in every run it ran" ||
		failing.Time != "0.500" || strings.Contains(failing.Failure.Text, "\x1b") || !strings.Contains(failing.Failure.Text, `\x1b[31mno table`) {
		t.Errorf("failing test: %+v %+v", failing, failing.Failure)
	}
	if s := cases["example.com/app/db TestSlow"]; s.Skipped == nil || s.Failure != nil {
		t.Errorf("skipped test: %+v", s)
	}
	if ok := cases["example.com/app TestOK/sub"]; ok.Failure != nil || ok.Skipped != nil || ok.Time != "0.250" {
		t.Errorf("passing subtest: %+v", ok)
	}
	pkg := cases["example.com/app/gen (package)"]
	if pkg.Failure == nil || pkg.Failure.Type != soak.BuildFailed || !strings.HasPrefix(pkg.Failure.Message, "test binary did not build in 1 of ") || pkg.Failure.Text != "gen.go:3:1: syntax error" {
		t.Errorf("package problem: %+v", pkg.Failure)
	}
	if doc.Time != "83.000" {
		t.Errorf("time = %q", doc.Time)
	}
}
