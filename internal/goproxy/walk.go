package goproxy

import (
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// ProbeModule is the module whose version list each proxy is asked for:
// small, public, and needed by nearly every Go tool.
const ProbeModule = "golang.org/x/mod"

// Budget bounds the network checks together: no request starts after it,
// and a request running then ends at it (see Deadline). Tests change it.
var Budget = 2500 * time.Millisecond

// Deadline is when net/goproxy, net/gosumdb and net/private-modules stop
// asking: one deadline for the three, Budget after the first of them
// asks, so that hanging servers cannot add up their timeouts. Budget is
// sized for the default request limit and stretches with it (a longer
// `godx doctor --timeout`), and the clock starts after godx's one-time
// network work (facts.NetWarmUp).
var Deadline = facts.NewFact("network checks' deadline", func(f *facts.Facts) (time.Time, error) {
	if mayUseTLS(f) {
		f.NetWarmUp()
	}
	budget := Budget
	if t := f.FetchTimeout(); t > facts.NetRequestTimeout {
		budget = time.Duration(float64(Budget) * float64(t) / float64(facts.NetRequestTimeout))
	}
	return time.Now().Add(budget), nil
})

// mayUseTLS reports whether the network checks may make an HTTPS request:
// unless every GOPROXY entry is an http:// or file:// URL (or off), which
// also serve the checksum database. Only then is the certificate verifier
// worth loading before the deadline's clock starts.
func mayUseTLS(f *facts.Facts) bool {
	ge, err := f.GoEnv()
	if err != nil {
		return true
	}
	entries, err := Parse(ge.Get("GOPROXY"), f.IsAbs)
	if err != nil || len(entries) == 0 {
		return true
	}
	for _, e := range entries {
		if !e.Off() && !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "file://") {
			return true
		}
	}
	return false
}

// A Network is what probing needs from the machine. Walks, routes and
// lookups check the deadline against Now before every request and pass
// it to Get, which must end the request at the deadline at the latest.
type Network interface {
	Now() time.Time
	// Get GETs url; the answer is shared per URL within a doctor run.
	Get(url string, deadline time.Time) *facts.HTTPProbe
	// Dir is the directory of a file:// proxy URL and whether it exists.
	Dir(fileURL string) (dir string, exists bool)
}

// Machine is the Network of the machine f inspects: godx's one HTTP
// client (facts.HTTPGetBefore, which honours the proxy variables and
// netrc as the go command does) and its file system, on the real clock.
func Machine(f *facts.Facts) Network { return machine{f} }

type machine struct{ f *facts.Facts }

func (machine) Now() time.Time { return time.Now() }

func (m machine) Get(url string, deadline time.Time) *facts.HTTPProbe {
	return m.f.HTTPGetBefore(url, deadline)
}

func (m machine) Dir(fileURL string) (string, bool) {
	dir := FilePath(m.f.GOOS(), fileURL)
	if dir == "" {
		return fileURL, false
	}
	if m.f.GOOS() == "windows" {
		dir = m.f.CleanPath(dir)
	}
	st, err := m.f.OS.Stat(dir)
	return dir, err == nil && st.IsDir()
}

// A Step is one entry the walk tried.
type Step struct {
	Entry Entry
	Probe *facts.HTTPProbe // nil for direct, off and file:// entries
	Dir   string           // for a file:// proxy: the directory
	Found bool             // the file:// directory exists
}

// Served reports that the entry answered: a 200, or an existing file://
// directory.
func (s Step) Served() bool {
	if s.Dir != "" {
		return s.Found
	}
	return s.Probe != nil && s.Probe.OK()
}

// NotFound reports the go command's "not found" (404 or 410, or a missing
// file:// directory), on which ',' falls through.
func (s Step) NotFound() bool {
	if s.Dir != "" {
		return !s.Found
	}
	return s.Probe != nil && s.Probe.NotFound()
}

// Failed reports a request that failed other than with not found.
func (s Step) Failed() bool {
	return s.Probe != nil && !s.Served() && !s.NotFound()
}

// End is how a walk ended.
type End string

const (
	EndServed    End = "served"    // the last step answered
	EndDirect    End = "direct"    // the list reached direct
	EndOff       End = "off"       // the list reached off
	EndFailed    End = "failed"    // the last step failed and does not fall through
	EndExhausted End = "exhausted" // every entry said not found, or failed before '|'
	EndBudget    End = "budget"    // the deadline passed before the next entry
)

// Walk is the outcome of walking GOPROXY.
type Walk struct {
	Value    string // GOPROXY as go env reports it
	NoProxy  string // GONOPROXY
	Entries  []Entry
	ParseErr error // the go command refuses the list (then nothing else is set)
	Steps    []Step
	End      End
	Untried  []Entry // entries after the last step
	Duration time.Duration
}

// Failures are the steps that failed other than with not found.
func (w Walk) Failures() []Step {
	var out []Step
	for _, s := range w.Steps {
		if s.Failed() {
			out = append(out, s)
		}
	}
	return out
}

// FirstProbe is the first request made, or nil.
func (w Walk) FirstProbe() *facts.HTTPProbe {
	for _, s := range w.Steps {
		if s.Probe != nil {
			return s.Probe
		}
	}
	return nil
}

// Unusable is why godx could not use the network at all (--offline, or an
// environment without network access), or nil.
func (w Walk) Unusable() error {
	for _, s := range w.Steps {
		if Unusable(s.Probe) {
			return s.Probe.Err
		}
	}
	return nil
}

// Unusable reports a probe that never reached the network because godx
// may not use it (--offline, or an environment without network access).
func Unusable(p *facts.HTTPProbe) bool {
	return p != nil && (p.Failure == facts.NetOffline || p.Failure == facts.NetNoNetwork)
}

// Walked is GOPROXY walked once per doctor run for ProbeModule; the three
// network checks share the answer. It fails only without a working go
// command.
var Walked = facts.NewFact("GOPROXY walk", func(f *facts.Facts) (Walk, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return Walk{}, err
	}
	value := ge.Get("GOPROXY")
	entries, perr := Parse(value, f.IsAbs)
	w := Walk{ParseErr: perr}
	if perr == nil {
		// A fact computed for a fact: the walk's requirement is its readers'.
		deadline, _ := Deadline.Get(f)
		w = WalkEntries(Machine(f), entries, deadline)
	}
	w.Value, w.NoProxy = value, ge.Get("GONOPROXY")
	return w, nil
})

// WalkEntries asks the entries in turn for ProbeModule's version list, as
// the go command would for a download: it stops at an answer, at direct
// or off, at a failure not followed by '|', or when the deadline has
// passed before the next entry. It sets all of Walk but Value and
// NoProxy.
func WalkEntries(n Network, entries []Entry, deadline time.Time) Walk {
	start := n.Now()
	w := Walk{Entries: entries}
	for i, e := range entries {
		if e.Direct() || e.Off() {
			w.Steps = append(w.Steps, Step{Entry: e})
			w.End = End(e.URL)
			break
		}
		if !n.Now().Before(deadline) {
			w.End, w.Untried = EndBudget, entries[i:]
			break
		}
		step := Step{Entry: e}
		if strings.HasPrefix(e.URL, "file:") {
			step.Dir, step.Found = n.Dir(e.URL)
		} else {
			step.Probe = n.Get(Join(e.URL, ProbeModule+"/@v/list"), deadline)
		}
		w.Steps = append(w.Steps, step)
		if step.Served() {
			w.End = EndServed
			break
		}
		if !step.NotFound() && !e.Fallback {
			w.End = EndFailed
			break
		}
		if i == len(entries)-1 {
			w.End = EndExhausted
		}
	}
	if w.End == EndServed || w.End == EndFailed {
		w.Untried = entries[len(w.Steps):]
	}
	w.Duration = n.Now().Sub(start)
	return w
}
