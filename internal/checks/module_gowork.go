package checks

import "github.com/godx-dev/godx/internal/check"

// ModuleGoWork is a placeholder until the check is written.
var ModuleGoWork = &check.Check{
	ID:    "module/gowork",
	Title: "Workspace (go.work)",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
