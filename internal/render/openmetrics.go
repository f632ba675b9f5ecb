package render

import (
	"io"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/report"
)

// OpenMetrics writes the report as metrics for the Prometheus node_exporter
// textfile collector (and anything else that reads the Prometheus text
// format):
//
//	godx_check_status{id,area}        0 ok, 1 info, 2 warning (also a timeout or crash), 3 error
//	godx_findings{severity}           findings by severity (error, warning, info; 0 included)
//	godx_go_info{version,goos,goarch,path} 1, for the go command on PATH
//	godx_check_duration_seconds{id,name} what a check timed (the --deep probes' builds, tests, gopls load)
//	godx_last_run_timestamp_seconds   when the run finished (Unix time)
//	godx_run_duration_seconds         how long it took
//
// A check that did not run has no godx_check_status series (absent, not a
// made-up value), and neither does godx_go_info when there is no go
// command. Only gauges are used, the one type both the text format and
// OpenMetrics know alike, and no sample carries a timestamp (the textfile
// collector refuses them). The document ends with "# EOF", which
// OpenMetrics requires and the text format reads as a comment.
func OpenMetrics(w io.Writer, r *report.Report) error {
	var b strings.Builder
	family := func(name, help string) {
		b.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n")
	}
	sample := func(name string, labels [][2]string, v string) {
		b.WriteString(name)
		if len(labels) > 0 {
			b.WriteByte('{')
			for i, l := range labels {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(l[0] + `="` + metricLabelValue(l[1]) + `"`)
			}
			b.WriteByte('}')
		}
		b.WriteString(" " + v + "\n")
	}

	family("godx_check_status", "Outcome of each godx doctor check that ran: 0 ok, 1 info, 2 warning, 3 error.")
	for _, c := range r.Checks {
		if v, ok := metricStatus(c.Status); ok {
			sample("godx_check_status", [][2]string{{"id", c.ID}, {"area", c.Area}}, strconv.Itoa(v))
		}
	}
	family("godx_findings", "Findings of the last godx doctor run by severity.")
	sample("godx_findings", [][2]string{{"severity", "error"}}, strconv.Itoa(r.Summary.Errors))
	sample("godx_findings", [][2]string{{"severity", "warning"}}, strconv.Itoa(r.Summary.Warnings))
	sample("godx_findings", [][2]string{{"severity", "info"}}, strconv.Itoa(r.Summary.Infos))
	writeMeasurements(r, family, sample)
	if ctx := r.Context; ctx.Go != "" {
		family("godx_go_info", "The go command on PATH: its version, target and path.")
		sample("godx_go_info", [][2]string{{"version", ctx.GoVersion}, {"goos", ctx.GOOS}, {"goarch", ctx.GOARCH}, {"path", ctx.Go}}, "1")
	}
	family("godx_last_run_timestamp_seconds", "When the last godx doctor run finished, in seconds since the Unix epoch.")
	sample("godx_last_run_timestamp_seconds", nil, strconv.FormatFloat(float64(r.Finished.UnixMilli())/1000, 'f', 3, 64))
	family("godx_run_duration_seconds", "How long the last godx doctor run took.")
	sample("godx_run_duration_seconds", nil, strconv.FormatFloat(r.Duration.Seconds(), 'f', 3, 64))
	b.WriteString("# EOF\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// metricStatus is the godx_check_status value of a status; false for a
// check that did not run.
func metricStatus(s report.Status) (int, bool) {
	switch s {
	case report.OK:
		return 0, true
	case report.Info:
		return 1, true
	case report.Warning, report.Timeout, report.Crashed:
		return 2, true
	case report.Error:
		return 3, true
	}
	return 0, false
}

// metricLabelValue escapes a label value as both formats require
// (backslash, double quote, newline) and replaces invalid UTF-8, which
// neither allows.
func metricLabelValue(s string) string {
	return metricEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD"))
}

var metricEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// writeMeasurements writes the durations checks timed (the probes of
// --deep), one family, present only when some check measured something.
func writeMeasurements(r *report.Report, family func(name, help string), sample func(name string, labels [][2]string, v string)) {
	first := true
	for _, c := range r.Checks {
		for _, m := range c.Measurements {
			if first {
				family("godx_check_duration_seconds", "Durations godx doctor checks measured (the --deep probes: build, test, cross-compile, gopls load).")
				first = false
			}
			sample("godx_check_duration_seconds", [][2]string{{"id", c.ID}, {"name", m.Name}}, strconv.FormatFloat(m.Seconds, 'f', 3, 64))
		}
	}
}
