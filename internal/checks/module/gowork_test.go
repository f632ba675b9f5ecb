package module

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// goworkTestFake: /work/ws/go.work lists ./a; modules a and b exist.
func goworkTestFake(t *testing.T, goversion, gomod string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", goversion, "GOMOD="+gomod, "GOWORK=/work/ws/go.work").
		File("/work/ws/go.work", "go 1.22\n\nuse (\n\t./a\n\t./tools/../c/\n)\n").
		File("/work/ws/a/go.mod", "module a\n").
		File("/work/ws/b/go.mod", "module b\n").
		File("/work/ws/c/go.mod", "module c\n").
		Dir("/work/ws/b/internal/x", "/work/ws/nomod")
}

func TestGoWork_NoWorkspaceIsClean(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/go.mod").
		File("/work/go.mod", "module m\n")
	checktest.Clean(t, checktest.Run(t, GoWork, fake, facts.Options{}))
}

func TestGoWork_ListedModuleIsClean(t *testing.T) {
	fake := goworkTestFake(t, "go1.26.8", "/work/ws/a/go.mod")
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/a"})
	checktest.Clean(t, r)
	// A use path with .. and a trailing slash is cleaned.
	r = checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/c"})
	checktest.Clean(t, r)
}

func TestGoWork_UnlistedModuleIsError(t *testing.T) {
	fake := goworkTestFake(t, "go1.26.8", "/work/ws/b/go.mod")
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/b"})
	fd := checktest.Only(t, r, check.Error,
		"/work/ws/b is not listed",
		"found by searching up",
		"current directory is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n  \tgo work use .",
		"use: /work/ws/a, /work/ws/c")
	if fd.Fix.Commands[0] != "go work use ." {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGoWork_UnlistedModuleFromSubdirectory(t *testing.T) {
	fake := goworkTestFake(t, "go1.26.8", "/work/ws/b/go.mod")
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/b/internal/x"})
	fd := checktest.Only(t, r, check.Error, "\tgo work use ../..")
	if fd.Fix.Commands[0] != "go work use ../.." {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
	// godx fix runs `go work use .` in the module root, on the same go.work.
	a := fd.Fix.Auto
	if a == nil || a.Dir != "/work/ws/b" || strings.Join(a.Argv, " ") != "go work use ." || strings.Join(a.Env, " ") != "GOWORK=/work/ws/go.work GOTOOLCHAIN=local" {
		t.Errorf("auto = %+v", a)
	}
}

func TestGoWork_MessageFollowsGoVersion(t *testing.T) {
	for _, tc := range []struct{ version, want string }{
		{"go1.18.10", "directory . outside modules listed in go.work or their selected dependencies"},
		{"go1.19.13", "directory . is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using go work use ."},
		{"go1.20.14", "current directory is contained in a module that is not one of the workspace modules listed in go.work."},
	} {
		fake := goworkTestFake(t, tc.version, "/work/ws/b/go.mod")
		r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/b"})
		checktest.Only(t, r, check.Error, tc.want)
	}
}

func TestGoWork_WorkspaceRootIsClean(t *testing.T) {
	fake := goworkTestFake(t, "go1.26.8", facts.DevNullFor("linux"))
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws"})
	checktest.Clean(t, r)
}

func TestGoWork_DirectoryInNoModuleIsInfo(t *testing.T) {
	fake := goworkTestFake(t, "go1.26.8", facts.DevNullFor("linux"))
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/ws/nomod"})
	checktest.Only(t, r, check.Info, "current directory outside modules listed in go.work or their selected dependencies")
}

func TestGoWork_InHomeIsWarning(t *testing.T) {
	fake := testMachine(t, "GOMOD=/home/u/src/p/go.mod", "GOWORK=/home/u/go.work").
		File("/home/u/go.work", "go 1.22\n\nuse ./src/p\n").
		File("/home/u/src/p/go.mod", "module p\n")
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/home/u/src/p"})
	checktest.Only(t, r, check.Warning, "home directory", "GOWORK=off go build ./...")
}

func TestGoWork_InHomeAndNotListedGivesBoth(t *testing.T) {
	fake := testMachine(t, "GOMOD=/home/u/src/q/go.mod", "GOWORK=/home/u/go.work").
		File("/home/u/go.work", "go 1.22\n\nuse ./src/p\n").
		File("/home/u/src/p/go.mod", "module p\n").
		File("/home/u/src/q/go.mod", "module q\n")
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/home/u/src/q"})
	if len(r.Findings) != 2 || r.Worst() != check.Error {
		t.Fatalf("want a warning and an error, got %+v", r.Findings)
	}
}

func TestGoWork_AboveRepositoryIsWarning(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/src/repo/go.mod", "GOWORK=/work/src/go.work").
		File("/work/src/go.work", "go 1.22\n\nuse ./repo\n").
		File("/work/src/repo/go.mod", "module repo\n").
		File("/work/src/repo/.git/HEAD", "ref: refs/heads/main\n")
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/src/repo"})
	checktest.Only(t, r, check.Warning, "outside the Git repository (/work/src/repo)", "repository root: /work/src/repo")

	// A worktree has a .git file, not a directory.
	fake = testMachine(t, "GOMOD=/work/src/repo/go.mod", "GOWORK=/work/src/go.work").
		File("/work/src/go.work", "go 1.22\n\nuse ./repo\n").
		File("/work/src/repo/go.mod", "module repo\n").
		File("/work/src/repo/.git", "gitdir: /elsewhere\n")
	r = checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/src/repo"})
	checktest.Only(t, r, check.Warning, "outside the Git repository")
}

func TestGoWork_InsideRepositoryIsClean(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/repo/a/go.mod", "GOWORK=/work/repo/go.work").
		File("/work/repo/.git/HEAD", "ref: refs/heads/main\n").
		File("/work/repo/go.work", "go 1.22\n\nuse ./a\n").
		File("/work/repo/a/go.mod", "module a\n")
	checktest.Clean(t, checktest.Run(t, GoWork, fake, facts.Options{Dir: "/work/repo/a"}))
}

func TestGoWork_ExplicitGOWORKIsNotASurprise(t *testing.T) {
	fake := testMachine(t, "GOMOD=/home/u/src/p/go.mod").
		Export("GOWORK=/home/u/go.work").
		File("/home/u/go.work", "go 1.22\n\nuse ./src/p\n").
		File("/home/u/src/p/go.mod", "module p\n")
	r := checktest.Run(t, GoWork, fake, facts.Options{Dir: "/home/u/src/p"})
	checktest.Clean(t, r)
	if !strings.Contains(r.Evidence[0].Value, "environment") {
		t.Errorf("evidence does not say where GOWORK came from: %+v", r.Evidence)
	}
}

func TestGoWork_MissingFileIsError(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/go.mod").
		Export("GOWORK=/nowhere/go.work").
		File("/work/go.mod", "module m\n")
	r := checktest.Run(t, GoWork, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "GOWORK (environment variable) names /nowhere/go.work", "go: reading go.work: open /nowhere/go.work: no such file or directory", "unset GOWORK")
}

func TestGoWork_RelativeGOWORKIsError(t *testing.T) {
	fake := testMachine(t).
		Export("GOWORK=go.work").
		Command("/usr/local/go/bin/go", factstest.Failure(1, "go: invalid GOWORK: not an absolute path\n"))
	r := checktest.Run(t, GoWork, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "not an absolute path", "GOWORK (environment variable): go.work", "unset GOWORK")
}

func TestGoWork_OffIsClean(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/go.mod").
		Export("GOWORK=off").
		File("/work/go.mod", "module m\n")
	r := checktest.Run(t, GoWork, fake, facts.Options{})
	checktest.Clean(t, r)
}

func TestGoWork_RealGo(t *testing.T) {
	dir := testRealGo(t)
	ws := filepath.Join(dir, "ws")
	testWrite(t, filepath.Join(ws, "go.work"), "go 1.26\n\nuse ./a\n")
	testWrite(t, filepath.Join(ws, "a", "go.mod"), "module a\n\ngo 1.26\n")
	testWrite(t, filepath.Join(ws, "b", "go.mod"), "module b\n\ngo 1.26\n")

	checktest.Clean(t, checktest.Run(t, GoWork, facts.System{}, testRealOptions(filepath.Join(ws, "a"))))

	// In a workspace, `go env GOMOD` names the module found by searching
	// up even when go.work does not list it.
	r := checktest.Run(t, GoWork, facts.System{}, testRealOptions(filepath.Join(ws, "b")))
	checktest.Only(t, r, check.Error, "You can add the module to the workspace using:\n  \tgo work use .")

	t.Setenv("GOWORK", "relative/go.work")
	r = checktest.Run(t, GoWork, facts.System{}, testRealOptions(filepath.Join(ws, "a")))
	checktest.Only(t, r, check.Error, "go: invalid GOWORK: not an absolute path")

	missing := filepath.Join(dir, "nowhere", "go.work")
	t.Setenv("GOWORK", missing)
	r = checktest.Run(t, GoWork, facts.System{}, testRealOptions(filepath.Join(ws, "a")))
	// Like cmd/go, the path is shortened relative to the current directory.
	checktest.Only(t, r, check.Error, "go: reading go.work: open "+filepath.FromSlash("../../nowhere/go.work")+": no such file or directory")
}

// The go command loads every module go.work lists before anything else
// (issue 12, items 4 and 5).
func TestGoWork_ListedModuleProblems(t *testing.T) {
	ws := func(work string) *factstest.Machine {
		return factstest.NewMachine(t).Linux().Path("/usr/local/go/bin").
			Go("/usr/local/go", "go1.26.8", "GOMOD=/home/u/work/m/go.mod", "GOWORK=/home/u/work/go.work").
			File("/home/u/work/go.work", work).
			File("/home/u/work/m/go.mod", "module m\n\ngo 1.26\n")
	}
	r := checktest.Run(t, GoWork, ws("go 1.22\n\nuse ./m\n"), facts.Options{Dir: "/home/u/work/m"})
	checktest.Only(t, r, check.Error, "go: module . listed in go.work file requires go >= 1.26, but go.work lists go 1.22; to update it:\n  \tgo work use")
	r = checktest.Run(t, GoWork, ws("use ./m\n"), facts.Options{Dir: "/home/u/work/m"})
	checktest.Only(t, r, check.Error, "go: module . listed in go.work file requires go >= 1.26, but go.work implicitly requires go 1.18; to update it:")
	// Before Go 1.21 the go line was no minimum.
	o := ws("go 1.18\n\nuse ./m\n").File("/home/u/work/m/go.mod", "module m\n\ngo 1.20\n")
	checktest.Clean(t, checktest.Run(t, GoWork, o, facts.Options{Dir: "/home/u/work/m"}))
	// A listed directory without go.mod: reported once, as an unloadable
	// use directory (the go command's own words come from `go list -m`,
	// which this fake does not answer; testdata/script has the real one).
	o = ws("go 1.26\n\nuse ./m\nuse ./gone\n")
	fd := checktest.Only(t, checktest.Run(t, GoWork, o, facts.Options{Dir: "/home/u/work/m"}), check.Error,
		"uses ./gone, which does not exist: the go command refuses the workspace")
	if fd.Fix.Commands[0] != "go work edit -dropuse=./gone" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}
