package soak

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// testEvent is one line of `go test -json`: a test2json TestEvent or a
// build event (go help buildjson), told apart by Action. Fields and
// actions this parser does not know (attr, artifacts, or any added by a
// later Go) are ignored, never an error.
type testEvent struct {
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
	ImportPath  string // build events
}

// Output bounds: a test's or package's kept output is at most
// outputHead bytes from its start plus outputTail from its end.
const (
	outputHead = 2 << 10
	outputTail = 6 << 10
)

// boundedText keeps the head and the tail of a long text.
type boundedText struct {
	head    strings.Builder
	tail    []byte
	dropped int
}

func (b *boundedText) WriteString(s string) {
	if room := outputHead - b.head.Len(); room > 0 {
		n := min(room, len(s))
		b.head.WriteString(s[:n])
		s = s[n:]
	}
	if s == "" {
		return
	}
	b.tail = append(b.tail, s...)
	if over := len(b.tail) - outputTail; over > 0 {
		b.dropped += over
		b.tail = append(b.tail[:0], b.tail[over:]...)
	}
}

func (b *boundedText) Write(p []byte) (int, error) {
	b.WriteString(string(p))
	return len(p), nil
}

func (b *boundedText) String() string {
	if b.dropped == 0 {
		return b.head.String() + string(b.tail)
	}
	return b.head.String() + "\n… (" + strconv.Itoa(b.dropped) + " bytes of output left out) …\n" + string(b.tail)
}

func (b *boundedText) Len() int { return b.head.Len() + len(b.tail) }

type testState struct {
	out boundedText
}

type pkgState struct {
	res      PackageResult
	done     bool
	timedOut bool
	out      boundedText
	running  map[string]*testState // tests started and not finished
	order    []string              // running tests in start order
	// started lists the top-level tests in the order they started: what
	// ran before a failure, for its replay and for finding a polluter.
	started []string
}

// TestStream turns the lines of one `go test -json` run into package and
// test results.
type TestStream struct {
	pkgs   map[string]*pkgState
	order  []string
	tests  []TestResult
	builds map[string]*boundedText // build-output by ImportPath
	// Stray collects lines that were not JSON (should not happen; kept
	// so nothing the go command said is lost).
	Stray boundedText
}

// NewTestStream returns an empty parser.
func NewTestStream() *TestStream {
	return &TestStream{pkgs: map[string]*pkgState{}, builds: map[string]*boundedText{}}
}

func (s *TestStream) pkg(name string) *pkgState {
	p := s.pkgs[name]
	if p == nil {
		p = &pkgState{res: PackageResult{Package: name}, running: map[string]*testState{}}
		s.pkgs[name] = p
		s.order = append(s.order, name)
	}
	return p
}

// Line consumes one line of the stream.
func (s *TestStream) Line(line []byte) {
	if len(line) == 0 || line[0] != '{' {
		if len(strings.TrimSpace(string(line))) > 0 {
			s.Stray.WriteString(string(line) + "\n")
		}
		return
	}
	var ev testEvent
	if err := json.Unmarshal(line, &ev); err != nil {
		s.Stray.WriteString(string(line) + "\n")
		return
	}
	switch ev.Action {
	case "build-output":
		b := s.builds[ev.ImportPath]
		if b == nil {
			b = &boundedText{}
			s.builds[ev.ImportPath] = b
		}
		b.WriteString(ev.Output)
		return
	case "build-fail":
		return
	}
	if ev.Package == "" {
		return
	}
	p := s.pkg(ev.Package)
	if ev.Test == "" {
		s.packageEvent(p, ev)
		return
	}
	switch ev.Action {
	case "run":
		if _, ok := p.running[ev.Test]; !ok {
			p.running[ev.Test] = &testState{}
			p.order = append(p.order, ev.Test)
			if !strings.Contains(ev.Test, "/") {
				p.started = append(p.started, ev.Test)
			}
		}
	case "output":
		t := p.running[ev.Test]
		if t == nil { // output after the end event (golang/go#29755) or before run
			p.out.WriteString(ev.Output)
			break
		}
		t.out.WriteString(ev.Output)
		if strings.HasPrefix(ev.Output, "panic: test timed out after ") {
			p.timedOut = true
		}
	case "pass", "fail", "skip":
		t := p.running[ev.Test]
		r := TestResult{Package: ev.Package, Test: ev.Test, Outcome: ev.Action, Elapsed: ev.Elapsed}
		if ev.Action == Fail {
			if t != nil {
				r.Output = t.out.String()
			}
			r.Before = p.before(ev.Test)
		}
		s.tests = append(s.tests, r)
		s.finishTest(p, ev.Test)
	}
}

func (s *TestStream) finishTest(p *pkgState, name string) {
	delete(p.running, name)
	for i, n := range p.order {
		if n == name {
			p.order = append(p.order[:i], p.order[i+1:]...)
			break
		}
	}
}

func (s *TestStream) packageEvent(p *pkgState, ev testEvent) {
	switch ev.Action {
	case "output":
		out := ev.Output
		if seed, ok := strings.CutPrefix(out, "-test.shuffle "); ok {
			p.res.Seed = strings.TrimSpace(seed)
		}
		if strings.HasPrefix(out, "panic: test timed out after ") {
			p.timedOut = true
		}
		p.out.WriteString(out)
	case "pass", "fail", "skip":
		p.done = true
		p.res.Elapsed = ev.Elapsed
		switch {
		case ev.FailedBuild != "":
			p.res.Outcome = BuildFailed
			if b := s.builds[ev.FailedBuild]; b != nil {
				p.res.Output = b.String()
			} else {
				p.res.Output = p.out.String()
			}
		case ev.Action == Skip:
			p.res.Outcome = NoTests
		case ev.Action == Fail && p.timedOut:
			p.res.Outcome = Timeout
		default:
			p.res.Outcome = ev.Action
		}
		s.endRunning(p)
		if p.res.Outcome == Fail || p.res.Outcome == Timeout {
			p.res.Output = p.out.String()
		}
	}
}

// before lists the top-level tests that started before test's top-level
// test, in start order.
func (p *pkgState) before(test string) []string {
	top, _, _ := strings.Cut(test, "/")
	for i, n := range p.started {
		if n == top {
			return slices.Clone(p.started[:i])
		}
	}
	return nil
}

// endRunning turns tests that never reported an end into failures: the
// binary panicked (golang/go#45508) or hit -timeout while they ran.
func (s *TestStream) endRunning(p *pkgState) {
	outcome := Fail
	if p.timedOut {
		outcome = Timeout
	}
	for _, name := range p.order {
		t := p.running[name]
		s.tests = append(s.tests, TestResult{Package: p.res.Package, Test: name, Outcome: outcome, Elapsed: -1, Output: t.out.String(), Before: p.before(name)})
	}
	p.running, p.order = map[string]*testState{}, nil
}

// Results returns the packages (in order of first appearance) and tests
// (in order of completion). A package with no end event (the go command
// was stopped) is a failure, and so is a test with no end event, even one
// started after its package's end (not seen from the go command, but a
// test must never vanish from the results).
func (s *TestStream) Results() ([]PackageResult, []TestResult) {
	var pkgs []PackageResult
	for _, name := range s.order {
		p := s.pkgs[name]
		s.endRunning(p)
		if !p.done {
			p.res.Outcome = Fail
			p.res.Output = p.out.String() + "(no result: the go command stopped before this package finished)\n"
		}
		pkgs = append(pkgs, p.res)
	}
	return pkgs, s.tests
}
