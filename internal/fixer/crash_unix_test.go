//go:build unix

package fixer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
)

// The helper modes of the children (see scene_unix_test.go).
func crashHelper() {
	mode, dir := os.Getenv(crashHelperEnv), os.Getenv(crashHelperDir)
	count := armKillHook()
	s := scene{dir}
	switch mode {
	case "apply":
		res, err := Apply(context.Background(), s.plan(), Options{StateDir: s.state(), Command: "godx fix"})
		if err != nil || !res.OK() {
			fmt.Printf("apply: %v %+v\n", err, res)
			os.Exit(3)
		}
	case "undo":
		if _, err := Undo(s.state(), time.Now()); err != nil {
			fmt.Println("undo:", err)
			os.Exit(3)
		}
	case "bom300":
		res, err := Apply(context.Background(), bomPlan(dir), Options{StateDir: filepath.Join(dir, "state"), Command: "godx fix"})
		if err != nil || !res.OK() {
			fmt.Printf("apply: %v %+v\n", err, res)
			os.Exit(3)
		}
	default:
		return
	}
	fmt.Printf("steps=%d\n", count())
	os.Exit(0)
}

// undoAfterCrash is what the user does after a crash: godx fix --undo,
// which must leave every file as it was before the crashed run.
func undoAfterCrash(t *testing.T, s scene, what string) {
	t.Helper()
	_, err := Undo(s.state(), time.Now())
	if err != nil && !errors.Is(err, ErrNothingToUndo) && !strings.Contains(err.Error(), "already undone") {
		t.Fatalf("%s: undo: %v", what, err)
	}
	s.assertOriginal(t)
	noTemps(t, s.dir)
	if t.Failed() {
		t.Fatalf("after %s", what)
	}
}

func TestCrash_KillAtEveryStepOfApply(t *testing.T) {
	if os.Getenv(crashHelperEnv) != "" {
		crashHelper()
	}
	const test = "TestCrash_KillAtEveryStepOfApply"
	total := countSteps(t, test, "apply", newScene(t).dir, "")
	for k := 1; k <= total; k++ {
		what := fmt.Sprintf("a kill -9 before step %d of %d of fix", k, total)
		s := newScene(t)
		killChild(t, test, "apply", s.dir, k, "")
		s.assertOldOrNew(t)
		undoAfterCrash(t, s, what)

		// Or the user runs fix again: it cleans up and finishes the job.
		s = newScene(t)
		killChild(t, test, "apply", s.dir, k, "")
		res := apply(t, s.plan(), s.state(), nil)
		if !res.OK() {
			t.Fatalf("%s: the next run: %+v", what, res)
		}
		s.assertFixed(t)
		noTemps(t, s.dir)
		if t.Failed() {
			t.Fatalf("after %s and another fix", what)
		}
	}
	t.Logf("killed fix before each of its %d steps", total)
}

func TestCrash_KillAtEveryStepOfUndo(t *testing.T) {
	if os.Getenv(crashHelperEnv) != "" {
		crashHelper()
	}
	const test = "TestCrash_KillAtEveryStepOfUndo"
	fixed := func() scene {
		s := newScene(t)
		if res := apply(t, s.plan(), s.state(), nil); !res.OK() {
			t.Fatalf("%+v", res)
		}
		return s
	}
	total := countSteps(t, test, "undo", fixed().dir, "")
	for k := 1; k <= total; k++ {
		s := fixed()
		killChild(t, test, "undo", s.dir, k, "")
		undoAfterCrash(t, s, fmt.Sprintf("a kill -9 before step %d of %d of undo", k, total))
	}
	t.Logf("killed undo before each of its %d steps", total)
}

// A crash, then a crash of the run that cleans up after it, at every step.
func TestCrash_KillAtEveryStepOfTheRecovery(t *testing.T) {
	if os.Getenv(crashHelperEnv) != "" {
		crashHelper()
	}
	const test = "TestCrash_KillAtEveryStepOfTheRecovery"
	for _, at := range []struct {
		name string
		n    int
	}{{"exchange", 2}, {"write", 2}} { // temporary files left; a torn in-place write
		crashed := func() scene {
			s := newScene(t)
			killChild(t, test, "apply", s.dir, at.n, at.name)
			return s
		}
		total := countSteps(t, test, "undo", crashed().dir, "")
		for k := 1; k <= total; k++ {
			s := crashed()
			killChild(t, test, "undo", s.dir, k, "")
			undoAfterCrash(t, s, fmt.Sprintf("fix killed before %s #%d, its undo killed before step %d of %d", at.name, at.n, k, total))
		}
	}
}

// bomPlan strips the BOM of the 300 files of dir.
func bomPlan(dir string) *Plan {
	var props []Proposal
	for i := range 300 {
		props = append(props, proposal("source/bom", check.EditFix(filepath.Join(dir, fmt.Sprintf("f%d.go", i)), stripBOM)))
	}
	return NewPlan(props)
}

// The attack of issue 11: 300 .go files with a BOM, godx killed after N
// of its renames.
func TestCrash_300FilesKilledAfterNRenames(t *testing.T) {
	if os.Getenv(crashHelperEnv) != "" {
		crashHelper()
	}
	const test = "TestCrash_300FilesKilledAfterNRenames"
	orig := func(i int) string { return fmt.Sprintf("\ufeffpackage p // file %d\n", i) }
	setup := func() string {
		dir := t.TempDir()
		for i := range 300 {
			write(t, filepath.Join(dir, fmt.Sprintf("f%d.go", i)), orig(i), 0o644)
		}
		return dir
	}
	fixedCount := func(dir string) int {
		n := 0
		for i := range 300 {
			switch got := read(t, filepath.Join(dir, fmt.Sprintf("f%d.go", i))); got {
			case orig(i)[len("\ufeff"):]:
				n++
			case orig(i):
			default:
				t.Fatalf("f%d.go = %q", i, got)
			}
		}
		return n
	}
	for _, n := range []int{1, 37, 150, 299} {
		dir := setup()
		killChild(t, test, "bom300", dir, n+1, "exchange")
		if got := fixedCount(dir); got != n {
			t.Fatalf("killed after %d renames, %d files are fixed", n, got)
		}
		u, err := Undo(filepath.Join(dir, "state"), time.Now())
		if err != nil {
			t.Fatalf("undo after %d renames: %v", n, err)
		}
		if !u.Interrupted || len(u.Recovered) == 0 {
			t.Errorf("undo does not say the run was interrupted: %+v", u)
		}
		restored := 0
		for _, f := range u.Files {
			if f.Action == "restored" {
				restored++
			}
		}
		if restored != n || len(u.Files) != 300 {
			t.Errorf("undo after %d renames restored %d of %d files", n, restored, len(u.Files))
		}
		if got := fixedCount(dir); got != 0 {
			t.Errorf("after undo, %d files are still fixed", got)
		}
		noTemps(t, dir)
	}
	// The next fix run after a crash removes the temporary files and
	// fixes the rest.
	dir := setup()
	killChild(t, test, "bom300", dir, 151, "exchange")
	res := apply(t, bomPlan(dir), filepath.Join(dir, "state"), nil)
	if !res.OK() || len(res.Applied) != 150 || len(res.Recovered) == 0 {
		t.Fatalf("next run: applied %d, recovered %q", len(res.Applied), res.Recovered)
	}
	if got := fixedCount(dir); got != 300 {
		t.Errorf("%d files fixed", got)
	}
	noTemps(t, dir)
}
