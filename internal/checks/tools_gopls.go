package checks

import "github.com/godx-dev/godx/internal/check"

// ToolsGopls is a placeholder until the check is written.
var ToolsGopls = &check.Check{
	ID:    "tools/gopls",
	Title: "gopls",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
