package checks

import "github.com/godx-dev/godx/internal/check"

// GoEnvFile is a placeholder until the check is written.
var GoEnvFile = &check.Check{
	ID:    "go/env-file",
	Title: "go env -w file",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
