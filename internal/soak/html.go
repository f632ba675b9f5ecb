package soak

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
)

//go:embed report.html.tmpl
var reportTemplate string

// WriteHTML writes the report as one self-contained HTML page: inline
// CSS, charts drawn as inline SVG on the server side, no scripts and no
// references to anything outside the file, so it opens offline and can
// be attached to a ticket as is.
func WriteHTML(w io.Writer, r *Report) error {
	t, err := template.New("soak").Funcs(template.FuncMap{
		"value":   FormatValue,
		"seconds": FormatSeconds,
		"elapsed": func(r *Report) string { return FormatElapsed(r.Finished.Sub(r.Started)) },
		"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"ints":    joinInts,
		"chart":   chartSVG,
		"short": func(h string) string {
			if len(h) > 12 {
				return h[:12]
			}
			return h
		},
		"trend":     trendText,
		"goenv":     func(r *Report) *GoEnv { return r.Environment.GoEnv() },
		"join":      strings.Join,
		"add":       func(a, b int) int { return a + b },
		"polluter":  PolluterText,
		"cgroupmem": FormatCgroupMemory,
		"lost": func(r *Report, n int) int {
			lost := 0
			for _, l := range r.Analysis.LostTests {
				for _, lr := range l.Runs {
					if lr.N == n {
						lost += len(lr.NotRun)
					}
				}
			}
			return lost
		},
	}).Parse(reportTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, r)
}

func joinInts(xs []int) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, fmt.Sprint(x))
	}
	return strings.Join(parts, ", ")
}

func trendText(m Metric) string {
	t := m.Trend
	switch t.Verdict {
	case TrendInsufficient:
		return fmt.Sprintf("not judged (fewer than %d runs; the first run is a warm-up)", MinTrendRuns+WarmupRuns)
	case TrendIncreasing, TrendDecreasing:
		return fmt.Sprintf("%s: %s per run (%+.0f%% over the soak; Mann–Whitney p=%.2g, Mann–Kendall p=%.2g)", t.Verdict, FormatValue(t.Slope, m.Unit), 100*t.Change, t.P, t.PKendall)
	}
	return "no steady trend"
}

// chartSVG draws one metric per iteration as an inline SVG line chart,
// with the Theil–Sen line when a trend was found. Each point has a
// <title>, which browsers show as a tooltip. The warm-up run is drawn
// apart (hollow, grey) and does not set the scale: a cold first build
// of minutes would flatten every other point; above the axis it sits at
// the top with its value written out.
func chartSVG(m Metric) template.HTML {
	const w, h, left, right, top, bottom = 640.0, 200.0, 78.0, 10.0, 10.0, 38.0
	n := len(m.Values)
	if n == 0 {
		return ""
	}
	hiValue := 0.0
	for _, v := range m.Values[m.Warmup:] {
		hiValue = max(hiValue, v)
	}
	ax := newAxis(hiValue, m.Unit)
	hi := ax.top
	x0, x1 := float64(m.Iterations[0]), float64(m.Iterations[n-1])
	if x1 == x0 {
		x1 = x0 + 1
	}
	px := func(x float64) float64 { return left + (x-x0)/(x1-x0)*(w-left-right) }
	py := func(y float64) float64 { return top + (1-min(y, hi)/hi)*(h-top-bottom) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`, w, h, w, h, template.HTMLEscapeString(m.Title))
	for _, v := range ax.ticks {
		y := py(v)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>`, left, y, w-right, y)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick" text-anchor="end">%s</text>`, left-6, y+4, template.HTMLEscapeString(ax.label(v)))
	}
	// Axis titles: the unit up the side, the runs along the bottom.
	fmt.Fprintf(&b, `<text x="12" y="%.1f" class="tick axis" text-anchor="middle" transform="rotate(-90 12 %.1f)">%s</text>`, (h-bottom)/2, (h-bottom)/2, ax.title)
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick axis" text-anchor="middle">run</text>`, (left+w-right)/2, h-4)
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick">%d</text>`, left, h-20, m.Iterations[0])
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick" text-anchor="end">%d</text>`, w-right, h-20, m.Iterations[n-1])
	var pts []string
	for i := m.Warmup; i < n; i++ {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(float64(m.Iterations[i])), py(m.Values[i])))
	}
	fmt.Fprintf(&b, `<polyline points="%s" class="line"/>`, strings.Join(pts, " "))
	for i, v := range m.Values {
		x, y := px(float64(m.Iterations[i])), py(v)
		if i < m.Warmup {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" class="warmup"><title>run %d: %s (warm-up: left out of the statistics)</title></circle>`,
				x, y, m.Iterations[i], template.HTMLEscapeString(FormatValue(v, m.Unit)))
			label := "warm-up"
			if v > hi {
				label = "warm-up ↑ " + FormatValue(v, m.Unit)
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick">%s</text>`, x+7, y+12, template.HTMLEscapeString(label))
			continue
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" class="dot"><title>run %d: %s</title></circle>`,
			x, y, m.Iterations[i], template.HTMLEscapeString(FormatValue(v, m.Unit)))
	}
	if m.Trend.Verdict == TrendIncreasing || m.Trend.Verdict == TrendDecreasing {
		// The Theil–Sen line over the values the trend was judged on
		// (after the warm-up run), with intercept median(y - slope*x).
		first := 0
		if m.Iterations[0] <= WarmupRuns && n > WarmupRuns {
			first = WarmupRuns
		}
		var rest []float64
		for i := first; i < n; i++ {
			rest = append(rest, m.Values[i]-m.Trend.Slope*float64(m.Iterations[i]))
		}
		c := Median(rest)
		xa := float64(m.Iterations[first])
		ya, yb := c+m.Trend.Slope*xa, c+m.Trend.Slope*x1
		if !math.IsNaN(ya) && !math.IsNaN(yb) {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="trend"/>`, px(xa), py(ya), px(x1), py(yb))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// axis is a value axis with round ticks in one display unit.
type axis struct {
	scale float64 // base units per display unit
	unit  string  // "s", "ms", "MiB", ...
	title string
	top   float64 // in base units
	ticks []float64
}

// newAxis picks the display unit from the largest value and 4–6 round
// ticks (1, 2, 2.5 or 5 times a power of ten) from 0 to just above it.
func newAxis(hiValue float64, unit string) axis {
	a := axis{scale: 1, unit: "s", title: "seconds"}
	if unit == "bytes" {
		a.scale, a.unit = 1<<20, "MiB"
		switch {
		case hiValue >= 1<<30:
			a.scale, a.unit = 1<<30, "GiB"
		case hiValue < 1<<20:
			a.scale, a.unit = 1<<10, "KiB"
		}
		a.title = a.unit
	} else if hiValue < 1 {
		a.scale, a.unit, a.title = 0.001, "ms", "milliseconds"
	}
	v := hiValue / a.scale
	if v <= 0 {
		v = 1
	}
	step := niceStep(v / 4)
	topTicks := math.Ceil(v*1.0001/step) * step
	if topTicks <= v {
		topTicks += step
	}
	for i := 0; float64(i)*step <= topTicks+step/2; i++ {
		a.ticks = append(a.ticks, float64(i)*step*a.scale)
	}
	a.top = topTicks * a.scale
	return a
}

func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// label writes a tick in the axis unit ("0s", "2.5s", "40 MiB").
func (a axis) label(v float64) string {
	// Rounded to 1e-9 so that 3×0.1 prints as 0.3.
	num := strconv.FormatFloat(math.Round(v/a.scale*1e9)/1e9, 'f', -1, 64)
	if a.unit == "s" || a.unit == "ms" {
		return num + a.unit
	}
	return num + " " + a.unit
}
