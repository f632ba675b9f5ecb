package checks

import "github.com/godx-dev/godx/internal/check"

// SourceEncoding is a placeholder until the check is written.
var SourceEncoding = &check.Check{
	ID:    "source/encoding",
	Title: "Source encoding",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
