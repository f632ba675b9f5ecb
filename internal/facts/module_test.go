package facts_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// WorkUses resolves each use directory once, against the go.work
// directory, and says which the go command cannot load: no directory, no
// go.mod, a go.mod that is a directory, a use path naming a file.
func TestWorkUses(t *testing.T) {
	o := factstest.New()
	o.AddFile("/ws/a/go.mod", "module a\n", 0o644)
	o.AddFile("/ws/nomod/x.go", "package x\n", 0o644)
	o.AddDir("/ws/dirmod/go.mod")
	o.AddFile("/ws/afile", "", 0o644)
	o.AddFile("/abs/go.mod", "module abs\n", 0o644)
	work := "go 1.22\n\nuse (\n\t./a\n\t./tools/../a/\n\t/abs\n\t./gone\n\t./nomod\n\t./dirmod\n\t./afile\n\t/\n)\n"
	wf, err := modfile.ParseWork("/ws/go.work", []byte(work), nil)
	if err != nil {
		t.Fatal(err)
	}
	f := newFacts(t, o, facts.Options{Dir: "/ws/a"})
	var got []string
	for _, u := range f.WorkUses("/ws/go.work", wf) {
		s := fmt.Sprintf("%d %s %s", u.Line, u.Path, u.Dir)
		if u.Err != nil {
			s += " !"
		}
		got = append(got, s)
	}
	want := []string{
		"4 ./a /ws/a",
		"6 /abs /abs",
		"7 ./gone /ws/gone !",
		"8 ./nomod /ws/nomod !",
		"9 ./dirmod /ws/dirmod !",
		"10 ./afile /ws/afile !",
		"11 / / !",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("WorkUses =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
