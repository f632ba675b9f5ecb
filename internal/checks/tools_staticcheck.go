package checks

import "github.com/godx-dev/godx/internal/check"

// ToolsStaticcheck is a placeholder until the check is written.
var ToolsStaticcheck = &check.Check{
	ID:    "tools/staticcheck",
	Title: "staticcheck",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
