package render

import (
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// printableResult applies printable.Text to every text of a check result.
func printableResult(c report.CheckResult) report.CheckResult {
	c.Title, c.Summary, c.Reason = printable.Text(c.Title), printable.Text(c.Summary), printable.Text(c.Reason)
	c.Evidence = printableEvidence(c.Evidence)
	fs := make([]check.Finding, len(c.Findings))
	for i, f := range c.Findings {
		f.Summary, f.Detail = printable.Text(f.Summary), printable.Text(f.Detail)
		f.Evidence = printableEvidence(f.Evidence)
		if f.Fix != nil {
			fx := *f.Fix
			fx.Description = printable.Text(fx.Description)
			fx.Commands = make([]string, len(f.Fix.Commands))
			for j, cmd := range f.Fix.Commands {
				fx.Commands[j] = printable.Text(cmd)
			}
			f.Fix = &fx
		}
		fs[i] = f
	}
	c.Findings = fs
	return c
}

func printableEvidence(ev check.Evidence) check.Evidence {
	out := make(check.Evidence, len(ev))
	for i, e := range ev {
		out[i] = check.F(printable.Text(e.Key), printable.Text(e.Value))
	}
	return out
}
