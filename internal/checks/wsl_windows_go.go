package checks

import "github.com/godx-dev/godx/internal/check"

// WSLWindowsGo is a placeholder until the check is written.
var WSLWindowsGo = &check.Check{
	ID:    "wsl/windows-go",
	Title: "Windows go inside WSL",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
