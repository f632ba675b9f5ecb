package ctxcheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/contexts"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/vscodego"
)

// Running compares each running editor, gopls and dlv of the user with
// the shell: the go it resolves and its Go settings.
var Running = &check.Check{
	ID:    "context/running",
	Title: "Running editors, gopls and dlv",
	Doc: check.Doc{
		What: "Finds the user's running editors (VS Code and its extension host, GoLand/IntelliJ, Neovim, Vim, Zed, Cursor) and their gopls and dlv processes, " +
			"reads the environment each one was started with (Linux /proc/PID/environ, macOS KERN_PROCARGS2, Windows the process's PEB), and resolves in the project directory which go it runs, its version, GOROOT and Go settings.",
		Why: "A program keeps the environment it was started with: an editor started from the Dock, the Start menu or before a profile edit runs another go, GOROOT or GOFLAGS than the terminal, " +
			"so gopls reports errors the terminal's go build does not (or misses them), and the debugger builds with another Go. " +
			"This is the \"works in my terminal but not in VS Code\" problem.",
		How: "Each process's environment is compared with godx's own (`godx diff` shows the same): the go command (path and version), GOROOT, GOPATH, GOBIN, GOFLAGS, GOTOOLCHAIN, GOWORK, GO111MODULE, GOPROXY, GOPRIVATE, GONOSUMDB, CGO_ENABLED, CC, " +
			"and the PATH directory that holds go, gopls, dlv or a C compiler. " +
			"For VS Code's (and Cursor's) processes, what the Go extension's settings set on purpose (go.toolsEnvVars, gopls build.env, go.goroot, go.alternateTools) is not counted: editor/vscode judges those settings. A process started with another HOME, or none (a sandbox, a test, a container sharing your user id), is not compared. Each difference is a warning naming the process and its pid. A process godx may not read is noted with the reason, never guessed. " +
			"Only Go settings and PATH are shown; nothing read from another process is written anywhere.",
		Fix: "Restart the program from a new terminal (or sign out and in again on Windows, where programs started from the Start menu keep the environment of the sign-in); " +
			"or make the editor choose the same Go on its own: go.goroot in VS Code, Settings > Go > GOROOT in GoLand.",
	},
	Run: runRunning,
}

func runRunning(pass *check.Pass) error {
	f := pass.Facts
	if f.Processes() == nil {
		return check.Skip("godx cannot list processes on %s", f.GOOS())
	}
	g := contexts.NewGatherer(f, true)
	procs, err := contexts.Discover(f.Processes(), g.Self)
	if err != nil {
		return check.Skip("listing processes: %v", err)
	}
	var readable []contexts.Context
	var unreadable []string
	home, homeVar := f.UserHomeDir(), "HOME"
	if f.GOOS() == "windows" {
		homeVar = "USERPROFILE"
	}
	others := 0
	for _, c := range procs {
		if v, _ := contexts.Lookup(c.Env, homeVar, f.GOOS() == "windows"); c.Err == nil && home != "" && f.CleanPath(v) != f.CleanPath(home) {
			// Started with another home directory, or none (a sandbox, a
			// test, a container sharing the user id, a service): not the
			// user's editor; an editor always has its user's home.
			others++
			continue
		}
		if c.Err != nil {
			unreadable = append(unreadable, fmt.Sprintf("%s: %v", c.Name, c.Err))
			continue
		}
		// Compared in the project directory, as if the program had the
		// project open: a gopls of another folder is not wrong for having
		// another go.work.
		c.Dir = ""
		readable = append(readable, c)
	}
	if len(readable) == 0 {
		summary := "No editor, gopls or dlv of yours is running."
		if others > 0 {
			summary = fmt.Sprintf("No editor, gopls or dlv with your home directory is running (%s with another HOME not compared).", english.Count(others, "process", "processes"))
		}
		if len(unreadable) > 0 {
			summary = fmt.Sprintf("%s running, but godx may not read %s.", english.Count(len(unreadable), "editor or tool is", "editors or tools are"), english.Plural(len(unreadable), "it", "them"))
		}
		pass.Observe(summary, unreadableEvidence(unreadable)...)
		return nil
	}
	r := &contexts.Resolver{OS: f.OS, Dir: f.Dir, CommandTimeout: f.CommandTimeout()}
	shellCtx := g.Shell()
	shell := r.One(pass.Context, &shellCtx)
	if shell.Error != "" || shell.GoErr != "" && shell.Go == "" {
		return check.Skip("the shell has no go command to compare with")
	}
	res := r.Resolve(pass.Context, readable)
	explained := vscodeExplained(f)
	same := 0
	for _, rc := range res {
		ds := contexts.Diff(shell, rc, f.GOOS())
		if strings.HasPrefix(rc.Program, "VS Code") || strings.HasPrefix(rc.Owner, "VS Code") || strings.HasPrefix(rc.Program, "Cursor") || strings.HasPrefix(rc.Owner, "Cursor") {
			// What the Go extension's settings set on purpose is not a
			// stale environment (editor/vscode judges those settings).
			ds = slices.DeleteFunc(ds, func(d contexts.Difference) bool { return explained[d.Setting] })
		}
		if len(ds) == 0 {
			same++
			continue
		}
		pass.Report(finding(rc, ds, f.GOOS()))
	}
	if same == len(res) {
		pass.Observe(fmt.Sprintf("%s the same go and Go settings as the shell.", english.Count(same, "running editor or tool resolves", "running editors and tools resolve")),
			append(check.Evidence{check.F("go", shell.Go+" ("+shell.GoVersion+")")}, unreadableEvidence(unreadable)...)...)
	}
	return nil
}

func finding(rc *contexts.Resolved, ds []contexts.Difference, goos string) check.Finding {
	var names []string
	ev := check.Evidence{check.F("process", fmt.Sprintf("%s (pid %d)", rc.Program, rc.PID))}
	if rc.Owner != "" {
		ev = append(ev, check.F("started by", rc.Owner))
	}
	for _, d := range ds {
		names = append(names, d.Setting)
		ev = append(ev, check.F(d.Setting+" (shell)", d.A), check.F(d.Setting+" ("+rc.Name+")", d.B))
	}
	var detail []string
	for _, d := range ds {
		c, _, _ := strings.Cut(d.Consequence, " — ")
		detail = append(detail, c+".")
	}
	return check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("%s differs from your shell in %s.", contexts.Who(rc.Context), english.List(names)),
		Detail:   strings.Join(detail, " ") + " A program keeps the environment it was started with; `godx diff " + rc.Name + "` shows the comparison again.",
		Evidence: ev,
		Fix:      &check.Fix{Description: upperFirst(contexts.Fix(rc.Context, goos)) + "."},
	}
}

// vscodeExplained are the differences VS Code's Go settings make on
// purpose in the tools it starts: the variables go.toolsEnvVars and gopls'
// build.env set, and the go command, GOROOT and go's PATH directory when
// go.goroot or go.alternateTools.go choose them.
func vscodeExplained(f *facts.Facts) map[string]bool {
	// The extension finds gopls and dlv in GOPATH's bin and GOROOT/bin
	// before PATH (vscodego.FindTool): where PATH would find them says
	// nothing about which it runs.
	out := map[string]bool{"PATH: gopls": true, "PATH: dlv": true}
	for _, file := range f.VSCodeSettings() {
		for k := range file.StringMap("go.toolsEnvVars") {
			out[strings.ToUpper(k)] = true
		}
		for k := range vscodego.GoplsBuildEnv(file) {
			out[strings.ToUpper(k)] = true
		}
		goroot, _ := file.String("go.goroot")
		alt := file.StringMap("go.alternateTools")["go"]
		if strings.TrimSpace(goroot) != "" || strings.TrimSpace(alt) != "" && alt != "go" {
			out["go"], out["GOROOT"], out["PATH: go"] = true, true, true
		}
	}
	return out
}

func unreadableEvidence(unreadable []string) check.Evidence {
	var ev check.Evidence
	for _, u := range unreadable {
		ev = append(ev, check.F("not readable", u))
	}
	return ev
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
