package difftest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/report"
)

// CheckVerdict is one check's agreement in one scenario.
type CheckVerdict struct {
	ID string
	// Compared is false when the go command could not show the cause
	// (another failure came first, or a fake toolchain ran); Why says so.
	Compared, Agree bool
	Predicted       bool // godx reported an error
	Observed        bool // a go command failed for this check's cause
	Why             string
	// Quotes godx's error findings hold, and those no go command printed.
	Quotes, BadQuotes []string
}

// Verdict is the comparison of one scenario.
type Verdict struct {
	Name   string
	Checks []CheckVerdict
	// Toolchain: what godx said will run, and what `go version` said ran
	// ("" when either is silent).
	SaidToolchain, RanToolchain string
	// Causes of the go commands that failed, by command.
	Causes map[string]string
	// BuildOK is `go build ./...` succeeding; AllOK every go command;
	// Vacuous a build that succeeded because ./... matched no package.
	BuildOK, AllOK, Vacuous bool
	// Errors are godx's error findings ("check: summary").
	Errors []string
}

// ToolchainCompared reports whether both sides named a toolchain.
func (v *Verdict) ToolchainCompared() bool { return v.SaidToolchain != "" && v.RanToolchain != "" }

// Disagreements lists what differs, one line each.
func (v *Verdict) Disagreements() []string {
	var out []string
	for _, c := range v.Checks {
		switch {
		case c.Compared && !c.Agree && c.Predicted:
			out = append(out, fmt.Sprintf("%s: godx reports an error, but no go command failed for it (%s)", c.ID, c.Why))
		case c.Compared && !c.Agree && c.Why == "the check crashed":
			out = append(out, c.ID+": the check crashed")
		case c.Compared && !c.Agree:
			out = append(out, fmt.Sprintf("%s: a go command failed for this cause, but godx reports no error (%s)", c.ID, c.Why))
		}
		for _, q := range c.BadQuotes {
			out = append(out, fmt.Sprintf("%s: quotes a line no go command printed: %s", c.ID, q))
		}
	}
	if v.ToolchainCompared() && v.SaidToolchain != v.RanToolchain {
		out = append(out, fmt.Sprintf("toolchain: godx says %s runs, go version says %s", v.SaidToolchain, v.RanToolchain))
	}
	if v.AllOK && !v.Vacuous && len(v.Errors) > 0 {
		out = append(out, "every go command succeeded, yet godx reports errors: "+strings.Join(v.Errors, "; "))
	}
	for cmd, c := range v.Causes {
		if strings.HasPrefix(c, CauseUnknown+": ") {
			out = append(out, "go "+cmd+" failed for a cause no check owns: "+strings.TrimPrefix(c, CauseUnknown+": "))
		}
	}
	sort.Strings(out)
	return out
}

// Compare judges one outcome.
func Compare(o *Outcome, localVersion string) *Verdict {
	v := &Verdict{Name: o.Scenario.Name, Causes: map[string]string{}, AllOK: true}
	observed := map[string]bool{}
	fake := false
	var printed []string
	var buildCause string
	for _, r := range o.Go {
		for _, l := range strings.Split(r.Stdout+"\n"+r.Stderr, "\n") {
			printed = append(printed, strings.TrimSpace(l))
		}
		name := strings.Join(r.Args, " ")
		if r.Args[0] == "version" && !r.Failed() {
			if f := strings.Fields(r.Stdout); len(f) >= 3 && f[0] == "go" && f[1] == "version" {
				v.RanToolchain = f[2]
			}
		}
		if !r.Failed() {
			if r.Args[0] == "build" {
				v.BuildOK = true
				v.Vacuous = strings.Contains(r.Stderr, "matched no packages")
			}
			continue
		}
		v.AllOK = false
		c := CauseOf(r, localVersion, o.Scenario.BadGOROOT())
		v.Causes[name] = c + ": " + FirstError(r.Stderr)
		observed[c] = true
		if c == CauseFake {
			fake = true
		}
		if r.Args[0] == "build" {
			buildCause = c
		}
	}
	if r := resultOf(o.Report, "module/toolchain"); r != nil {
		v.SaidToolchain = evidence(r, "toolchain that runs")
	}
	envCause, envFailed := "", false
	for _, r := range o.Go {
		if strings.Join(r.Args, " ") == "env -json" && r.Failed() {
			envCause, envFailed = v.Causes["env -json"], true
		}
	}
	for _, id := range Checked {
		r := resultOf(o.Report, id)
		cv := CheckVerdict{ID: id}
		if r != nil && r.Status == report.Error {
			cv.Predicted = true
			for _, fd := range r.Findings {
				if fd.Severity == check.Error {
					v.Errors = append(v.Errors, id+": "+o.Normalize(fd.Summary))
					cv.Quotes = append(cv.Quotes, Quotes(o.Normalize(fd.Summary), o.Normalize(fd.Detail))...)
				}
			}
		}
		switch {
		case r != nil && r.Status == report.Timeout:
			// A time limit says nothing about the prediction.
			cv.Why = "the check timed out"
			v.Checks = append(v.Checks, cv)
			continue
		case r != nil && r.Status == report.Crashed:
			cv.Compared, cv.Why = true, "the check crashed"
			v.Checks = append(v.Checks, cv)
			continue
		}
		cv.Observed = observed[id]
		if id == "go/installed" {
			// It speaks for the local go command's `go env`; a toolchain
			// the go command switched to is module/toolchain's.
			cv.Observed = envFailed && !strings.HasPrefix(envCause, "module/toolchain: ") && !strings.HasPrefix(envCause, CauseFake+": ")
		}
		switch {
		case fake && id != "module/toolchain" && id != "go/installed":
			cv.Why = "a fake toolchain ran; what the real release does after the switch is unknown"
		case cv.Observed:
			cv.Compared, cv.Agree = true, cv.Predicted
			cv.Why = "failed: " + causesOf(v.Causes, id)
		case !v.BuildOK && buildCause != id && !cv.Predicted:
			// Another failure came first; godx staying silent is not
			// contradicted.
			cv.Compared, cv.Agree = true, true
		case !v.BuildOK && buildCause != id:
			cv.Why = "go build failed first for another cause (" + buildCause + ")"
		case v.Vacuous && cv.Predicted && id != "cgo/compiler":
			cv.Why = "go build ./... matched no package, so it built nothing"
		default:
			cv.Compared, cv.Agree = true, !cv.Predicted
			cv.Why = "no go command failed for it"
		}
		if cv.Compared && cv.Observed && cv.Predicted {
			for _, q := range cv.Quotes {
				if !contains(printed, q) {
					cv.BadQuotes = append(cv.BadQuotes, q)
				}
			}
		}
		v.Checks = append(v.Checks, cv)
	}
	return v
}

func causesOf(causes map[string]string, id string) string {
	var out []string
	for cmd, c := range causes {
		if strings.HasPrefix(c, id+": ") || (id == "go/installed" && cmd == "env -json") {
			out = append(out, "go "+cmd+": "+strings.TrimPrefix(c, id+": "))
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

func resultOf(r *report.Report, id string) *report.CheckResult {
	for i := range r.Checks {
		if r.Checks[i].ID == id {
			return &r.Checks[i]
		}
	}
	return nil
}

// evidence finds key in the check's own evidence or its findings'.
func evidence(r *report.CheckResult, key string) string {
	for _, f := range r.Evidence {
		if f.Key == key {
			return f.Value
		}
	}
	for _, fd := range r.Findings {
		for _, f := range fd.Evidence {
			if f.Key == key {
				return f.Value
			}
		}
	}
	return ""
}

// Tally adds up verdicts per check.
type Tally struct {
	Scenarios int
	Rows      map[string]*Row
	// Toolchain: scenarios where both sides named a toolchain, and agreed.
	ToolchainCompared, ToolchainAgree int
	// AllOK scenarios (every go command succeeded and built something)
	// and the godx errors reported in them.
	AllOK, ErrorsOnAllOK int
	Unexplained          []string
}

// Row is one check's totals.
type Row struct {
	Compared, Agree, Predicted, Observed, NotCompared int
	Quotes, QuotesOK                                  int
}

// Add counts v.
func (t *Tally) Add(v *Verdict) {
	if t.Rows == nil {
		t.Rows = map[string]*Row{}
	}
	t.Scenarios++
	for _, c := range v.Checks {
		row := t.Rows[c.ID]
		if row == nil {
			row = &Row{}
			t.Rows[c.ID] = row
		}
		if !c.Compared {
			row.NotCompared++
			continue
		}
		row.Compared++
		if c.Agree {
			row.Agree++
		}
		if c.Predicted {
			row.Predicted++
		}
		if c.Observed {
			row.Observed++
		}
		if c.Observed && c.Predicted {
			row.Quotes += len(c.Quotes)
			row.QuotesOK += len(c.Quotes) - len(c.BadQuotes)
		}
	}
	if v.ToolchainCompared() {
		t.ToolchainCompared++
		if v.SaidToolchain == v.RanToolchain {
			t.ToolchainAgree++
		}
	}
	if v.AllOK && !v.Vacuous {
		t.AllOK++
		t.ErrorsOnAllOK += len(v.Errors)
	}
	for cmd, c := range v.Causes {
		if strings.HasPrefix(c, CauseUnknown+": ") {
			t.Unexplained = append(t.Unexplained, v.Name+": go "+cmd+": "+strings.TrimPrefix(c, CauseUnknown+": "))
		}
	}
}

// Percent is agree/compared in percent (100 when nothing was compared).
func Percent(agree, compared int) float64 {
	if compared == 0 {
		return 100
	}
	return 100 * float64(agree) / float64(compared)
}

// Table is the per-check agreement as a Markdown table.
func (t *Tally) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| Check | Compared | Agree | Errors (godx) | Failures (go) | Not comparable | Quotes exact |\n")
	fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|\n")
	for _, id := range Checked {
		r := t.Rows[id]
		if r == nil {
			continue
		}
		fmt.Fprintf(&b, "| `%s` | %d | %d (%.1f %%) | %d | %d | %d | %d/%d |\n", id, r.Compared, r.Agree, Percent(r.Agree, r.Compared),
			r.Predicted, r.Observed, r.NotCompared, r.QuotesOK, r.Quotes)
	}
	fmt.Fprintf(&b, "| toolchain that runs | %d | %d (%.1f %%) | | | | |\n", t.ToolchainCompared, t.ToolchainAgree, Percent(t.ToolchainAgree, t.ToolchainCompared))
	fmt.Fprintf(&b, "\n%d scenarios; every go command succeeded in %d, with %d godx error findings among them; %d go failures no check owns.\n",
		t.Scenarios, t.AllOK, t.ErrorsOnAllOK, len(t.Unexplained))
	return b.String()
}
