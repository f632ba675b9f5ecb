package checks

import "github.com/godx-dev/godx/internal/check"

// ModuleGoMod is a placeholder until the check is written.
var ModuleGoMod = &check.Check{
	ID:    "module/gomod",
	Title: "go.mod and go.work syntax",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
