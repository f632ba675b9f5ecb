package soak

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSummarize(t *testing.T) {
	s := Summarize([]float64{5, 1, 4, 2, 3})
	if s.N != 5 || s.Median != 3 || s.Min != 1 || s.Max != 5 || s.P95 != 5 {
		t.Errorf("Summarize = %+v", s)
	}
	if s := Summarize([]float64{4, 1, 3, 2}); s.Median != 2.5 {
		t.Errorf("even median = %v, want 2.5", s.Median)
	}
	xs := make([]float64, 100)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	if s := Summarize(xs); s.P95 != 95 {
		t.Errorf("p95 of 1..100 = %v, want 95 (nearest rank)", s.P95)
	}
	if s := Summarize(nil); s.N != 0 {
		t.Errorf("empty = %+v", s)
	}
}

func TestTheilSenIgnoresOutlier(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	ys := []float64{100, 2, 3, 4, 5, 6, 7, 8} // slope 1 with a cold first run
	if got := TheilSen(xs, ys); got != 1 {
		t.Errorf("TheilSen = %v, want 1", got)
	}
}

// bruteRankSumTail enumerates every split to check the dynamic program.
func bruteRankSumTail(x, y []float64) float64 {
	pooled := append(append([]float64{}, x...), y...)
	r := midRanks2(pooled)
	n, k := len(pooled), len(y)
	obs := 0
	for i := len(x); i < n; i++ {
		obs += r[i]
	}
	var all, tail int
	for mask := 0; mask < 1<<n; mask++ {
		if popcount(mask) != k {
			continue
		}
		s := 0
		for i := 0; i < n; i++ {
			if mask&(1<<i) != 0 {
				s += r[i]
			}
		}
		all++
		if s >= obs {
			tail++
		}
	}
	return float64(tail) / float64(all)
}

func popcount(m int) int {
	c := 0
	for ; m != 0; m &= m - 1 {
		c++
	}
	return c
}

func TestMannWhitneyExact(t *testing.T) {
	// Completely separated 3 vs 3: 1 arrangement of C(6,3) = 20.
	if p := MannWhitneyGreater([]float64{1, 2, 3}, []float64{4, 5, 6}); math.Abs(p-0.05) > 1e-12 {
		t.Errorf("p = %v, want 0.05", p)
	}
	if p := MannWhitneyGreater([]float64{4, 5, 6}, []float64{1, 2, 3}); p != 1 {
		t.Errorf("reverse p = %v, want 1", p)
	}
	// 4 vs 4 separated: 1/70.
	if p := MannWhitneyGreater([]float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}); math.Abs(p-1.0/70) > 1e-12 {
		t.Errorf("p = %v, want 1/70", p)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 50; trial++ {
		var x, y []float64
		for i := 0; i < 3+trial%5; i++ {
			x = append(x, float64(rng.IntN(6)))
		}
		for i := 0; i < 3+trial%4; i++ {
			y = append(y, float64(rng.IntN(6))+0.5*float64(trial%2))
		}
		if got, want := MannWhitneyGreater(x, y), bruteRankSumTail(x, y); math.Abs(got-want) > 1e-9 {
			t.Fatalf("x=%v y=%v: p = %v, brute force %v", x, y, got, want)
		}
	}
}

func TestMannWhitneyNormalApproximation(t *testing.T) {
	var x, y []float64
	for i := 0; i < 40; i++ {
		x = append(x, float64(i))
		y = append(y, float64(i)+20)
	}
	if p := MannWhitneyGreater(x, y); p > 1e-4 {
		t.Errorf("shifted groups: p = %v, want tiny", p)
	}
	if p := MannWhitneyGreater(x, x); p < 0.4 || p > 0.6 {
		t.Errorf("identical groups: p = %v, want about 0.5", p)
	}
}

func TestDetectTrendNeedsSixRuns(t *testing.T) {
	if tr := DetectTrend([]float64{1, 2, 3, 4, 5}); tr.Verdict != TrendInsufficient {
		t.Errorf("5 runs: %+v, want no claim", tr)
	}
	if tr := DetectTrend([]float64{1, 2, 3, 4, 5, 6}); tr.Verdict != TrendIncreasing {
		t.Errorf("6 steadily rising runs: %+v", tr)
	}
}

// growingMemory is a synthetic peak-RSS series of a leaking test: +4 MiB
// per run on 80 MiB, with ±3 MiB noise and one hiccup mid-way.
func growingMemory(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]float64, n)
	for i := range out {
		out[i] = (80 + 4*float64(i) + 6*(rng.Float64()-0.5)) * (1 << 20)
	}
	out[n/2] = 300 << 20
	return out
}

func TestDetectTrendGrowingMemory(t *testing.T) {
	for _, n := range []int{8, 12, 30} {
		tr := DetectTrend(growingMemory(n, uint64(n)))
		if tr.Verdict != TrendIncreasing {
			t.Errorf("n=%d: %+v, want increasing", n, tr)
		}
		if slope := tr.Slope / (1 << 20); slope < 3 || slope > 5 {
			t.Errorf("n=%d: slope %.2f MiB/run, want about 4", n, slope)
		}
	}
}

func TestDetectTrendNoFalseAlarms(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alarms := 0
	const trials = 1000
	for trial := 0; trial < trials; trial++ {
		ys := make([]float64, 6+trial%25)
		for i := range ys {
			ys[i] = 1.0 + 0.2*rng.NormFloat64() // noisy, flat timing
		}
		if DetectTrend(ys).Verdict == TrendIncreasing {
			alarms++
		}
	}
	// Requiring both tests (and a 10 % change) keeps chance "rising"
	// verdicts on flat noise rare.
	t.Logf("%d of %d flat noisy series flagged as rising", alarms, trials)
	if alarms > trials/100 {
		t.Errorf("%d of %d flat noisy series flagged as rising", alarms, trials)
	}
	// A clear but tiny creep (1 % over the soak) is not worth a flag.
	ys := make([]float64, 50)
	for i := range ys {
		ys[i] = 10 + 0.002*float64(i)
	}
	if tr := DetectTrend(ys); tr.Verdict != TrendNone {
		t.Errorf("1%% creep: %+v, want none", tr)
	}
}

func TestDetectTrendDecreasing(t *testing.T) {
	if tr := DetectTrend([]float64{9, 8, 7, 6, 5, 4, 3, 2, 1}); tr.Verdict != TrendDecreasing || tr.Slope != -1 {
		t.Errorf("%+v, want decreasing with slope -1", tr)
	}
}

func TestMannKendall(t *testing.T) {
	if p := MannKendall([]float64{1, 2, 3, 4, 5, 6}, 1); p > 0.01 {
		t.Errorf("monotone rise: p = %v", p)
	}
	if p := MannKendall([]float64{1, 2, 3, 4, 5, 6}, -1); p != 1 {
		t.Errorf("monotone rise tested for a fall: p = %v, want 1", p)
	}
	if p := MannKendall([]float64{3, 3, 3, 3, 3, 3}, 1); p != 1 {
		t.Errorf("constant: p = %v, want 1", p)
	}
}
