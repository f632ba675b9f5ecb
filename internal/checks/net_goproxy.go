package checks

import "github.com/godx-dev/godx/internal/check"

// NetGoproxy is a placeholder until the check is written.
var NetGoproxy = &check.Check{
	ID:    "net/goproxy",
	Title: "Module proxy reachability",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
