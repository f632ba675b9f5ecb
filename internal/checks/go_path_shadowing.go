package checks

import "github.com/godx-dev/godx/internal/check"

// GoPathShadowing is a placeholder until the check is written.
var GoPathShadowing = &check.Check{
	ID:    "go/path-shadowing",
	Title: "go commands on PATH",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
