package checks

import "github.com/godx-dev/godx/internal/check"

// WSLWindowsPaths is a placeholder until the check is written.
var WSLWindowsPaths = &check.Check{
	ID:    "wsl/windows-paths",
	Title: "Go folders on a Windows drive",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
