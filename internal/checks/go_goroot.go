package checks

import "github.com/godx-dev/godx/internal/check"

// GoRoot is a placeholder until the check is written.
var GoRoot = &check.Check{
	ID:    "go/goroot",
	Title: "GOROOT",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
