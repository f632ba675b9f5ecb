package checks

import "github.com/godx-dev/godx/internal/check"

// SourceLineEndings is a placeholder until the check is written.
var SourceLineEndings = &check.Check{
	ID:    "source/line-endings",
	Title: "Line endings",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
