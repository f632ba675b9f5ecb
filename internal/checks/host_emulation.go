package checks

import "github.com/godx-dev/godx/internal/check"

// HostEmulation is a placeholder until the check is written.
var HostEmulation = &check.Check{
	ID:    "host/emulation",
	Title: "CPU emulation",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
