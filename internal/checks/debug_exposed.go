package checks

import "github.com/godx-dev/godx/internal/check"

// DebugExposed is a placeholder until the check is written.
var DebugExposed = &check.Check{
	ID:    "debug/exposed",
	Title: "Delve exposed to the network",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
