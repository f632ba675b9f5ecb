package module

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gitconfig"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// GoWork checks the go.work file in effect against the module the
// project directory belongs to.
var GoWork = &check.Check{
	ID:    "module/gowork",
	Title: "Workspace (go.work)",
	Doc: check.Doc{
		What: "Reads `go env GOWORK` (the go.work file in effect, found by searching up from the project directory unless GOWORK names one) and where GOWORK is set, " +
			"finds the module the project directory belongs to by searching up for go.mod, and compares it with the go.work `use` lines.",
		Why: "A go.work switches the go command into workspace mode: only the modules it lists can be built. " +
			"A go.work left in a parent directory (your home, or above the repository) silently changes which code every build uses and breaks builds of modules it does not list, " +
			"and a GOWORK variable that is not an absolute path breaks every go command.",
		How: "Error when GOWORK is not an absolute path or names a missing file, and when the project's module is not listed in the go.work in effect (the error quoted matches the go version on PATH: 1.18, 1.19, or 1.20 and later). " +
			"Error for each listed directory without a go.mod, and each listed module whose go line (from Go 1.21) is newer than the go.work's (no go line there means go 1.18) or than the toolchain that runs: the go command loads every listed module first and prints one such error per module. " +
			"Warning when a go.work found by searching sits in your home directory or above the root of the project's Git repository. " +
			"Info when the project directory belongs to no module of the workspace (the go.work directory itself is fine). Paths in `use` lines are resolved relative to the go.work directory. " +
			"Error for each `use` directory whose go.mod the go command cannot read (the directory is missing, has no go.mod, or is `/`): the go command then refuses the whole workspace. godx runs `go list -m` once in that case and quotes the lines it prints about each go.mod; when it loads the workspace after all, nothing is reported.",
		Fix: "Add the module to the workspace with `go work use <dir>`, or test without the workspace with `GOWORK=off go build ./...`; delete or move a go.work that should not apply; set GOWORK to an absolute path, `off`, or leave it unset. `godx fix` runs `go work use .` in a module the go.work in effect does not list. " +
			"Drop a `use` entry the go command cannot load with `go work edit -dropuse=<path as written>` (or create the module there).",
		Errors: []string{
			"current directory is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use .",
			"directory . is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using go work use .",
			"directory . outside modules listed in go.work or their selected dependencies",
			"current directory outside modules listed in go.work or their selected dependencies",
			"go: invalid GOWORK: not an absolute path",
			"go: reading go.work: open /x/go.work: no such file or directory",
			"go: cannot load module ../m listed in go.work file: open ../m/go.mod: no such file or directory",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runGoWork,
}

func runGoWork(pass *check.Pass) error {
	f := pass.Facts
	// A relative GOWORK stops every go command in module mode, whatever
	// else `go env` trips over first (with switching on, it comes before
	// everything).
	if def, ok := f.ExplicitGoSetting("GOWORK"); ok && def.Value != "off" && def.Value != "auto" && !f.IsAbs(def.Value) {
		if g111, _ := f.ExplicitGoSetting("GO111MODULE"); g111.Value != "off" {
			goworkReportRelative(pass, def)
			return nil
		}
	}
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("`go env` did not work (see go/installed)")
	}
	settings, err := f.Settings()
	if err != nil {
		return check.Skip("`go env` did not work (see go/installed)")
	}
	gowork := ge.Get("GOWORK")
	setting := settings.Get("GOWORK")
	src := setting.Label()
	if setting == nil || setting.Source == facts.FromDefault {
		src = "found by searching up from " + f.Dir
	}
	if ge.Get("GOMOD") == "" {
		return check.Skip("GOPATH mode: workspaces need module mode (see module/mode)")
	}
	switch gowork {
	case "":
		pass.Observe("no go.work in effect")
		return nil
	case "off":
		pass.Observe("workspace mode is off (GOWORK=off, "+src+")", check.F("GOWORK", "off ("+src+")"))
		return nil
	}
	w, err := f.Workspace()
	if err != nil || w == nil {
		return check.Skip("cannot read the workspace")
	}
	ev := check.Evidence{
		check.F("GOWORK", gowork+" ("+src+")"),
		check.F("project directory", f.Dir),
	}
	if w.Err != nil && facts.IsNotExist(w.Err) {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOWORK (%s) names %s, which does not exist.", src, gowork),
			Detail:   "Every module-aware go command fails:\n  go: reading go.work: open " + gotoolchain.ShortPath(f, gowork) + ": no such file or directory",
			Evidence: ev,
			Fix:      settingfix.Unset(f.GOOS(), setting, "Unset GOWORK (or point it at an existing go.work file, or set it to off to disable workspaces)."),
		})
		return nil
	}
	wsDir := f.ParentDir(gowork)
	modRoot := ""
	if gm := findUp(f, f.Dir, "go.mod"); gm != "" {
		modRoot = f.ParentDir(gm)
		ev = append(ev, check.F("module root", modRoot))
	}

	// Where the go.work sits: only a file found by searching is a surprise.
	if setting == nil || setting.Source == facts.FromDefault {
		home := f.UserHomeDir()
		start := f.Dir
		if modRoot != "" {
			start = modRoot
		}
		if home != "" && f.SamePath(wsDir, home) {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("A go.work in your home directory (%s) applies to every Go project under your home.", gowork),
				Detail: "The go command searches up from the current directory for go.work, so this file silently puts every project below your home in workspace mode: " +
					"modules it lists replace the versions in your go.mod files, and projects it does not list fail to build with\n  " + goworkNotListedMsg(ge.Get("GOVERSION"), ".", "."),
				Evidence: ev,
				Fix: &check.Fix{
					Description: "Check a build without the workspace, then move the go.work into the directory of the modules it is meant for (or delete it).",
					Commands:    []string{settingfix.WithEnv(f.GOOS(), "GOWORK", "off", "go build ./..."), moveAsideCmd(f, gowork)},
				},
			})
		} else if repo := goworkRepoRoot(f, start); repo != "" && !f.SamePath(wsDir, repo) && f.PathWithin(repo, wsDir) {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("The go.work in effect (%s) is outside the Git repository (%s).", gowork, repo),
				Detail: "The go command found it by searching up from the project directory. It is not part of the repository, so your builds differ from a fresh clone's and from CI: " +
					"modules it lists replace the versions your go.mod requires, and modules it does not list fail to build.",
				Evidence: append(append(check.Evidence(nil), ev...), check.F("repository root", repo)),
				Fix: &check.Fix{
					Description: "Check a build without the workspace (GOWORK=off), then move the go.work away if it is not meant for this repository.",
					Commands:    []string{settingfix.WithEnv(f.GOOS(), "GOWORK", "off", "go build ./..."), moveAsideCmd(f, gowork)},
				},
			})
		}
	}

	if w.Err != nil || w.Work == nil {
		// Syntax and permission problems are module/gomod's findings.
		pass.Observe("go.work "+gowork+" could not be read (see module/gomod)", ev...)
		return nil
	}
	var uses, loadable []string
	var unloadable []facts.WorkUse
	listed := false
	for _, u := range f.WorkUses(gowork, w.Work) {
		uses = append(uses, u.Dir)
		if modRoot != "" && f.SamePath(u.Dir, modRoot) {
			listed = true
		}
		if u.Err != nil {
			unloadable = append(unloadable, u)
		} else {
			loadable = append(loadable, u.Dir)
		}
	}
	ev = append(ev, check.F("use", strings.Join(uses, ", ")))
	// A use directory without a readable go.mod is reported once, in the
	// go command's own words; the go lines of the others are compared.
	goworkReportUnloadable(pass, gowork, unloadable, ev)
	gv := ge.Get("GOVERSION")
	loadErrs := len(unloadable) + goworkModuleProblems(pass, w, loadable, ev)
	switch {
	case modRoot == "" && loadErrs > 0:
		// Loading the workspace fails first; no package is looked at.
	case modRoot == "":
		if f.SamePath(f.Dir, wsDir) {
			pass.Observe(fmt.Sprintf("workspace root %s (%s)", gowork, english.Count(len(uses), "module", "modules")), ev...)
			return nil
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s belongs to no module of the workspace %s.", f.Dir, gowork),
			Detail: "Package commands run here fail with\n  " + goworkOutsideMsg(gv) +
				"\nand `go build ./...` with\n  pattern ./...: directory prefix . does not contain modules listed in go.work or their selected dependencies",
			Evidence: ev,
			Fix: &check.Fix{
				Description: "Run go commands inside one of the workspace modules, or create a module here and add it to the workspace.",
				Commands:    []string{"go mod init example.com/yourmodule", "go work use ."},
			},
		})
	case !listed:
		rel := gotoolchain.ShortPath(f, modRoot)
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The module at %s is not listed in the go.work in effect (%s, %s).", modRoot, gowork, src),
			Detail: "In workspace mode the go command builds only the modules go.work lists, so builds and tests of this module fail with\n  " +
				strings.ReplaceAll(goworkNotListedMsg(gv, ".", rel), "\n", "\n  "),
			Evidence: ev,
			Fix:      goworkUseFix(f.GOOS(), gowork, modRoot, rel),
		})
	default:
		pass.Observe(fmt.Sprintf("workspace %s lists this module (%s)", gowork, english.Count(len(uses), "module", "modules")), ev...)
	}
	return nil
}

// goworkReportUnloadable reports each use directory whose go.mod the go
// command cannot read: it refuses the whole workspace then (`go env`
// still works, builds, tests and `go list` do not). The go command's own
// words are quoted: godx runs `go list -m` once and keeps the lines that
// name each go.mod. Should the go command load the workspace after all,
// nothing is reported.
func goworkReportUnloadable(pass *check.Pass, gowork string, unloadable []facts.WorkUse, ev check.Evidence) {
	if len(unloadable) == 0 {
		return
	}
	f := pass.Facts
	var goErr []string
	if ge, err := f.GoEnv(); err == nil {
		res := f.Run(pass.Context, facts.Command{Path: ge.Go.Path, Args: []string{"list", "-m"}, Dir: f.Dir,
			Env: append(f.Environ(), "GOTOOLCHAIN=local")})
		if res.Err == nil {
			return // it loads them after all (the files changed meanwhile)
		}
		goErr = strings.Split(strings.TrimSpace(string(res.Stderr)), "\n")
	}
	for _, u := range unloadable {
		gomod := f.JoinPath(u.Dir, "go.mod")
		what := "whose go.mod cannot be read (" + u.Err.Error() + ")"
		if st, err := f.OS.Stat(u.Dir); err != nil {
			what = "which does not exist"
		} else if !st.IsDir() {
			what = "which is not a directory"
		} else if facts.IsNotExist(u.Err) {
			what = "which has no go.mod"
		}
		where := gowork
		if u.Line > 0 {
			where = fmt.Sprintf("%s:%d", gowork, u.Line)
		}
		detail := "The go command cannot load a workspace module without a readable go.mod, so builds, tests and `go list` fail everywhere in the workspace. godx did not scan it for source problems."
		if said := goworkLinesNaming(f, goErr, gomod); said != "" {
			detail = "Builds, tests and `go list` fail everywhere in the workspace; the go command stops with\n  " +
				strings.ReplaceAll(said, "\n", "\n  ") + "\ngodx did not scan it for source problems."
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s uses %s, %s: the go command refuses the workspace.", where, u.Path, what),
			Detail:   detail,
			Evidence: append(check.Evidence{check.F("use", u.Path+" ("+u.Dir+")"), check.F("go.mod", u.Err.Error())}, ev...),
			Fix: &check.Fix{
				Description: fmt.Sprintf("Remove the entry from go.work, or create the module in %s (`go mod init`) if it belongs to the workspace.", u.Dir),
				Commands:    []string{shellquote.Join(shellquote.ForGOOS(f.GOOS()), "go", "work", "edit", "-dropuse="+u.Path)},
			},
		})
	}
}

// goworkLinesNaming keeps the lines of the go command's error output that
// name the file gomod as the go command prints paths: relative to the
// current directory when shorter, else absolute (" PATH:" as in
// "open ../m/go.mod: no such file or directory").
func goworkLinesNaming(f *facts.Facts, lines []string, gomod string) string {
	forms := []string{" " + gomod + ":", " " + gotoolchain.ShortPath(f, gomod) + ":"}
	var out []string
	for _, l := range lines {
		for _, form := range forms {
			if strings.Contains(l, form) {
				out = append(out, l)
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

// goworkUseFix adds the module to the workspace; `godx fix` runs
// `go work use .` in the module's root, with GOWORK naming the go.work
// the doctor examined (however it was found).
func goworkUseFix(goos, gowork, modRoot, rel string) *check.Fix {
	auto := check.CommandFix(modRoot, "go", "work", "use", ".")
	auto.Env = []string{"GOWORK=" + gowork, "GOTOOLCHAIN=local"}
	return &check.Fix{
		Description: "Add the module to the workspace, or build without the workspace (GOWORK=off) if this go.work is not meant for it.",
		Commands:    []string{shellquote.Join(shellquote.ForGOOS(goos), "go", "work", "use", rel), settingfix.WithEnv(goos, "GOWORK", "off", "go build ./...")},
		Auto:        auto,
	}
}

// goworkNotListedMsg is the error for a directory inside a module the
// workspace does not list, as the go command of that version prints it.
func goworkNotListedMsg(goversion, dir, modRel string) string {
	switch goworkEra(goversion) {
	case 18:
		return "directory " + dir + " outside modules listed in go.work or their selected dependencies"
	case 19:
		return "directory " + dir + " is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using go work use " + modRel
	}
	return "current directory is contained in a module that is not one of the workspace modules listed in go.work. You can add the module to the workspace using:\n\tgo work use " + modRel
}

// goworkOutsideMsg is the error for a directory in no module.
func goworkOutsideMsg(goVersion string) string {
	if goworkEra(goVersion) < 20 {
		return "directory . outside modules listed in go.work or their selected dependencies"
	}
	return "current directory outside modules listed in go.work or their selected dependencies"
}

// goworkEra is 18, 19 or 20 (1.20 and later, and unknown versions).
func goworkEra(goVersion string) int {
	if !goversion.IsValid(goVersion) {
		return 20
	}
	switch goversion.Lang(goVersion) {
	case "go1.18":
		return 18
	case "go1.19":
		return 19
	}
	return 20
}

func goworkReportRelative(pass *check.Pass, def facts.Definition) {
	f := pass.Facts
	// godx's go env runs with GOTOOLCHAIN=local; when GOTOOLCHAIN lets the
	// go command switch, it reads go.work while choosing the toolchain and
	// says "go: " twice.
	line := "go: invalid GOWORK: not an absolute path"
	if goworkMaySwitch(f) {
		line = "go: " + line
	}
	st := &facts.Setting{Name: "GOWORK", Value: def.Value, Definition: def}
	ev := check.Evidence{check.F("GOWORK ("+st.Label()+")", def.Value)}
	fix := settingfix.Unset(f.GOOS(), st, "Unset GOWORK, or set it to the absolute path of a go.work file, or to off.")
	if def.Source != facts.FromEnvironment {
		fix = &check.Fix{
			Description: "GOWORK cannot be set with `go env -w`; it was written into the go env file by hand. Remove the GOWORK= line from the file `go env GOENV` names.",
		}
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GOWORK (from %s) is not an absolute path, so every go command fails.", st.Where()),
		Detail:   "GOWORK must be empty, auto, off, or an absolute path to a go.work file. Any other value stops the go command, including `go env`:\n  " + line,
		Evidence: ev,
		Fix:      fix,
	})
}

// goworkMaySwitch reports whether GOTOOLCHAIN (environment, go env -w
// file, else the go command's own $GOROOT/go.env) is auto, path or
// <name>+auto/+path: the go command then looks for go.work before
// anything else.
func goworkMaySwitch(f *facts.Facts) bool {
	v := ""
	if def, ok := f.ExplicitGoSetting("GOTOOLCHAIN"); ok {
		v = def.Value
	} else if g, err := f.GoCommand(); err == nil {
		if data, err := f.ReadFile(f.JoinPath(f.ParentDir(f.ParentDir(g.Resolved)), "go.env")); err == nil {
			v = facts.ParseEnvFile(data)["GOTOOLCHAIN"]
		}
	}
	return v == "auto" || v == "path" || strings.HasSuffix(v, "+auto") || strings.HasSuffix(v, "+path")
}

// goworkRepoRoot is the top of the Git working tree at or above dir: the
// nearest directory holding a .git directory or file (a worktree or
// submodule has a .git file; one git cannot follow still marks the
// top), or "".
func goworkRepoRoot(f *facts.Facts, dir string) string {
	repo, _ := gitconfig.FindRepo(f, dir)
	return repo.Worktree
}
