package checks

import "github.com/godx-dev/godx/internal/check"

// EditorVSCode is a placeholder until the check is written.
var EditorVSCode = &check.Check{
	ID:    "editor/vscode",
	Title: "VS Code Go settings",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
