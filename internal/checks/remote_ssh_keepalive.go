package checks

import "github.com/godx-dev/godx/internal/check"

// RemoteSSHKeepalive is a placeholder until the check is written.
var RemoteSSHKeepalive = &check.Check{
	ID:    "remote/ssh-keepalive",
	Title: "SSH keepalive for remote development",
	Doc: check.Doc{
		What: "TODO", Why: "TODO", How: "TODO", Fix: "TODO",
	},
	Run: func(pass *check.Pass) error { return check.Skip("not implemented yet") },
}
