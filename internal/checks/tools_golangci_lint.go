package checks

import "github.com/godx-dev/godx/internal/check"

// ToolsGolangciLint is a placeholder until the check is written.
var ToolsGolangciLint = &check.Check{
	ID:    "tools/golangci-lint",
	Title: "golangci-lint",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
