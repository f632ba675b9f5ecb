package checks

import "github.com/godx-dev/godx/internal/check"

// GoPath is a placeholder until the check is written.
var GoPath = &check.Check{
	ID:    "go/gopath",
	Title: "GOPATH",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
