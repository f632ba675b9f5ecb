package checks

import "github.com/godx-dev/godx/internal/check"

// GoRootIntegrity is a placeholder until the check is written.
var GoRootIntegrity = &check.Check{
	ID:    "go/goroot-integrity",
	Title: "Go installation integrity",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
