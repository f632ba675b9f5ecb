package soak

import (
	"math"
	"slices"
)

// Summary describes a series: median, 95th percentile, extremes.
type Summary struct {
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P95    float64 `json:"p95"` // nearest-rank: the smallest value >= 95 % of the values
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Summarize computes the Summary of xs (zero Summary for no values).
func Summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Summary{N: len(s), Median: median(s), P95: s[nearestRank(len(s), 0.95)], Min: s[0], Max: s[len(s)-1]}
}

// nearestRank is the index of the p-quantile in a sorted slice of n values.
func nearestRank(n int, p float64) int {
	i := int(math.Ceil(p*float64(n))) - 1
	return max(0, min(n-1, i))
}

// median of a sorted slice.
func median(s []float64) float64 {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Median of xs in any order (0 for none).
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return median(s)
}

// TheilSen is the Theil–Sen estimate of the slope of ys over xs: the
// median of the slopes between every pair of points. One outlier (a cold
// first iteration, a hiccup) barely moves it, unlike least squares.
func TheilSen(xs, ys []float64) float64 {
	var slopes []float64
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if dx := xs[j] - xs[i]; dx != 0 {
				slopes = append(slopes, (ys[j]-ys[i])/dx)
			}
		}
	}
	return Median(slopes)
}

// MannWhitneyGreater is the one-sided p-value of the Mann–Whitney U test
// for "values in y tend to be larger than values in x": the probability,
// with no difference between the groups, of a rank sum for y at least as
// large as the one observed. Ties get mid-ranks. The p-value is exact
// (the permutation distribution of the rank sum, counted by dynamic
// programming) for up to 50 values, and from the normal approximation with
// tie and continuity corrections above that.
func MannWhitneyGreater(x, y []float64) float64 {
	n1, n2 := len(x), len(y)
	if n1 == 0 || n2 == 0 {
		return 1
	}
	pooled := make([]float64, 0, n1+n2)
	pooled = append(pooled, x...)
	pooled = append(pooled, y...)
	ranks2 := midRanks2(pooled) // twice the mid-ranks: integers
	observed := 0
	for i := n1; i < n1+n2; i++ {
		observed += ranks2[i]
	}
	n := n1 + n2
	if n <= 50 {
		return exactRankSumTail(ranks2, n2, observed)
	}
	// Normal approximation on U = R2 - n2(n2+1)/2.
	r2 := float64(observed) / 2
	u := r2 - float64(n2*(n2+1))/2
	mean := float64(n1*n2) / 2
	ties := 0.0
	s := slices.Clone(pooled)
	slices.Sort(s)
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	nf := float64(n)
	variance := float64(n1*n2) / 12 * ((nf + 1) - ties/(nf*(nf-1)))
	if variance <= 0 {
		return 1
	}
	z := (u - mean - 0.5) / math.Sqrt(variance)
	return 0.5 * math.Erfc(z/math.Sqrt2)
}

// midRanks2 returns twice the 1-based mid-rank of each value.
func midRanks2(v []float64) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case v[a] < v[b]:
			return -1
		case v[a] > v[b]:
			return 1
		}
		return 0
	})
	r := make([]int, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && v[idx[j]] == v[idx[i]] {
			j++
		}
		// ranks i+1..j share the mean (i+1+j)/2; doubled: i+1+j.
		for k := i; k < j; k++ {
			r[idx[k]] = i + 1 + j
		}
		i = j
	}
	return r
}

// exactRankSumTail is P(sum of k values drawn without replacement from
// ranks >= observed), counting subsets by dynamic programming.
func exactRankSumTail(ranks []int, k, observed int) float64 {
	total := 0
	for _, r := range ranks {
		total += r
	}
	// ways[j][s]: number of j-subsets with sum s.
	ways := make([][]float64, k+1)
	for j := range ways {
		ways[j] = make([]float64, total+1)
	}
	ways[0][0] = 1
	for _, r := range ranks {
		for j := k; j >= 1; j-- {
			for s := total; s >= r; s-- {
				ways[j][s] += ways[j-1][s-r]
			}
		}
	}
	var all, tail float64
	for s, w := range ways[k] {
		all += w
		if s >= observed {
			tail += w
		}
	}
	if all == 0 {
		return 1
	}
	return tail / all
}

// Trend verdicts.
const (
	TrendNone         = "none"
	TrendIncreasing   = "increasing"
	TrendDecreasing   = "decreasing"
	TrendInsufficient = "insufficient-data"
)

// Trend-detection thresholds: at least MinTrendRuns values; a trend is
// claimed only when three things agree: the Mann–Whitney test puts the
// last group above (or below) the first with p <= TrendAlpha, the
// Mann–Kendall test (the significance test that goes with the Theil–Sen
// slope) finds a monotonic trend with p <= KendallAlpha, and the Theil–Sen
// line changes by at least TrendMinChange of the median over the soak.
// Requiring both tests keeps chance findings on noisy flat series rare
// (under 1 % in the tests: a soak records several series at once);
// the last condition keeps clear but negligible drifts (a 1 % creep over
// 500 quiet runs) from being flagged.
const (
	MinTrendRuns   = 6
	TrendAlpha     = 0.05 // Mann–Whitney, first vs last group
	KendallAlpha   = 0.01 // Mann–Kendall, whole series
	TrendMinChange = 0.10
)

// Trend is the verdict on whether a series steadily rises or falls.
type Trend struct {
	Verdict string `json:"verdict"`
	// Slope is the Theil–Sen slope per iteration, in the metric's unit.
	Slope float64 `json:"slope_per_iteration"`
	// Change is Slope × (n-1) / median: the relative change the line
	// implies from the first to the last iteration.
	Change float64 `json:"relative_change"`
	// P is the one-sided Mann–Whitney p-value comparing the first and
	// the last group (each a third of the values, at least 3); PKendall
	// the one-sided Mann–Kendall p-value of the whole series.
	P        float64 `json:"p_value"`
	PKendall float64 `json:"p_kendall"`
	Group    int     `json:"group_size"`
}

// DetectTrend decides whether ys (in iteration order) rise or fall
// steadily. Fewer than MinTrendRuns values give no claim.
func DetectTrend(ys []float64) Trend {
	n := len(ys)
	if n < MinTrendRuns {
		return Trend{Verdict: TrendInsufficient}
	}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	k := max(3, n/3)
	first, last := ys[:k], ys[n-k:]
	t := Trend{Verdict: TrendNone, Slope: TheilSen(xs, ys), Group: k}
	if m := Median(ys); m != 0 {
		t.Change = t.Slope * float64(n-1) / math.Abs(m)
	}
	switch {
	case t.Slope > 0:
		t.P = MannWhitneyGreater(first, last)
		t.PKendall = MannKendall(ys, 1)
		if t.P <= TrendAlpha && t.PKendall <= KendallAlpha && t.Change >= TrendMinChange {
			t.Verdict = TrendIncreasing
		}
	case t.Slope < 0:
		t.P = MannWhitneyGreater(last, first)
		t.PKendall = MannKendall(ys, -1)
		if t.P <= TrendAlpha && t.PKendall <= KendallAlpha && -t.Change >= TrendMinChange {
			t.Verdict = TrendDecreasing
		}
	default:
		t.P, t.PKendall = 1, 1
	}
	return t
}

// MannKendall is the one-sided p-value of the Mann–Kendall test for a
// monotonic trend in ys (direction +1: rising, -1: falling), from the
// normal approximation of Kendall's S with tie and continuity
// corrections (adequate from about 6 values on).
func MannKendall(ys []float64, direction int) float64 {
	n := len(ys)
	if n < 3 {
		return 1
	}
	s := 0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			switch {
			case ys[j] > ys[i]:
				s++
			case ys[j] < ys[i]:
				s--
			}
		}
	}
	s *= direction
	nf := float64(n)
	variance := nf * (nf - 1) * (2*nf + 5)
	sorted := slices.Clone(ys)
	slices.Sort(sorted)
	for i := 0; i < n; {
		j := i
		for j < n && sorted[j] == sorted[i] {
			j++
		}
		t := float64(j - i)
		variance -= t * (t - 1) * (2*t + 5)
		i = j
	}
	variance /= 18
	if s <= 0 || variance <= 0 {
		return 1
	}
	z := (float64(s) - 1) / math.Sqrt(variance)
	return 0.5 * math.Erfc(z/math.Sqrt2)
}
