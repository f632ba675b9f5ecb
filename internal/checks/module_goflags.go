package checks

import "github.com/godx-dev/godx/internal/check"

// ModuleGoFlags is a placeholder until the check is written.
var ModuleGoFlags = &check.Check{
	ID:    "module/goflags",
	Title: "GOFLAGS",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
