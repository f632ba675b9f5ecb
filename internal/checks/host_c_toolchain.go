package checks

import "github.com/godx-dev/godx/internal/check"

// HostCToolchain is a placeholder until the check is written.
var HostCToolchain = &check.Check{
	ID:    "host/c-toolchain",
	Title: "C toolchain",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
