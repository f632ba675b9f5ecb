package checks

import "github.com/godx-dev/godx/internal/check"

// WindowsStalePath is a placeholder until the check is written.
var WindowsStalePath = &check.Check{
	ID:    "windows/stale-path",
	Title: "Stale PATH (Windows)",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
