package checks

import "github.com/godx-dev/godx/internal/check"

// HostDistroGo is a placeholder until the check is written.
var HostDistroGo = &check.Check{
	ID:    "host/distro-go",
	Title: "Distribution-packaged Go",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
