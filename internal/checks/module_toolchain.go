package checks

import "github.com/godx-dev/godx/internal/check"

// ModuleToolchain is a placeholder until the check is written.
var ModuleToolchain = &check.Check{
	ID:    "module/toolchain",
	Title: "Go version and toolchain selection",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
