package checks

import "github.com/godx-dev/godx/internal/check"

// GoBinPath is a placeholder until the check is written.
var GoBinPath = &check.Check{
	ID:    "go/gobin-path",
	Title: "Install directory on PATH",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
