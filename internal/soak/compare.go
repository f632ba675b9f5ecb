package soak

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
)

// Comparison is `godx soak compare A.json B.json`: what differs between
// two soaks (say the same project on WSL2 and on native Linux).
type Comparison struct {
	A string `json:"a"`
	B string `json:"b"`
	// Environment lists machine facts, Go settings and soak options whose
	// values differ.
	Environment []Difference `json:"environment"`
	// Timings compares the medians of each metric both reports have.
	Timings []TimingRatio `json:"timings"`
	// Binaries compares the hash each binary had (its most frequent).
	Binaries []BinaryComparison `json:"binaries"`
	// Flaky lists tests flaky in only one of the two.
	FlakyOnlyA []string `json:"flaky_only_in_a,omitempty"`
	FlakyOnlyB []string `json:"flaky_only_in_b,omitempty"`
	// FailingOnly lists tests that failed in every run of one report
	// and not in the other.
	FailingOnlyA []string `json:"failing_only_in_a,omitempty"`
	FailingOnlyB []string `json:"failing_only_in_b,omitempty"`
	// Load is the load average (1, 5, 15 min) at the start and the end
	// of A and of B: timings on a busier machine are slower.
	Load [2][2]string `json:"load_average"`
	// Warnings say when the two soaks are not comparable as they stand:
	// other modules, or other modes (--test-only vs builds, -race).
	Warnings []string `json:"warnings,omitempty"`
}

// Difference is one value that differs.
type Difference struct {
	Name string `json:"name"`
	A    string `json:"a"`
	B    string `json:"b"`
}

// TimingRatio is one metric's medians and B/A.
type TimingRatio struct {
	Metric  string  `json:"metric"`
	Title   string  `json:"title"`
	Unit    string  `json:"unit"`
	MedianA float64 `json:"median_a"`
	MedianB float64 `json:"median_b"`
	Ratio   float64 `json:"ratio"` // MedianB / MedianA (0 when A is 0)
	// IQRA and IQRB are the interquartile ranges [Q1, Q3] of each side
	// (warm-up run left out).
	IQRA [2]float64 `json:"iqr_a"`
	IQRB [2]float64 `json:"iqr_b"`
	// P is the two-sided Mann–Whitney p-value of A and B differing;
	// WithinNoise is true when p > 0.05 (or too few runs to tell).
	P           float64 `json:"p"`
	WithinNoise bool    `json:"within_noise"`
}

// BinaryComparison is one binary's hash in each report.
type BinaryComparison struct {
	Name    string `json:"name"`
	SHA256A string `json:"sha256_a,omitempty"`
	SHA256B string `json:"sha256_b,omitempty"`
	Same    bool   `json:"same"`
}

// Compare lists the differences between two reports.
func Compare(a, b *Report) *Comparison {
	c := &Comparison{}
	add := func(name, va, vb string) {
		if va != vb {
			c.Environment = append(c.Environment, Difference{Name: name, A: va, B: vb})
		}
	}
	ea, eb := a.Environment, b.Environment
	add("platform", ea.GOOS+"/"+ea.GOARCH, eb.GOOS+"/"+eb.GOARCH)
	add("CPUs", strconv.Itoa(ea.NumCPU), strconv.Itoa(eb.NumCPU))
	add("GOMAXPROCS", strconv.Itoa(ea.GOMAXPROCS), strconv.Itoa(eb.GOMAXPROCS))
	add("kernel", ea.Kernel, eb.Kernel)
	add("WSL", strconv.FormatBool(ea.WSL), strconv.FormatBool(eb.WSL))
	add("cgroup cpu.max", ea.CgroupCPU, eb.CgroupCPU)
	add("cgroup memory.max", ea.CgroupMemory, eb.CgroupMemory)
	add("hostname", ea.Hostname, eb.Hostname)
	if ga, gb := ea.GoEnv(), eb.GoEnv(); ga != nil && gb != nil {
		add("go command", ga.Go, gb.Go)
		sa, sb := map[string]string{}, map[string]string{}
		var names []string
		for _, s := range ga.Settings {
			sa[s.Name] = s.Value
			names = append(names, s.Name)
		}
		for _, s := range gb.Settings {
			sb[s.Name] = s.Value
			if !slices.Contains(names, s.Name) {
				names = append(names, s.Name)
			}
		}
		for _, n := range names {
			add(n, sa[n], sb[n])
		}
	}
	ca, cb := a.Config, b.Config
	add("packages", fmt.Sprint(ca.Packages), fmt.Sprint(cb.Packages))
	add("race", strconv.FormatBool(ca.Race), strconv.FormatBool(cb.Race))
	add("shuffle", strconv.FormatBool(ca.Shuffle), strconv.FormatBool(cb.Shuffle))
	add("parallel", strconv.Itoa(ca.Parallel), strconv.Itoa(cb.Parallel))
	add("runs", strconv.Itoa(len(a.Iterations)), strconv.Itoa(len(b.Iterations)))
	// The load always differs a little: shown on its own line, not as an
	// environment difference.
	c.Load = [2][2]string{{ea.LoadStart, ea.LoadEnd}, {eb.LoadStart, eb.LoadEnd}}
	// Only a recorded module path tells projects apart: the same project
	// has another folder on another machine.
	if ca.Module != "" && cb.Module != "" && ca.Module != cb.Module {
		c.Warnings = append(c.Warnings, fmt.Sprintf("different modules (A: %s, B: %s): the timings compare different code", ca.Module, cb.Module))
	}
	if mode(ca) != mode(cb) {
		c.Warnings = append(c.Warnings, fmt.Sprintf("different modes (A: %s, B: %s): the timings measure different work", mode(ca), mode(cb)))
	}
	if !reflect.DeepEqual(ca.TestFlags, cb.TestFlags) {
		c.Warnings = append(c.Warnings, fmt.Sprintf("different go test flags (A: %q, B: %q)", ca.TestFlags, cb.TestFlags))
	}

	mb := map[string]Metric{}
	for _, m := range b.Analysis.Metrics {
		mb[m.Name] = m
	}
	for _, m := range a.Analysis.Metrics {
		o, ok := mb[m.Name]
		if !ok {
			continue
		}
		t := TimingRatio{Metric: m.Name, Title: m.Title, Unit: m.Unit, MedianA: m.Summary.Median, MedianB: o.Summary.Median}
		if t.MedianA != 0 {
			t.Ratio = t.MedianB / t.MedianA
		}
		va, vb := m.Values[min(m.Warmup, len(m.Values)):], o.Values[min(o.Warmup, len(o.Values)):]
		t.IQRA, t.IQRB = iqr(va), iqr(vb)
		t.P = min(1, 2*min(MannWhitneyGreater(va, vb), MannWhitneyGreater(vb, va)))
		t.WithinNoise = t.P > 0.05
		c.Timings = append(c.Timings, t)
	}

	ha, hb := commonHashes(a), commonHashes(b)
	var names []string
	for n := range ha {
		names = append(names, n)
	}
	for n := range hb {
		if _, ok := ha[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		c.Binaries = append(c.Binaries, BinaryComparison{Name: n, SHA256A: ha[n], SHA256B: hb[n], Same: ha[n] != "" && ha[n] == hb[n]})
	}

	fa, fb := flakyNames(a), flakyNames(b)
	for _, n := range fa {
		if !slices.Contains(fb, n) {
			c.FlakyOnlyA = append(c.FlakyOnlyA, n)
		}
	}
	for _, n := range fb {
		if !slices.Contains(fa, n) {
			c.FlakyOnlyB = append(c.FlakyOnlyB, n)
		}
	}
	c.FailingOnlyA, c.FailingOnlyB = onlyIn(testNames(a.Analysis.Failing), testNames(b.Analysis.Failing))
	return c
}

// mode names what a soak measured.
func mode(c Config) string {
	m := "builds and tests"
	switch {
	case c.BuildOnly:
		m = "--build-only"
	case c.TestOnly:
		m = "--test-only"
	}
	if c.Race {
		m += " with -race"
	}
	return m
}

func onlyIn(a, b []string) (onlyA, onlyB []string) {
	for _, n := range a {
		if !slices.Contains(b, n) {
			onlyA = append(onlyA, n)
		}
	}
	for _, n := range b {
		if !slices.Contains(a, n) {
			onlyB = append(onlyB, n)
		}
	}
	return onlyA, onlyB
}

func testNames(ts []FlakyTest) []string {
	var out []string
	for _, f := range ts {
		out = append(out, f.Package+"."+f.Test)
	}
	return out
}

// iqr is [Q1, Q3] (medians of the lower and upper halves).
func iqr(xs []float64) [2]float64 {
	if len(xs) == 0 {
		return [2]float64{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	h := len(s) / 2
	if len(s) == 1 {
		return [2]float64{s[0], s[0]}
	}
	return [2]float64{median(s[:h]), median(s[len(s)-h:])}
}

// commonHashes maps each binary to the hash most of its builds had.
func commonHashes(r *Report) map[string]string {
	out := map[string]string{}
	for _, bv := range r.Analysis.Reproducibility.Binaries {
		best := 0
		for _, v := range bv.Versions {
			if len(v.Builds) > best {
				best, out[bv.Name] = len(v.Builds), v.SHA256
			}
		}
	}
	return out
}

func flakyNames(r *Report) []string {
	var out []string
	for _, f := range r.Analysis.Flaky {
		out = append(out, f.Package+"."+f.Test)
	}
	return out
}
