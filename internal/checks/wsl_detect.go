package checks

import "github.com/godx-dev/godx/internal/check"

// WSLDetect is a placeholder until the check is written.
var WSLDetect = &check.Check{
	ID:    "wsl/detect",
	Title: "WSL",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
