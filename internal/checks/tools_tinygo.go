package checks

import "github.com/godx-dev/godx/internal/check"

// ToolsTinyGo is a placeholder until the check is written.
var ToolsTinyGo = &check.Check{
	ID:    "tools/tinygo",
	Title: "TinyGo",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
