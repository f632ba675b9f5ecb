package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/soak"
)

// SoakProgress follows a soak on stderr: on a terminal, one live line
// (run i/N, phase, elapsed, failures so far) redrawn in place; otherwise
// one plain line per completed run, with no carriage returns, so CI logs
// stay readable.
type SoakProgress struct {
	ios      *iostreams.IOStreams
	style    style
	tty      bool
	start    time.Time
	mu       sync.Mutex
	line     string // the phase part of the live line
	failures int
	stop     func()
}

// StartSoakProgress begins; call Stop before printing the summary.
func StartSoakProgress(ios *iostreams.IOStreams) *SoakProgress {
	p := &SoakProgress{ios: ios, style: styleFor(ios), tty: ios.IsStderrTTY(), start: time.Now()}
	p.stop = NewStatusLine(ios).Follow(200*time.Millisecond, 0, p.text)
	return p
}

func (p *SoakProgress) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.line == "" {
		return ""
	}
	text := "soak" + p.style.dot() + p.line + p.style.dot() + soak.FormatElapsed(time.Since(p.start))
	if p.failures > 0 {
		text += p.style.dot() + strconv.Itoa(p.failures) + " " + english.Plural(p.failures, "failure", "failures")
	}
	return text
}

func runLabel(i, total int) string {
	if total > 0 {
		return fmt.Sprintf("run %d/%d", i, total)
	}
	return fmt.Sprintf("run %d", i)
}

// Phase implements soak.Observer.
func (p *SoakProgress) Phase(i, total int, phase string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if i == 0 {
		p.line = phase
		if !p.tty {
			fmt.Fprintf(p.ios.ErrOut, "%s: %s\n", soak.FormatElapsed(time.Since(p.start)), p.line)
		}
		return
	}
	p.line = runLabel(i, total) + p.style.dot() + phase
}

// Done implements soak.Observer.
func (p *SoakProgress) Done(it *soak.Iteration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var parts []string
	if b := it.Build; b != nil {
		s := "build " + soak.FormatSeconds(b.WallSeconds)
		if !b.OK {
			s += " FAILED"
			p.failures++
		}
		parts = append(parts, s)
	}
	if t := it.Test; t != nil {
		passed, failed := 0, 0
		for _, r := range t.Tests {
			switch r.Outcome {
			case soak.Pass:
				passed++
			case soak.Fail, soak.Timeout:
				failed++
			}
		}
		for _, pk := range t.Packages {
			if pk.Outcome == soak.BuildFailed {
				failed++
			}
		}
		p.failures += failed
		parts = append(parts, fmt.Sprintf("test %s (%d passed, %d failed)", soak.FormatSeconds(t.WallSeconds), passed, failed))
	}
	if !p.tty {
		fmt.Fprintf(p.ios.ErrOut, "%s: run %d: %s\n", soak.FormatElapsed(time.Since(p.start)), it.N, strings.Join(parts, ", "))
	}
}

// Stop erases the live line.
func (p *SoakProgress) Stop() { p.stop() }

// SoakText writes the end-of-soak summary.
func SoakText(ios *iostreams.IOStreams, r *soak.Report) error {
	s := styleFor(ios)
	w := &errWriter{w: ios.Out}
	a := &r.Analysis
	c := r.Config
	what := fmt.Sprintf("%d %s", len(r.Iterations), english.Plural(len(r.Iterations), "run", "runs"))
	goVersion := ""
	if g := r.Environment.GoEnv(); g != nil {
		goVersion = printable.Line(g.GoVersion) + ", "
	}
	w.printf("Soak of %s in %s: %s in %s (%s%s/%s, %d CPUs)\n", printable.Line(strings.Join(c.Packages, " ")), printable.Line(c.Dir), what,
		soak.FormatElapsed(r.Finished.Sub(r.Started)), goVersion, printable.Line(r.Environment.GOOS), printable.Line(r.Environment.GOARCH), r.Environment.NumCPU)
	if r.Interrupted {
		w.printf("%s\n", s.paint(yellow, "Interrupted: the summary covers the completed runs only."))
	}
	w.printf("\n")

	bad, ok := s.mark(report.Error), s.mark(report.OK)
	if !c.BuildOnly {
		if a.TestRuns == 0 {
			w.printf("%s No run completed: no verdict on flaky tests\n", s.mark(report.Info))
		} else if len(a.Flaky) == 0 {
			w.printf("%s No flaky tests\n", ok)
		} else {
			w.printf("%s %d flaky %s\n", bad, len(a.Flaky), english.Plural(len(a.Flaky), "test", "tests"))
			for _, f := range a.Flaky {
				writeFlaky(w, s, f)
			}
		}
		if len(a.Failing) > 0 {
			w.printf("%s %d %s failed in every run\n", bad, len(a.Failing), english.Plural(len(a.Failing), "test", "tests"))
			for _, f := range a.Failing {
				writeFlaky(w, s, f)
			}
		}
		for _, p := range a.PackageProblems {
			w.printf("%s %s: %s in %d of %d runs (runs %s)\n", bad, printable.Line(p.Package), outcomeText(p.Outcome), len(p.FailedIn), p.Runs, joinInts(p.FailedIn))
			writeIndented(w, s, p.Output, "      ")
		}
		writeLost(w, bad, a)
	}
	if a.BuildFailures > 0 {
		w.printf("%s The build failed in %d of %d runs\n", bad, a.BuildFailures, len(r.Iterations))
		for _, it := range r.Iterations {
			if it.Build != nil && !it.Build.OK {
				writeIndented(w, s, it.Build.Output, "      ")
				break
			}
		}
	}
	if !c.TestOnly {
		rp := a.Reproducibility
		mark := ok
		switch rp.Verdict {
		case soak.NotReproducible:
			mark = bad
		case soak.NotChecked:
			mark = s.mark(report.Info)
		}
		w.printf("%s Reproducibility: %s%s%s\n", mark, rp.Verdict, s.dash(), printable.Text(rp.Summary))
		for _, cause := range rp.Causes {
			w.printf("    cause: %s\n", printable.Text(cause))
		}
	}
	trendLine(w, s, r)

	if len(a.Metrics) > 0 {
		w.printf("\n")
		// Numbers align right; the titles, padded to one width, stay left.
		width := 0
		for _, m := range a.Metrics {
			width = max(width, utf8.RuneCountInString(printable.Line(m.Title)))
		}
		if slices.ContainsFunc(a.Metrics, func(m soak.Metric) bool { return m.Warmup > 0 }) {
			w.printf("%s\n", s.paint(dim, "Run 1 is a warm-up (cold caches): shown in the report's charts, left out of these figures."))
		}
		tw := tabwriter.NewWriter(w.w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\tmedian\tp95\tmin\tmax\ttrend\t\n", width, "")
		for _, m := range a.Metrics {
			sm := m.Summary
			fmt.Fprintf(tw, "%-*s\t%s\t%s\t%s\t%s\t%s\t\n", width, printable.Line(m.Title), soak.FormatValue(sm.Median, m.Unit), soak.FormatValue(sm.P95, m.Unit),
				soak.FormatValue(sm.Min, m.Unit), soak.FormatValue(sm.Max, m.Unit), trendWord(m.Trend))
		}
		_ = tw.Flush()
	}
	w.printf("\n")
	switch {
	case a.Problem != "":
		w.printf("%s %s (--fail-on %s)\n", bad, printable.Text(a.Problem), c.FailOn)
		if a.Unflagged != "" {
			w.printf("%s Also, not counted under --fail-on %s: %s (--fail-on any fails the soak on these)\n", s.mark(report.Warning), c.FailOn, printable.Text(a.Unflagged))
		}
	case a.Unflagged != "":
		w.printf("%s Not green: %s; not counted under --fail-on %s (--fail-on any fails the soak on these)\n", s.mark(report.Warning), printable.Text(a.Unflagged), c.FailOn)
	case a.TestRuns == 0 && !c.BuildOnly:
		w.printf("%s No verdict: no run completed\n", s.mark(report.Info))
	default:
		w.printf("%s Nothing to report under --fail-on %s\n", ok, c.FailOn)
	}
	return w.err
}

func writeFlaky(w *errWriter, s style, f soak.FlakyTest) {
	w.printf("    %s %s: passed %d of %d runs (%.0f%%), failed in runs %s\n", printable.Line(f.Package), printable.Line(f.Test), f.Passed, f.Runs, 100*f.PassRate, joinInts(f.FailedIn))
	if f.Parent != "" {
		w.printf("      subtest of %s (counted once, here)\n", printable.Line(f.Parent))
	}
	if f.Timeouts > 0 {
		w.printf("      %d of the failures were timeouts (-timeout)\n", f.Timeouts)
	}
	if f.Reason != "" {
		w.printf("      reason: %s\n", printable.Line(f.Reason))
	}
	if b := f.Polluter; b != nil {
		w.printf("      %s\n", printable.Text(soak.PolluterText(f.Test, b)))
	}
	if rr := f.Rerun; rr != nil && rr.Runs > 0 {
		w.printf("      rerun on its own: failed %d of %d (%.0f%%): %s\n", rr.Failed, rr.Runs, 100*float64(rr.Failed)/float64(rr.Runs), printable.Text(rr.Command))
	}
	if f.FirstFailure != "" {
		w.printf("      first failure:\n")
		writeIndented(w, s, dropFraming(f.FirstFailure), "        ")
	}
	w.printf("      replay: %s\n", printable.Text(f.Replay))
}

// writeLost names the tests that never ran because their test binary
// stopped early.
func writeLost(w *errWriter, bad string, a *soak.Analysis) {
	for _, l := range a.LostTests {
		w.printf("%s %s: tests never ran in %d of %d runs: the test binary stopped early (panic, timeout or os.Exit)\n", bad, printable.Line(l.Package), len(l.Runs), a.TestRuns)
		for _, r := range l.Runs {
			names := r.NotRun
			more := ""
			if len(names) > 5 {
				names, more = names[:5], fmt.Sprintf(", … %d more", len(r.NotRun)-5)
			}
			w.printf("      run %d: %d of %d ran; never ran: %s%s\n", r.N, r.Ran, l.Expected, printable.Line(strings.Join(names, ", ")), more)
		}
	}
}

// dropFraming removes go test's "=== RUN/PAUSE/CONT/NAME" lines, which
// say nothing about why a test failed.
func dropFraming(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "=== ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// writeIndented prints at most 12 lines of text (a test's or the build's
// output), indented and escaped.
func writeIndented(w *errWriter, s style, text, indent string) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	const maxLines = 12
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if i == maxLines {
			w.printf("%s%s\n", indent, s.paint(dim, fmt.Sprintf("… %d more lines in the JSON report", len(lines)-maxLines)))
			break
		}
		w.printf("%s%s\n", indent, s.paint(dim, printable.Text(l)))
	}
}

func trendLine(w *errWriter, s style, r *soak.Report) {
	var rising []soak.Metric
	enough := false
	for _, m := range r.Analysis.Metrics {
		if m.Trend.Verdict != soak.TrendInsufficient {
			enough = true
		}
		if m.Trend.Verdict == soak.TrendIncreasing {
			rising = append(rising, m)
		}
	}
	switch {
	case len(rising) > 0:
		w.printf("%s Trends: %d %s rising steadily\n", s.mark(report.Warning), len(rising), english.Plural(len(rising), "metric", "metrics"))
		for _, m := range rising {
			w.printf("    %s: +%s per run (%+.0f%% over the soak; Mann–Whitney p=%.2g, Mann–Kendall p=%.2g)\n",
				printable.Line(m.Title), soak.FormatValue(m.Trend.Slope, m.Unit), 100*m.Trend.Change, m.Trend.P, m.Trend.PKendall)
		}
	case !enough:
		w.printf("%s Trends: not judged (fewer than %d runs; the first run is a warm-up)\n", s.mark(report.Info), soak.MinTrendRuns+soak.WarmupRuns)
	default:
		w.printf("%s Trends: no steady increase in time or memory\n", s.mark(report.OK))
	}
}

func trendWord(t soak.Trend) string {
	switch t.Verdict {
	case soak.TrendIncreasing:
		return "rising"
	case soak.TrendDecreasing:
		return "falling"
	case soak.TrendInsufficient:
		return "-"
	}
	return "flat"
}

func outcomeText(o string) string {
	switch o {
	case soak.BuildFailed:
		return "test binary did not build"
	case soak.Timeout:
		return "timed out (-timeout)"
	}
	return "failed outside any test"
}

func joinInts(xs []int) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, strconv.Itoa(x))
	}
	return strings.Join(parts, ", ")
}

// SoakCompareText writes `godx soak compare`.
func SoakCompareText(ios *iostreams.IOStreams, c *soak.Comparison) error {
	w := &errWriter{w: ios.Out}
	w.printf("A: %s\nB: %s\n\n", printable.Line(c.A), printable.Line(c.B))
	for _, warn := range c.Warnings {
		w.printf("%s %s\n", styleFor(ios).mark(report.Warning), printable.Text(warn))
	}
	if len(c.Warnings) > 0 {
		w.printf("\n")
	}
	tw := tabwriter.NewWriter(w.w, 0, 4, 2, ' ', 0)
	if len(c.Environment) == 0 {
		fmt.Fprintln(tw, "Environment: no differences")
	} else {
		fmt.Fprintln(tw, "ENVIRONMENT\tA\tB")
		for _, d := range c.Environment {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", printable.Line(d.Name), orDash(printable.Line(d.A)), orDash(printable.Line(d.B)))
		}
	}
	fmt.Fprintln(tw)
	if l := c.Load; l[0][0] != "" || l[1][0] != "" {
		fmt.Fprintln(tw, "LOAD AVERAGE (1, 5, 15 min)\tSTART\tEND")
		for i, side := range []string{"A", "B"} {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", side, orDash(printable.Line(l[i][0])), orDash(printable.Line(l[i][1])))
		}
		fmt.Fprintln(tw)
	}
	if len(c.Timings) > 0 {
		fmt.Fprintln(tw, "MEDIAN\tA\tB\tB/A\tIQR A\tIQR B\t")
		for _, t := range c.Timings {
			ratio := "-"
			if t.Ratio != 0 {
				ratio = fmt.Sprintf("%.2f×", t.Ratio)
				if t.WithinNoise {
					ratio += " (within noise)"
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", printable.Line(t.Title), soak.FormatValue(t.MedianA, t.Unit), soak.FormatValue(t.MedianB, t.Unit), ratio,
				iqrText(t.IQRA, t.Unit), iqrText(t.IQRB, t.Unit))
		}
		fmt.Fprintln(tw, "(IQR: the middle half of the runs, warm-up left out; within noise: Mann–Whitney p > 0.05)")
		fmt.Fprintln(tw)
	}
	if len(c.Binaries) > 0 {
		fmt.Fprintln(tw, "BINARY\tA\tB\t")
		for _, b := range c.Binaries {
			same := "differ"
			if b.Same {
				same = "same"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", printable.Line(b.Name), short(printable.Line(b.SHA256A)), short(printable.Line(b.SHA256B)), same)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range c.FlakyOnlyA {
		w.printf("flaky only in A: %s\n", printable.Line(n))
	}
	for _, n := range c.FlakyOnlyB {
		w.printf("flaky only in B: %s\n", printable.Line(n))
	}
	for _, n := range c.FailingOnlyA {
		w.printf("failed in every run only in A: %s\n", printable.Line(n))
	}
	for _, n := range c.FailingOnlyB {
		w.printf("failed in every run only in B: %s\n", printable.Line(n))
	}
	return w.err
}

func iqrText(q [2]float64, unit string) string {
	return soak.FormatValue(q[0], unit) + "–" + soak.FormatValue(q[1], unit)
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return orDash(h)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
