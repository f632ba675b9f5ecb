package windows

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// longPathsTestOS is Windows with Go, a module requiring one
// dependency that is in the module cache, and git on PATH.
func longPathsTestOS(t *testing.T, gitLongpaths string) *factstest.WinOS {
	t.Helper()
	w := factstest.NewWindows()
	w.AddGo("C:/Program Files/Go", "go1.26.8", map[string]string{"GOMOD": `C:\work\go.mod`, "GOMODCACHE": `C:\Users\me\go\pkg\mod`})
	w.AddFile("C:/work/go.mod", "module example.com/app\n\ngo 1.26\n\nrequire github.com/Org/deep v1.2.3\n", 0)
	w.AddFile("C:/work/main.go", "package main\n", 0)
	w.AddFile("C:/Users/me/go/pkg/mod/github.com/!org/deep@v1.2.3/go.mod", "module github.com/Org/deep\n", 0)
	w.AddCommand("C:/Program Files/Git/cmd/git.exe", func(ctx context.Context, c facts.Command) facts.Result {
		if gitLongpaths == "" {
			return factstest.Failure(1, "")
		}
		return factstest.Output(gitLongpaths + "\n")
	})
	w.Setenv("PATH", `C:\Program Files\Go\bin;C:\Program Files\Git\cmd`)
	return w
}

func TestLongPaths_EnabledHasNoFinding(t *testing.T) {
	w := longPathsTestOS(t, "")
	w.SetRegInt(longPathsKey, "LongPathsEnabled", 1)
	r := checktest.Run(t, LongPaths, w, facts.Options{})
	checktest.Clean(t, r, "enabled")
}

func TestLongPaths_LongDependencyPathIsWarning(t *testing.T) {
	w := longPathsTestOS(t, "")
	w.SetRegInt(longPathsKey, "LongPathsEnabled", 0)
	deep := "C:/Users/me/go/pkg/mod/github.com/!org/deep@v1.2.3/" + strings.Repeat("very-long-directory-name/", 9) + "testdata.golden"
	w.AddFile(deep, "x", 0)
	r := checktest.Run(t, LongPaths, w, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "LongPathsEnabled 0", "2 paths", "testdata.golden", "Filename too long", "not set (false)")
	want := []string{longPathsPS, "git config --global core.longpaths true"}
	if !slices.Equal(fd.Fix.Commands, want) {
		t.Errorf("commands = %q, want %q", fd.Fix.Commands, want)
	}
}

func TestLongPaths_DisabledWithoutLongPathsIsInfo(t *testing.T) {
	w := longPathsTestOS(t, "true")
	w.AddRegKey(longPathsKey) // value missing: Windows treats it as 0
	r := checktest.Run(t, LongPaths, w, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "not set (Windows treats it as 0)", `C:\Users\me\go\pkg\mod\github.com\!org\deep@v1.2.3\go.mod`)
	if !slices.Equal(fd.Fix.Commands, []string{longPathsPS}) {
		t.Errorf("git already allows long paths; commands = %q", fd.Fix.Commands)
	}
}

func TestLongPaths_Skips(t *testing.T) {
	denied := longPathsTestOS(t, "")
	denied.DenyReg(longPathsKey)
	for name, sys := range map[string]facts.OS{"linux": factstest.New(), "denied": denied} {
		t.Run(name, func(t *testing.T) {
			checktest.Skipped(t, checktest.Run(t, LongPaths, sys, facts.Options{}))
		})
	}

}
