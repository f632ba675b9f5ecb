package checks

import "github.com/godx-dev/godx/internal/check"

// ToolsGoToolDirectives is a placeholder until the check is written.
var ToolsGoToolDirectives = &check.Check{
	ID:    "tools/go-tool-directives",
	Title: "go.mod tool directives",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
