package checks

import "github.com/godx-dev/godx/internal/check"

// WindowsLongPaths is a placeholder until the check is written.
var WindowsLongPaths = &check.Check{
	ID:    "windows/long-paths",
	Title: "Long paths (Windows)",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
