package vscodego_test

import (
	"encoding/json"
	"maps"
	"strconv"
	"testing"

	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/vscodego"
)

// FuzzLaunchEnvs reads an arbitrary .vscode/launch.json. Whatever it
// holds: no panic, and the Go debug configurations and their env are
// exactly what VS Code takes from the file — JSON keys are
// case-sensitive and a repeated key's last value wins, as in
// JavaScript's JSON.parse — each variable with the line it is set on.
//
//	go test -run '^$' -fuzz FuzzLaunchEnvs -parallel 1 ./internal/vscodego
func FuzzLaunchEnvs(f *testing.F) {
	for _, s := range []string{
		`{"configurations": [{"name": "Server", "type": "go", "env": {"GOFLAGS": "-tags=dev", "CGO_ENABLED": 0}}]}`,
		`{"configurations": [{"type": "node"}, "x", {"type": "go",},], // trailing commas
		}`,
		`{"configurations": {"type": "go"}}`,
		`{"configurations": [{"TYPE": "go", "Env": {"A": "1"}}]}`,
		`{"configurations": [{"type": "go", "env": {"A": "1", "B": "2"}, "env": {"A": "3"}}]}`,
		`{"configurations": [{"type": "go", "env": {"a/b~c": "x", "\u0041": "y"}}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, launch string) {
		o := factstest.New()
		o.Wd = "/work"
		o.AddDir("/work/.git")
		o.AddFile("/work/.vscode/launch.json", launch, 0)
		files := newFacts(t, o).VSCodeLaunch()
		if len(files) != 1 {
			t.Fatalf("%d launch files", len(files))
		}
		file := files[0]
		got := vscodego.LaunchEnvs(file)

		// What VS Code takes: exact keys, the last one winning (also
		// what encoding/json does for a map).
		var configs []json.RawMessage
		if file.Err != nil || file.Decode("configurations", &configs) != nil {
			if got != nil {
				t.Fatalf("no configurations, yet %+v", got)
			}
			return
		}
		var want []vscodego.LaunchEnv
		for i, raw := range configs {
			var c map[string]json.RawMessage
			var typ, name string
			if json.Unmarshal(raw, &c) != nil || c == nil || json.Unmarshal(c["type"], &typ) != nil || typ != "go" {
				continue
			}
			_ = json.Unmarshal(c["name"], &name)
			le := vscodego.LaunchEnv{Index: i, Name: name, Env: map[string]string{}}
			var env map[string]any
			_ = json.Unmarshal(c["env"], &env)
			for k, v := range env {
				if s, ok := v.(string); ok {
					le.Env[k] = s
				}
			}
			want = append(want, le)
		}
		if len(got) != len(want) {
			t.Fatalf("got %d Go configurations %+v, VS Code sees %d: %+v", len(got), got, len(want), want)
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Index != w.Index || g.Name != w.Name || !maps.Equal(g.Env, w.Env) {
				t.Fatalf("configuration %d: got %+v, VS Code sees %+v", i, g, w)
			}
			for k := range g.Env {
				if file.Line("configurations", strconv.Itoa(g.Index), "env", k) == 0 {
					t.Fatalf("configuration %d: no line for env %q", g.Index, k)
				}
			}
		}
	})
}
