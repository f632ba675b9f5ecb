package soak

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
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
		"trend":    trendText,
		"goenv":    func(r *Report) *GoEnv { return r.Environment.GoEnv() },
		"join":     strings.Join,
		"add":      func(a, b int) int { return a + b },
		"polluter": PolluterText,
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
// <title>, which browsers show as a tooltip.
func chartSVG(m Metric) template.HTML {
	const w, h, left, right, top, bottom = 640.0, 180.0, 70.0, 10.0, 10.0, 24.0
	n := len(m.Values)
	if n == 0 {
		return ""
	}
	hi := m.Summary.Max * 1.1
	if hi <= 0 {
		hi = 1
	}
	x0, x1 := float64(m.Iterations[0]), float64(m.Iterations[n-1])
	if x1 == x0 {
		x1 = x0 + 1
	}
	px := func(x float64) float64 { return left + (x-x0)/(x1-x0)*(w-left-right) }
	py := func(y float64) float64 { return top + (1-y/hi)*(h-top-bottom) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" aria-label="%s">`, w, h, w, h, template.HTMLEscapeString(m.Title))
	for _, f := range []float64{0, 0.5, 1} {
		y := py(hi / 1.1 * f)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>`, left, y, w-right, y)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick" text-anchor="end">%s</text>`, left-6, y+4, template.HTMLEscapeString(FormatValue(hi/1.1*f, m.Unit)))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick">run %d</text>`, left, h-6, m.Iterations[0])
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="tick" text-anchor="end">run %d</text>`, w-right, h-6, m.Iterations[n-1])
	var pts []string
	for i, v := range m.Values {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(float64(m.Iterations[i])), py(v)))
	}
	fmt.Fprintf(&b, `<polyline points="%s" class="line"/>`, strings.Join(pts, " "))
	for i, v := range m.Values {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" class="dot"><title>run %d: %s</title></circle>`,
			px(float64(m.Iterations[i])), py(v), m.Iterations[i], template.HTMLEscapeString(FormatValue(v, m.Unit)))
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
