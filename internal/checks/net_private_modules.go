package checks

import "github.com/godx-dev/godx/internal/check"

// NetPrivateModules is a placeholder until the check is written.
var NetPrivateModules = &check.Check{
	ID:    "net/private-modules",
	Title: "Private modules",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
