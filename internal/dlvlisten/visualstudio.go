package dlvlisten

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/vsfolder"
)

// VisualStudio finds Delve servers started by the tasks of a
// .vs/tasks.vs.json or the debug targets of a .vs/launch.vs.json: an
// entry whose program is dlv (its args read as dlv's), or whose command
// line holds one (a task running cmd.exe /c "dlv ...").
func VisualStudio(doc *facts.JSONCFile, kind string) []Listener {
	var out []Listener
	for _, e := range vsfolder.Read(doc, kind) {
		var addr string
		var exposed bool
		line := strings.TrimSpace(e.Program + " " + strings.Join(e.Args, " "))
		if IsDlv(e.Program) {
			addr, exposed = Args(e.Args)
		} else {
			addr, exposed = CommandLine(line)
		}
		if exposed {
			what := "Visual Studio task"
			if kind == vsfolder.Launch {
				what = "Visual Studio debug target"
			}
			out = append(out, Listener{
				Where:   e.Where,
				Command: fmt.Sprintf("%s %q: %s", what, e.Name, shorten(line)),
				Addr:    addr, File: doc.Path,
			})
		}
	}
	return out
}
