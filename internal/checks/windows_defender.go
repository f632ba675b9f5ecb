package checks

import "github.com/godx-dev/godx/internal/check"

// WindowsDefender is a placeholder until the check is written.
var WindowsDefender = &check.Check{
	ID:    "windows/defender",
	Title: "Defender exclusions",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
