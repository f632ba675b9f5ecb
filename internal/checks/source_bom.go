package checks

import "github.com/godx-dev/godx/internal/check"

// SourceBOM is a placeholder until the check is written.
var SourceBOM = &check.Check{
	ID:    "source/bom",
	Title: "Byte order marks",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
