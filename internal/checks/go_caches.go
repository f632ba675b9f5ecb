package checks

import "github.com/godx-dev/godx/internal/check"

// GoCaches is a placeholder until the check is written.
var GoCaches = &check.Check{
	ID:    "go/caches",
	Title: "Build and module caches",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
