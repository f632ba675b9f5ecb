package checks

import "github.com/godx-dev/godx/internal/check"

// NetGosumdb is a placeholder until the check is written.
var NetGosumdb = &check.Check{
	ID:    "net/gosumdb",
	Title: "Checksum database",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
