package debug

import (
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// Visual Studio's Open Folder files are read like VS Code's: a task or
// debug target starting a headless dlv on every interface is reported,
// one on loopback is not, and a malformed file is left to
// editor/visualstudio.
func TestExposed_VisualStudio(t *testing.T) {
	o := exposedNew(t)
	o.File("/work/.vs/tasks.vs.json", `{
  // Open Folder tasks
  "version": "0.2.1",
  "tasks": [
    { "taskLabel": "safe", "command": "dlv", "args": ["debug", "--headless", "--listen=127.0.0.1:2345"] },
    { "taskLabel": "debug server", "command": "dlv", "args": ["debug", "--headless", "--listen=:2345", "./cmd/server"] }
  ]
}`)
	o.File("/work/.vs/launch.vs.json", `{ "configurations": [ { "name": "x", "project": "dlv.exe", "args": ["exec", `)
	r := checktest.Run(t, Exposed, o, facts.Options{})
	checktest.Only(t, r, check.Error, "/work/.vs/tasks.vs.json:6 starts Delve listening on :2345",
		`Visual Studio task "debug server": dlv debug --headless --listen=:2345 ./cmd/server`)
}
