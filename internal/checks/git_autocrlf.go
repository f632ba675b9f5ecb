package checks

import "github.com/godx-dev/godx/internal/check"

// GitAutocrlf is a placeholder until the check is written.
var GitAutocrlf = &check.Check{
	ID:    "git/autocrlf",
	Title: "Git line-ending conversion",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
