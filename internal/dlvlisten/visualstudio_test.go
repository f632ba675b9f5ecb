package dlvlisten

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/vsfolder"
)

func TestVisualStudio(t *testing.T) {
	read := func(name string) *facts.JSONCFile {
		p := filepath.Join("..", "vsfolder", "testdata", ".vs", name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return facts.ParseJSONC(p, data)
	}
	got := VisualStudio(read("tasks.vs.json"), vsfolder.Tasks)
	if len(got) != 1 || got[0].Addr != ":2345" || !strings.HasSuffix(got[0].Where, "tasks.vs.json:16") ||
		got[0].Command != `Visual Studio task "debug server": dlv debug --headless --listen=:2345 ./cmd/server` {
		t.Errorf("tasks: %+v", got)
	}
	got = VisualStudio(read("launch.vs.json"), vsfolder.Launch)
	if len(got) != 1 || got[0].Addr != "0.0.0.0:4040" || !strings.HasSuffix(got[0].Where, "launch.vs.json:5") ||
		!strings.HasPrefix(got[0].Command, `Visual Studio debug target "dlv exec server": C:\Users\u\go\bin\dlv.exe exec --headless`) {
		t.Errorf("launch: %+v", got)
	}
	shell := facts.ParseJSONC("t.json", []byte(`{"tasks":[{"taskLabel":"s","command":"${env.COMSPEC}","args":["/c","dlv debug --headless --listen=0.0.0.0:2345"]},`+
		`{"taskLabel":"safe","command":"dlv","args":["debug","--headless","--listen=127.0.0.1:2345"]}]}`))
	got = VisualStudio(shell, vsfolder.Tasks)
	if len(got) != 1 || got[0].Addr != "0.0.0.0:2345" {
		t.Errorf("shell task: %+v", got)
	}
}
