package checks

import "github.com/godx-dev/godx/internal/check"

// CgoCompiler is a placeholder until the check is written.
var CgoCompiler = &check.Check{
	ID:    "cgo/compiler",
	Title: "C compiler for cgo",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
