// Package report is the result model of a doctor run. The text and JSON
// renderers both read this one model, so they cannot disagree.
package report

import (
	"time"

	"github.com/godx-dev/godx/internal/check"
)

// Schema identifies the JSON document; it changes only incompatibly.
const Schema = "godx.doctor/v1"

// Status of one check.
type Status string

const (
	OK      Status = "ok"
	Info    Status = "info"
	Warning Status = "warning"
	Error   Status = "error"
	Skipped Status = "skipped"
	Timeout Status = "timeout"
	Crashed Status = "crashed"
)

// StatusOf is a severity as a status.
func StatusOf(s check.Severity) Status {
	switch s {
	case check.Error:
		return Error
	case check.Warning:
		return Warning
	}
	return Info
}

// Report is one doctor run.
type Report struct {
	Schema      string        `json:"schema"`
	GodxVersion string        `json:"godx_version"`
	DurationMS  int64         `json:"duration_ms"`
	Context     Context       `json:"context"`
	Checks      []CheckResult `json:"checks"`
	Summary     Summary       `json:"summary"`
	// Commands are the programs the doctor started, in the order they
	// finished (`-v` prints them, so a slow run explains itself).
	Commands []Command `json:"commands,omitempty"`

	Duration time.Duration `json:"-"`
	// Finished is when the run ended (the metrics' last-run timestamp).
	Finished time.Time `json:"-"`
}

// Command is one program the doctor ran.
type Command struct {
	Argv       []string `json:"argv"`
	Dir        string   `json:"dir,omitempty"`
	DurationMS int64    `json:"duration_ms"`
	ExitCode   int      `json:"exit_code"`
	TimedOut   bool     `json:"timed_out,omitempty"`
	// Error is why it failed, when it did.
	Error string `json:"error,omitempty"`

	Duration time.Duration `json:"-"`
	// Finished is when the run ended (the metrics' last-run timestamp).
	Finished time.Time `json:"-"`
}

// Context says where and with what the doctor ran.
type Context struct {
	Dir       string `json:"dir"`
	GOOS      string `json:"goos"`
	GOARCH    string `json:"goarch"`
	Go        string `json:"go"`         // path of the go command on PATH ("" if none)
	GoVersion string `json:"go_version"` // its version ("" if unknown)
	// GoMod is the go.mod in effect (go env GOMOD; "" outside a module):
	// where SARIF anchors findings that have no file of their own.
	GoMod   string `json:"gomod,omitempty"`
	Offline bool   `json:"offline"`
}

// CheckResult is one check's outcome.
type CheckResult struct {
	ID         string          `json:"id"`
	Area       string          `json:"area"`
	Title      string          `json:"title"`
	Status     Status          `json:"status"`
	DurationMS int64           `json:"duration_ms"`
	Summary    string          `json:"summary,omitempty"`  // what was observed
	Evidence   check.Evidence  `json:"evidence,omitempty"` // behind the summary
	Reason     string          `json:"reason,omitempty"`   // why skipped
	Findings   []check.Finding `json:"findings"`
	// Measurements are durations the check timed (the --deep probes').
	Measurements []check.Measurement `json:"measurements,omitempty"`

	Duration time.Duration `json:"-"`
	// Deselected: skipped because --only/--skip left it out. The text
	// report never lists these, even with -v; the JSON does.
	Deselected bool `json:"-"`
	// Doc is the check's documentation (SARIF rule help).
	Doc check.Doc `json:"-"`
}

// Summary counts findings by severity (timeouts and crashes count as
// warnings: each carries a warning finding).
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	Checks   int `json:"checks"`  // checks that ran (not skipped)
	Skipped  int `json:"skipped"` // checks that did not run
}

// Tally recomputes the summary from the checks.
func (r *Report) Tally() {
	r.Summary = Summary{}
	for _, c := range r.Checks {
		if c.Status == Skipped {
			r.Summary.Skipped++
			continue
		}
		r.Summary.Checks++
		for _, f := range c.Findings {
			switch f.Severity {
			case check.Error:
				r.Summary.Errors++
			case check.Warning:
				r.Summary.Warnings++
			default:
				r.Summary.Infos++
			}
		}
	}
}

// Exit codes, documented in the README.
const (
	ExitOK       = 0 // no error findings (warnings allowed unless --strict)
	ExitProblems = 1 // at least one error finding, or a warning under --strict
	ExitFailure  = 2 // usage error, or godx itself failed
)

// ExitCode is the process exit status the report calls for.
func (r *Report) ExitCode(strict bool) int {
	if r.Summary.Errors > 0 || strict && r.Summary.Warnings > 0 {
		return ExitProblems
	}
	return ExitOK
}
