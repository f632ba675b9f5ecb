package checks

import "github.com/godx-dev/godx/internal/check"

// GoVersionSupport is a placeholder until the check is written.
var GoVersionSupport = &check.Check{
	ID:    "go/version-support",
	Title: "Go release support",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
