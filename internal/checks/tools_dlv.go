package checks

import "github.com/godx-dev/godx/internal/check"

// ToolsDlv is a placeholder until the check is written.
var ToolsDlv = &check.Check{
	ID:    "tools/dlv",
	Title: "Delve (dlv)",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
