package checks

import "github.com/godx-dev/godx/internal/check"

// ToolsStaleGobin is a placeholder until the check is written.
var ToolsStaleGobin = &check.Check{
	ID:    "tools/stale-gobin",
	Title: "Installed tools built with old Go",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
