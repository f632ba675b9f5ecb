package checks

import "github.com/godx-dev/godx/internal/check"

// ModuleMode is a placeholder until the check is written.
var ModuleMode = &check.Check{
	ID:    "module/mode",
	Title: "Module mode",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
