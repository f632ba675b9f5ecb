package checks

import (
	"context"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/engine"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// One problem, one finding: across a whole doctor run (every check, one
// shared Facts), a BOM in go.mod, in go.work or in another workspace
// module's go.mod is reported exactly once, with the automatic fix.
func TestBOMIsOneFindingInAWholeDoctorRun(t *testing.T) {
	for _, tc := range []struct {
		name  string
		goenv []string
		files map[string]string
		dir   string
		want  map[string]string // file -> the check that reports its BOM
	}{
		{
			name:  "go.mod",
			goenv: []string{"GOMOD=/work/go.mod"},
			files: map[string]string{"go.mod": "\xef\xbb\xbfmodule example.com/m\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {}\n"},
			dir:   "/work",
			want:  map[string]string{"/work/go.mod": "module/gomod"},
		},
		{
			name:  "workspace",
			goenv: []string{"GOMOD=/work/a/go.mod", "GOWORK=/work/go.work"},
			files: map[string]string{
				"go.work":  "\xef\xbb\xbfgo 1.26\n\nuse (\n\t./a\n\t./b\n)\n",
				"a/go.mod": "\xef\xbb\xbfmodule example.com/a\n\ngo 1.26\n",
				"a/a.go":   "package a\n",
				"b/go.mod": "\xef\xbb\xbfmodule example.com/b\n\ngo 1.26\n",
				"b/b.go":   "package b\n",
			},
			dir:  "/work/a",
			want: map[string]string{"/work/go.work": "module/gomod", "/work/a/go.mod": "module/gomod", "/work/b/go.mod": "source/bom"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := factstest.NewMachine(t).Linux().
				Path("/usr/local/go/bin", "/usr/bin").
				Go("/usr/local/go", "go1.26.8", tc.goenv...)
			for name, data := range tc.files {
				fake.File("/work/"+name, data)
			}
			ctx := context.Background()
			f, err := facts.New(ctx, fake, facts.Options{Dir: tc.dir})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := engine.Run(ctx, All(), f, engine.Options{Offline: true})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{} // file -> checks reporting a BOM in it
			for _, r := range rep.Checks {
				for _, fd := range r.Findings {
					text := checktest.Text(fd)
					if !strings.Contains(text, "byte order mark") && !strings.Contains(text, "ufeff") {
						continue
					}
					file := ""
					for _, e := range fd.Evidence {
						if e.Key == "file" {
							file = e.Value
						}
					}
					got[file] = append(got[file], r.ID)
					if fd.Fix == nil || fd.Fix.Auto == nil || fd.Fix.Auto.Path != file {
						t.Errorf("%s: %s has no automatic fix for %s: %+v", r.ID, fd.Summary, file, fd.Fix)
					}
				}
			}
			for file, id := range tc.want {
				if len(got[file]) != 1 || got[file][0] != id {
					t.Errorf("%s: BOM reported by %v, want exactly once by %s", file, got[file], id)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("BOM findings: %v, want %v", got, tc.want)
			}
		})
	}
}
