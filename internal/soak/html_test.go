package soak

import (
	"strings"
	"testing"
)

func TestAxisRoundTicksInOneUnit(t *testing.T) {
	for _, c := range []struct {
		hi   float64
		unit string
		want string
	}{
		{9.43, "s", "0s 2.5s 5s 7.5s 10s"},
		{0.4, "s", "0ms 100ms 200ms 300ms 400ms 500ms"},
		{0.29, "s", "0ms 100ms 200ms 300ms"},
		{94 << 20, "bytes", "0 MiB 25 MiB 50 MiB 75 MiB 100 MiB"},
		{170, "s", "0s 50s 100s 150s 200s"},
	} {
		a := newAxis(c.hi, c.unit)
		var labels []string
		for _, v := range a.ticks {
			labels = append(labels, a.label(v))
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("newAxis(%v, %s) ticks %q, want %q", c.hi, c.unit, got, c.want)
		}
		if a.top < c.hi {
			t.Errorf("newAxis(%v): top %v below the largest value", c.hi, a.top)
		}
	}
}

// The cold first run is drawn apart and does not set the scale.
func TestChartWarmupMarkedNotScaled(t *testing.T) {
	m := Metric{Name: "build_wall", Title: "Build wall time", Unit: "s", Warmup: 1,
		Values: []float64{170, 3.2, 3.5, 3.1}, Iterations: []int{1, 2, 3, 4}}
	svg := string(chartSVG(m))
	for _, want := range []string{`class="warmup"`, "warm-up ↑ 2m50s", "(warm-up: left out of the statistics)", ">seconds</text>", ">run</text>", ">0s</text>", ">4s</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, ">200s</text>") || strings.Contains(svg, "0ms") {
		t.Errorf("scale set by the warm-up, or a zero tick in another unit:\n%s", svg)
	}
}

func TestFormatCgroupMemory(t *testing.T) {
	for in, want := range map[string]string{
		"max":                 "unlimited (max)",
		"9223372036854771712": "unlimited (9223372036854771712)",
		"2147483648":          "2.00 GiB (2147483648)",
		"odd":                 "odd",
	} {
		if got := FormatCgroupMemory(in); got != want {
			t.Errorf("FormatCgroupMemory(%q) = %q, want %q", in, got, want)
		}
	}
}
