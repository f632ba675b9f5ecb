package checks

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// moduleGoWorkTestFake: /work/ws/go.work lists ./a; modules a and b exist.
func moduleGoWorkTestFake(goversion, gomod string) *factstest.OS {
	fake := factstest.New()
	fake.Setenv("HOME", "/home/u")
	fake.Setenv("PATH", "/usr/local/go/bin")
	fake.AddDir("/home/u")
	fake.AddGo("/usr/local/go", goversion, map[string]string{"GOMOD": gomod, "GOWORK": "/work/ws/go.work"})
	fake.AddFile("/work/ws/go.work", "go 1.22\n\nuse (\n\t./a\n\t./tools/../c/\n)\n", 0)
	fake.AddFile("/work/ws/a/go.mod", "module a\n", 0)
	fake.AddFile("/work/ws/b/go.mod", "module b\n", 0)
	fake.AddFile("/work/ws/c/go.mod", "module c\n", 0)
	fake.AddDir("/work/ws/b/internal/x")
	fake.AddDir("/work/ws/nomod")
	return fake
}

func TestModuleGoWork_NoWorkspaceIsClean(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/go.mod"})
	fake.AddFile("/work/go.mod", "module m\n", 0)
	moduleModeTestClean(t, checktest.Run(t, ModuleGoWork, fake, facts.Options{}))
}

func TestModuleGoWork_ListedModuleIsClean(t *testing.T) {
	fake := moduleGoWorkTestFake("go1.26.8", "/work/ws/a/go.mod")
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/ws/a"})
	moduleModeTestClean(t, r)
	// A use path with .. and a trailing slash is cleaned.
	r = checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/ws/c"})
	moduleModeTestClean(t, r)
}

func TestModuleGoWork_UnlistedModuleIsError(t *testing.T) {
	fake := moduleGoWorkTestFake("go1.26.8", "/work/ws/b/go.mod")
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/ws/b"})
	fd := checktest.Only(t, r, check.Error,
		"/work/ws/b is not listed",
		"found by searching up",
		"current directory is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n  \tgo work use .",
		"use: /work/ws/a, /work/ws/c")
	if fd.Fix.Commands[0] != "go work use ." {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestModuleGoWork_UnlistedModuleFromSubdirectory(t *testing.T) {
	fake := moduleGoWorkTestFake("go1.26.8", "/work/ws/b/go.mod")
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/ws/b/internal/x"})
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

func TestModuleGoWork_MessageFollowsGoVersion(t *testing.T) {
	for _, tc := range []struct{ version, want string }{
		{"go1.18.10", "directory . outside modules listed in go.work or their selected dependencies"},
		{"go1.19.13", "directory . is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using go work use ."},
		{"go1.20.14", "current directory is contained in a module that is not one of the workspace modules listed in go.work."},
	} {
		fake := moduleGoWorkTestFake(tc.version, "/work/ws/b/go.mod")
		r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/ws/b"})
		checktest.Only(t, r, check.Error, tc.want)
	}
}

func TestModuleGoWork_WorkspaceRootIsClean(t *testing.T) {
	fake := moduleGoWorkTestFake("go1.26.8", facts.DevNullFor("linux"))
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/ws"})
	moduleModeTestClean(t, r)
}

func TestModuleGoWork_DirectoryInNoModuleIsInfo(t *testing.T) {
	fake := moduleGoWorkTestFake("go1.26.8", facts.DevNullFor("linux"))
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/ws/nomod"})
	checktest.Only(t, r, check.Info, "current directory outside modules listed in go.work or their selected dependencies")
}

func TestModuleGoWork_InHomeIsWarning(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/home/u/src/p/go.mod", "GOWORK": "/home/u/go.work"})
	fake.AddFile("/home/u/go.work", "go 1.22\n\nuse ./src/p\n", 0)
	fake.AddFile("/home/u/src/p/go.mod", "module p\n", 0)
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/home/u/src/p"})
	checktest.Only(t, r, check.Warning, "home directory", "GOWORK=off go build ./...")
}

func TestModuleGoWork_InHomeAndNotListedGivesBoth(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/home/u/src/q/go.mod", "GOWORK": "/home/u/go.work"})
	fake.AddFile("/home/u/go.work", "go 1.22\n\nuse ./src/p\n", 0)
	fake.AddFile("/home/u/src/q/go.mod", "module q\n", 0)
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/home/u/src/q"})
	if len(r.Findings) != 2 || r.Worst() != check.Error {
		t.Fatalf("want a warning and an error, got %+v", r.Findings)
	}
}

func TestModuleGoWork_AboveRepositoryIsWarning(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/src/repo/go.mod", "GOWORK": "/work/src/go.work"})
	fake.AddFile("/work/src/go.work", "go 1.22\n\nuse ./repo\n", 0)
	fake.AddFile("/work/src/repo/go.mod", "module repo\n", 0)
	fake.AddFile("/work/src/repo/.git/HEAD", "ref: refs/heads/main\n", 0)
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/src/repo"})
	checktest.Only(t, r, check.Warning, "outside the Git repository (/work/src/repo)", "repository root: /work/src/repo")

	// A worktree has a .git file, not a directory.
	fake = moduleModeTestFake(map[string]string{"GOMOD": "/work/src/repo/go.mod", "GOWORK": "/work/src/go.work"})
	fake.AddFile("/work/src/go.work", "go 1.22\n\nuse ./repo\n", 0)
	fake.AddFile("/work/src/repo/go.mod", "module repo\n", 0)
	fake.AddFile("/work/src/repo/.git", "gitdir: /elsewhere\n", 0)
	r = checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/src/repo"})
	checktest.Only(t, r, check.Warning, "outside the Git repository")
}

func TestModuleGoWork_InsideRepositoryIsClean(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/repo/a/go.mod", "GOWORK": "/work/repo/go.work"})
	fake.AddFile("/work/repo/.git/HEAD", "ref: refs/heads/main\n", 0)
	fake.AddFile("/work/repo/go.work", "go 1.22\n\nuse ./a\n", 0)
	fake.AddFile("/work/repo/a/go.mod", "module a\n", 0)
	moduleModeTestClean(t, checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/work/repo/a"}))
}

func TestModuleGoWork_ExplicitGOWORKIsNotASurprise(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/home/u/src/p/go.mod"})
	fake.Setenv("GOWORK", "/home/u/go.work")
	fake.AddFile("/home/u/go.work", "go 1.22\n\nuse ./src/p\n", 0)
	fake.AddFile("/home/u/src/p/go.mod", "module p\n", 0)
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{Dir: "/home/u/src/p"})
	moduleModeTestClean(t, r)
	if !strings.Contains(r.Evidence[0].Value, "environment") {
		t.Errorf("evidence does not say where GOWORK came from: %+v", r.Evidence)
	}
}

func TestModuleGoWork_MissingFileIsError(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/go.mod"})
	fake.Setenv("GOWORK", "/nowhere/go.work")
	fake.AddFile("/work/go.mod", "module m\n", 0)
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "GOWORK (environment variable) names /nowhere/go.work", "go: reading go.work: open /nowhere/go.work: no such file or directory", "unset GOWORK")
}

func TestModuleGoWork_RelativeGOWORKIsError(t *testing.T) {
	fake := moduleModeTestFake(nil)
	fake.Setenv("GOWORK", "go.work")
	fake.AddCommand("/usr/local/go/bin/go", func(ctx context.Context, c facts.Command) facts.Result {
		return factstest.Failure(1, "go: invalid GOWORK: not an absolute path\n")
	})
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "not an absolute path", "GOWORK (environment variable): go.work", "unset GOWORK")
}

func TestModuleGoWork_OffIsClean(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/go.mod"})
	fake.Setenv("GOWORK", "off")
	fake.AddFile("/work/go.mod", "module m\n", 0)
	r := checktest.Run(t, ModuleGoWork, fake, facts.Options{})
	moduleModeTestClean(t, r)
}

func TestModuleGoWork_RealGo(t *testing.T) {
	dir := moduleModeTestReal(t)
	ws := filepath.Join(dir, "ws")
	moduleModeTestWrite(t, filepath.Join(ws, "go.work"), "go 1.26\n\nuse ./a\n")
	moduleModeTestWrite(t, filepath.Join(ws, "a", "go.mod"), "module a\n\ngo 1.26\n")
	moduleModeTestWrite(t, filepath.Join(ws, "b", "go.mod"), "module b\n\ngo 1.26\n")

	moduleModeTestClean(t, checktest.Run(t, ModuleGoWork, facts.System{}, facts.Options{Dir: filepath.Join(ws, "a")}))

	// In a workspace, `go env GOMOD` names the module found by searching
	// up even when go.work does not list it.
	r := checktest.Run(t, ModuleGoWork, facts.System{}, facts.Options{Dir: filepath.Join(ws, "b")})
	checktest.Only(t, r, check.Error, "You can add the module to the workspace using:\n  \tgo work use .")

	t.Setenv("GOWORK", "relative/go.work")
	r = checktest.Run(t, ModuleGoWork, facts.System{}, facts.Options{Dir: filepath.Join(ws, "a")})
	checktest.Only(t, r, check.Error, "go: invalid GOWORK: not an absolute path")

	missing := filepath.Join(dir, "nowhere", "go.work")
	t.Setenv("GOWORK", missing)
	r = checktest.Run(t, ModuleGoWork, facts.System{}, facts.Options{Dir: filepath.Join(ws, "a")})
	// Like cmd/go, the path is shortened relative to the current directory.
	checktest.Only(t, r, check.Error, "go: reading go.work: open ../../nowhere/go.work: no such file or directory")
}
