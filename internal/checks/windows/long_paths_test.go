package windows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

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

// The walk stops while there is still time to report: with a deadline
// closer than the reserve it reads nothing, and the check still ends with
// its finding (not abandoned by the engine as a timeout).
func TestLongPaths_StopsBeforeTheDeadline(t *testing.T) {
	w := longPathsTestOS(t, "")
	w.SetRegInt(longPathsKey, "LongPathsEnabled", 0)
	f, err := facts.New(context.Background(), w, facts.Options{CommandTimeout: checktest.TestCommandTimeout})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), longPathsReserve/2)
	defer cancel()
	var got []check.Finding
	pass := check.NewPass(ctx, LongPaths, f, func(fd check.Finding) { got = append(got, fd) })
	if err := LongPaths.Run(pass); err != nil || len(got) != 1 {
		t.Fatalf("Run = %v, findings %+v", err, got)
	}
	text := checktest.Text(got[0])
	for _, want := range []string{"among the first 0 files", "stopped early, before the check's time ran out"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in %s", want, text)
		}
	}
}

func TestLongPaths_StopRule(t *testing.T) {
	var now time.Time
	clock := func() time.Time { return now }
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Hour))
	defer cancel()
	// The rule reads ctx's deadline on the real clock; shift the fake
	// clock to it.
	deadline, _ := ctx.Deadline()
	now = deadline.Add(-5 * time.Second)
	stop := longPathsStop(ctx, clock)
	for _, tc := range []struct {
		left time.Duration
		want bool
	}{{5 * time.Second, false}, {time.Second, false}, {501 * time.Millisecond, false}, {499 * time.Millisecond, true}, {0, true}} {
		now = deadline.Add(-tc.left)
		if got := stop(); got != tc.want {
			t.Errorf("%v left of 5s: stop = %v, want %v", tc.left, got, tc.want)
		}
	}
	cancel()
	now = deadline.Add(-time.Hour)
	if !stop() {
		t.Error("a cancelled context stops the walk")
	}
}

// The walk stops when stop says so and keeps what it saw.
func TestLongPaths_WalkKeepsWhatItSaw(t *testing.T) {
	w := longPathsTestOS(t, "")
	for i := range 5 {
		w.AddFile(fmt.Sprintf("C:/work/d%d/file.go", i), "package d\n", 0)
	}
	f, _ := facts.New(context.Background(), w, facts.Options{CommandTimeout: checktest.TestCommandTimeout})
	pass := check.NewPass(context.Background(), LongPaths, f, func(check.Finding) {})
	calls := 0
	s := longPathsMeasure(pass, func() bool { calls++; return calls > 3 })
	if s.complete || !strings.Contains(s.stopped, "stopped early") || s.entries == 0 || s.longest == "" {
		t.Errorf("scan %+v: want an incomplete walk that kept its entries", s)
	}
}

// MAX_PATH counts UTF-16 code units: a non-ASCII user name does not make
// a path longer than it is.
func TestLongPaths_LengthInUTF16(t *testing.T) {
	for p, want := range map[string]int{`C:\Users\Zoë`: 12, `C:\a`: 4, "C:\\\U0001F600": 5} {
		if got := longPathsLen(p); got != want {
			t.Errorf("longPathsLen(%q) = %d, want %d", p, got, want)
		}
	}
	w := longPathsTestOS(t, "true")
	w.SetRegInt(longPathsKey, "LongPathsEnabled", 0)
	// 259 UTF-16 code units, 292 bytes: under the limit.
	name := strings.Repeat("ü", 259-len("C:/work/"))
	w.AddFile("C:/work/"+name, "", 0)
	r := checktest.Run(t, LongPaths, w, facts.Options{})
	checktest.Only(t, r, check.Info, "259 characters")
}
