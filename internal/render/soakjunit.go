package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/soak"
)

// SoakJUnit writes a soak as JUnit XML: one test suite per package, one
// test case per test (subtests included, as go test reports them), with
// its mean time over the runs it ran in. A test that failed in any run
// fails: the message says in how many runs and which, and whether it is
// flaky (it also passed) or failed in every run; the content is its first
// failure's output and the replay command. A test skipped in every run is
// skipped. A package whose test binary did not build, or failed outside
// any test, gets a failing case named "(package)". Build-phase and
// reproducibility results are not tests and stay in the soak report.
func SoakJUnit(w io.Writer, rep *soak.Report) error {
	type key struct{ pkg, test string }
	type acc struct {
		runs, passed, failed, skipped int
		elapsed                       float64
		failedIn                      []int
	}
	accs := map[key]*acc{}
	var order []key
	suites := map[string]int{}
	doc := &JUnitSuites{Name: "godx soak", Time: fmt.Sprintf("%.3f", rep.Finished.Sub(rep.Started).Seconds())}
	suite := func(pkg string) *JUnitSuite {
		i, ok := suites[pkg]
		if !ok {
			i = len(doc.Suites)
			suites[pkg] = i
			doc.Suites = append(doc.Suites, JUnitSuite{Name: pkg})
		}
		return &doc.Suites[i]
	}
	for _, it := range rep.Iterations {
		if it.Test == nil {
			continue
		}
		for _, t := range it.Test.Tests {
			k := key{t.Package, t.Test}
			a := accs[k]
			if a == nil {
				a = &acc{}
				accs[k] = a
				order = append(order, k)
			}
			switch t.Outcome {
			case soak.Pass:
				a.runs++
				a.passed++
				a.elapsed += t.Elapsed
			case soak.Fail, soak.Timeout:
				a.runs++
				a.failed++
				a.elapsed += t.Elapsed
				a.failedIn = append(a.failedIn, it.N)
			case soak.Skip:
				a.skipped++
			}
		}
	}
	details := map[key]soak.FlakyTest{}
	for _, ft := range append(append([]soak.FlakyTest(nil), rep.Analysis.Flaky...), rep.Analysis.Failing...) {
		details[key{ft.Package, ft.Test}] = ft
	}
	for _, k := range order {
		a := accs[k]
		tc := JUnitCase{Name: printable.Line(k.test), Classname: printable.Line(k.pkg)}
		if a.runs > 0 {
			tc.Time = fmt.Sprintf("%.3f", a.elapsed/float64(a.runs))
		}
		switch {
		case a.failed > 0:
			kind, how := "failed", "failed in every run it ran"
			if a.passed > 0 {
				kind, how = "flaky", fmt.Sprintf("flaky: passed %d of %d runs", a.passed, a.runs)
			}
			msg := fmt.Sprintf("failed in %d of %d runs (%s %s); %s", a.failed, a.runs,
				english.Plural(len(a.failedIn), "run", "runs"), joinInts(a.failedIn), how)
			var text strings.Builder
			if d, ok := details[k]; ok {
				text.WriteString(d.FirstFailure)
				if d.Replay != "" {
					text.WriteString("\nreplay: " + d.Replay)
				}
				if d.Polluter != nil {
					text.WriteString("\n" + soak.PolluterText(d.Test, d.Polluter))
				}
			}
			tc.Failure = &JUnitMessage{Message: msg, Type: kind, Text: printable.Text(strings.TrimSpace(text.String()))}
		case a.runs == 0:
			tc.Skipped = &JUnitMessage{Message: "skipped in every run"}
		}
		s := suite(k.pkg)
		s.Cases = append(s.Cases, tc)
	}
	for _, p := range rep.Analysis.PackageProblems {
		what := outcomeText(p.Outcome)
		s := suite(p.Package)
		s.Cases = append(s.Cases, JUnitCase{Name: "(package)", Classname: printable.Line(p.Package), Failure: &JUnitMessage{
			Message: fmt.Sprintf("%s in %d of %d runs (%s %s)", what, len(p.FailedIn), p.Runs,
				english.Plural(len(p.FailedIn), "run", "runs"), joinInts(p.FailedIn)),
			Type: p.Outcome,
			Text: printable.Text(p.Output),
		}})
	}
	for i := range doc.Suites {
		doc.Suites[i].Name = printable.Line(doc.Suites[i].Name)
		if !rep.Started.IsZero() {
			doc.Suites[i].Timestamp = rep.Started.UTC().Format("2006-01-02T15:04:05")
		}
	}
	if len(doc.Suites) > 0 {
		first := &doc.Suites[0]
		first.Properties = []JUnitProperty{
			{Name: "runs", Value: strconv.Itoa(len(rep.Iterations))},
			{Name: "goos", Value: rep.Environment.GOOS},
			{Name: "goarch", Value: rep.Environment.GOARCH},
		}
		if g := rep.Environment.GoEnv(); g != nil && g.GoVersion != "" {
			first.Properties = append(first.Properties, JUnitProperty{Name: "go_version", Value: printable.Line(g.GoVersion)})
		}
	}
	doc.Count()
	return doc.Write(w)
}
