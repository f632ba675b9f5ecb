package golang

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Path checks the GOPATH value: entries the go command refuses, overlap
// with GOROOT, and a directory the go command will not be able to create.
var Path = &check.Check{
	ID:    "go/gopath",
	Title: "GOPATH",
	Doc: check.Doc{
		What: "Reads GOPATH and where it is set (environment, `go env -w` file, or the default $HOME/go), splits it into entries, and compares them with GOROOT. " +
			"When `go env` itself fails, it reads GOPATH from the environment and the `go env -w` file the way the go command does. For the first entry, where `go install` and module downloads write, it checks that the directory exists or can be created.",
		Why: "Even in module mode GOPATH matters: its first entry holds the module cache ($GOPATH/pkg/mod) and the programs `go install` builds ($GOPATH/bin, unless GOBIN is set). " +
			"An entry that is relative or starts with `~` (a quoted `~` is not expanded by the shell) makes every go command fail, even `go env`. " +
			"GOPATH inside GOROOT puts downloaded modules and installed programs inside the Go installation, where the next Go upgrade deletes them.",
		How: "Error when an entry is relative or starts with `~` (quoting the go command's own message), and when GOPATH ends up empty (HOME not set) with no GOMODCACHE, so module downloads fail. " +
			"Warning when the first entry is GOROOT or inside it (quoting the warning your Go version prints when they are equal), when GOPATH is empty and GOBIN is not set (go install fails), " +
			"and when the first entry does not exist and cannot be created (its nearest existing parent is not writable or not a directory). " +
			"A first entry that does not exist yet but can be created is normal: the go command creates it on first use. Info when a later entry is inside GOROOT.",
		Fix: "Usually: stop setting GOPATH, so that the default $HOME/go is used (`unset GOPATH` and remove it from your shell startup file, or `go env -u GOPATH`). " +
			"Otherwise set it to absolute paths outside GOROOT, e.g. `go env -w GOPATH=$HOME/go`. If the go command refuses to start because of the GOPATH in the `go env -w` file, fix it with `GOPATH=$HOME/go go env -u GOPATH`; " +
			"`godx fix` does that (or writes the value with `~` expanded) for a bad entry in that file.",
		Errors: []string{
			`go: GOPATH entry is relative; must be absolute path: "relative/gp".`,
			`go: GOPATH entry cannot start with shell metacharacter '~': "~/go"`,
			"warning: both GOPATH and GOROOT are the same directory (/usr/local/go); see https://go.dev/wiki/InstallTroubleshooting",
			"warning: GOPATH set to GOROOT (/usr/local/go) has no effect",
			"go: module cache not found: neither GOMODCACHE nor GOPATH is set",
			"go: could not create module cache: mkdir /data: permission denied",
		},
	},
	Run: runGoPath,
}

func runGoPath(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if errors.Is(err, facts.ErrNoGo) {
		return check.Skip("no go command on PATH (reported by go/installed)")
	}
	if err != nil {
		// A bad GOPATH entry makes every go command fail, `go env` too.
		if def, ok := f.ExplicitGoSetting("GOPATH"); ok {
			if gopathReportBadEntries(pass, def) {
				return nil
			}
		}
		return check.Skip("`go env` failed (reported by go/installed)")
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	st := s.Get("GOPATH")
	gopath := ge.Get("GOPATH")
	goroot := ge.Get("GOROOT")
	if st != nil && st.Source != facts.FromDefault && gopathReportBadEntries(pass, st.Definition) {
		return nil // cannot happen with a working go env, but stay truthful
	}
	evidence := check.Evidence{check.F("GOPATH ("+st.Label()+")", gopath), check.F("GOROOT", goroot)}

	var entries []string
	for _, e := range f.SplitList(gopath) {
		if e != "" {
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		gopathReportEmpty(pass, ge, evidence)
		return nil
	}

	reported := false
	// GOPATH inside GOROOT.
	for i, e := range entries {
		if !f.PathWithin(e, goroot) {
			continue
		}
		reported = true
		if i > 0 {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("GOPATH entry %s is inside GOROOT %s.", e, goroot),
				Detail:   "Only the first GOPATH entry receives downloads and installed programs, so this entry is only searched for code in GOPATH mode (GO111MODULE=off), where the go command ignores an entry equal to GOROOT. It is most likely a mistake.",
				Evidence: evidence,
				Fix:      &check.Fix{Description: fmt.Sprintf("Remove %s from GOPATH.", e)},
			})
			continue
		}
		detail := gopathInsideGorootDetail(f, ge, e, goroot)
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GOPATH %s is %s GOROOT %s, the Go installation.", gopathFirstName(entries, e), gopathEqualOrInside(f, e, goroot), goroot),
			Detail:   detail,
			Evidence: evidence,
			Fix:      gopathMoveFix(f, st, goroot),
		})
	}

	// The first entry must exist or be creatable.
	first := entries[0]
	if !reported {
		if finding, ok := gopathUncreatable(f, ge, first, evidence, st); ok {
			pass.Report(finding)
			reported = true
		}
	}
	if !reported {
		summary := fmt.Sprintf("GOPATH %s (%s)", gopath, st.Label())
		if !f.Exists(first) {
			summary += "; it does not exist yet, the go command creates it on first use"
		}
		pass.Observe(summary, evidence...)
	}
	return nil
}

// gopathReportBadEntries reports the entries the go command refuses
// (cmd/go main.go): they stop every go command with exit status 2.
func gopathReportBadEntries(pass *check.Pass, def facts.Definition) bool {
	f := pass.Facts
	var bad, msgs []string
	allTilde := true
	for _, e := range f.SplitList(def.Value) {
		switch {
		case e == "":
		case strings.HasPrefix(e, "~"):
			bad = append(bad, e)
			msgs = append(msgs, fmt.Sprintf("go: GOPATH entry cannot start with shell metacharacter '~': %q", e))
		case !f.IsAbs(e):
			bad = append(bad, e)
			allTilde = false
			msgs = append(msgs, fmt.Sprintf("go: GOPATH entry is relative; must be absolute path: %q.\nFor more details see: 'go help gopath'", e))
		}
	}
	if len(bad) == 0 {
		return false
	}
	detail := fmt.Sprintf("Right after choosing the toolchain to run (GOTOOLCHAIN and the go line come first), the go command checks GOPATH and stops with exit status 2 before running any command — `go build`, `go env`, even `go version`:\n  %s", strings.ReplaceAll(msgs[0], "\n", "\n  "))
	if len(msgs) > 1 {
		detail += fmt.Sprintf("\n(%d more bad entries: %s)", len(bad)-1, strings.Join(bad[1:], ", "))
	}
	if allTilde {
		detail += "\nOnly a shell expands `~`, and only when it is not quoted: in `export GOPATH=\"~/go\"`, in IDE settings, .env files or a Dockerfile ENV line it stays a literal `~`."
	}
	if f.GOOS() == "windows" && strings.Contains(def.Value, "%") {
		detail += "\nIt contains a %VARIABLE% reference that was not expanded (an environment variable stored as REG_SZ instead of REG_EXPAND_SZ, or set in a program that does not expand it)."
	}

	// Suggest the value with `~` expanded when that is all that is wrong.
	home, _ := gopathHome(f)
	newValue := ""
	if allTilde && home != "" {
		var fixed []string
		for _, e := range f.SplitList(def.Value) {
			if e == "~" || strings.HasPrefix(e, "~/") || strings.HasPrefix(e, `~\`) {
				e = f.JoinPath(home, e[1:])
			}
			fixed = append(fixed, e)
		}
		newValue = strings.Join(fixed, f.ListSeparator())
		if strings.HasPrefix(newValue, "~") || strings.Contains(newValue, f.ListSeparator()+"~") {
			newValue = "" // ~user: cannot tell
		}
	}
	st := &facts.Setting{Name: "GOPATH", Value: def.Value, Definition: def}
	fix := gopathSetFix(f, st, newValue, true)
	fix.Auto = gopathAutoFix(f, def, newValue, home)
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GOPATH (%s) is %q: entry %q %s, so every go command fails.", st.Label(), def.Value, bad[0], gopathEntryProblem(bad[0])),
		Detail:   detail,
		Evidence: check.Evidence{check.F("GOPATH ("+st.Label()+")", def.Value), check.F("bad "+english.Plural(len(bad), "entry", "entries"), strings.Join(bad, ", "))},
		Fix:      fix,
	})
	return true
}

// gopathAutoFix is what `godx fix` does for a bad GOPATH in the go env -w
// file (one in the environment is the user's shell profile's business):
// set it there to the value with ~ expanded, or remove it to return to
// the default — an edit of the file itself, as `go env -w`/`-u` would
// make, since the go command refuses to start while the file's value is
// bad.
func gopathAutoFix(f *facts.Facts, def facts.Definition, newValue, home string) *check.AutoFix {
	if def.Source != facts.FromEnvFile || home == "" || !f.IsAbs(home) {
		return nil
	}
	if newValue != "" && !f.SamePath(newValue, f.JoinPath(home, "go")) {
		return settingfix.EnvFileSet(def, "GOPATH", newValue)
	}
	return settingfix.EnvFileUnset(def, "GOPATH")
}

func gopathEntryProblem(e string) string {
	if strings.HasPrefix(e, "~") {
		return "starts with `~`"
	}
	return "is relative"
}

// gopathReportEmpty: GOPATH is empty when the go command could not infer
// it ($HOME unset or relative) and nothing sets it.
func gopathReportEmpty(pass *check.Pass, ge *facts.GoEnv, evidence check.Evidence) {
	f := pass.Facts
	home, name := gopathHome(f)
	cause := "the go command could not derive it"
	switch {
	case home == "":
		cause = "$" + name + " is not set, so the go command cannot derive the default " + name + "/go"
		if f.GOOS() == "windows" {
			cause = "%" + name + "% is not set, so the go command cannot derive the default %" + name + "%\\go"
		}
	case !f.IsAbs(home):
		cause = fmt.Sprintf("%s is %q, a relative path, so the go command drops the default GOPATH derived from it", name, home)
	}
	evidence = append(evidence, check.F(name, home), check.F("GOMODCACHE", ge.Get("GOMODCACHE")), check.F("GOBIN", ge.Get("GOBIN")))
	var sev check.Severity
	var detail string
	switch {
	case ge.Get("GOMODCACHE") == "":
		sev = check.Error
		detail = "With neither GOPATH nor GOMODCACHE there is nowhere to download modules: any build that needs a dependency fails with `go: module cache not found: neither GOMODCACHE nor GOPATH is set`."
		if ge.Get("GOBIN") == "" {
			detail += " `go install` fails too: `go: no install location for directory ... outside GOPATH`."
		}
	case ge.Get("GOBIN") == "":
		sev = check.Warning
		detail = "GOMODCACHE is set, so module downloads work, but `go install` has nowhere to put programs: `go: no install location for directory ... outside GOPATH`."
	default:
		pass.Observe(fmt.Sprintf("GOPATH empty (%s), but GOMODCACHE and GOBIN are set", cause), evidence...)
		return
	}
	dir := "/home/you/go"
	if f.GOOS() == "windows" {
		dir = `C:\Users\you\go`
	}
	fix := &check.Fix{
		Description: fmt.Sprintf("Set %s (the usual fix, e.g. in a container or CI job that runs without it), or set GOPATH to an absolute directory.", name),
		Commands:    []string{settingfix.ShellSet(f.GOOS(), "GOPATH", dir)},
	}
	pass.Report(check.Finding{
		Severity: sev,
		Summary:  fmt.Sprintf("GOPATH is empty: %s.", cause),
		Detail:   detail,
		Evidence: evidence,
		Fix:      fix,
	})
}

func gopathInsideGorootDetail(f *facts.Facts, ge *facts.GoEnv, e, goroot string) string {
	var d []string
	if f.CleanPath(ge.Get("GOPATH")) == f.CleanPath(goroot) {
		// cmd/go compares the whole GOPATH with GOROOT (main.go).
		msg := fmt.Sprintf("warning: both GOPATH and GOROOT are the same directory (%s); see https://go.dev/wiki/InstallTroubleshooting", ge.Get("GOPATH"))
		if v := goversion.Lang(goversion.TrimExperiments(ge.Get("GOVERSION"))); goversion.IsValid(v) && goversion.Compare(v, "go1.24") < 0 {
			msg = fmt.Sprintf("warning: GOPATH set to GOROOT (%s) has no effect", ge.Get("GOPATH"))
		}
		d = append(d, fmt.Sprintf("Every go command prints `%s`.", msg))
	}
	var where []string
	if ge.Get("GOBIN") == "" {
		where = append(where, fmt.Sprintf("`go install` puts programs in %s", f.JoinPath(e, "bin")))
	}
	if mc := ge.Get("GOMODCACHE"); mc != "" && f.PathWithin(mc, e) {
		where = append(where, fmt.Sprintf("modules are downloaded into %s", mc))
	}
	if len(where) > 0 {
		d = append(d, strings.Join(where, ", and ")+
			": inside the Go installation, mixed with Go's own files. Upgrading Go the recommended way (remove the old installation, unpack the new one) deletes them, and when you do not own the installation (a system-wide /usr/local/go belongs to root), downloads and installs fail with `permission denied`.")
	}
	if len(d) == 0 {
		d = append(d, "The Go installation is not a workspace; keep GOPATH outside it.")
	}
	return strings.Join(d, " ")
}

func gopathEqualOrInside(f *facts.Facts, e, goroot string) string {
	if f.SamePath(e, goroot) {
		return "the same directory as"
	}
	return "inside"
}

func gopathFirstName(entries []string, e string) string {
	if len(entries) > 1 {
		return "entry " + e + " (the first)"
	}
	return e
}

// gopathUncreatable reports a first entry the go command cannot create
// (it creates missing directories with MkdirAll, so a missing GOPATH is
// fine as long as its nearest existing parent is a writable directory).
func gopathUncreatable(f *facts.Facts, ge *facts.GoEnv, first string, evidence check.Evidence, st *facts.Setting) (check.Finding, bool) {
	if fi, err := f.OS.Stat(first); err == nil {
		if fi.IsDir() {
			return check.Finding{}, false
		}
		return gopathUncreatableFinding(f, ge, first, first, fmt.Sprintf("%s is a file, not a directory", first), fmt.Sprintf("mkdir %s: not a directory", f.JoinPath(first, "pkg")), evidence, st), true
	}
	missing := f.CleanPath(first)
	for {
		parent := f.ParentDir(missing)
		if parent == missing || parent == "." {
			// Nothing on the way exists: a drive or share that is not there.
			return gopathUncreatableFinding(f, ge, first, missing, fmt.Sprintf("%s does not exist", missing), fmt.Sprintf("mkdir %s: The system cannot find the path specified.", missing), evidence, st), true
		}
		fi, err := f.OS.Stat(parent)
		if err != nil {
			missing = parent
			continue
		}
		if !fi.IsDir() {
			return gopathUncreatableFinding(f, ge, first, missing, fmt.Sprintf("%s is a file, not a directory", parent), fmt.Sprintf("mkdir %s: not a directory", missing), evidence, st), true
		}
		if err := f.CheckWrite(parent); err != nil && !errors.Is(err, facts.ErrWriteUnknown) {
			reason := err.Error()
			var pe *fs.PathError
			if errors.As(err, &pe) {
				reason = pe.Err.Error()
			}
			fd := gopathUncreatableFinding(f, ge, first, missing, fmt.Sprintf("you cannot create %s in %s (%s)", missing, parent, reason), fmt.Sprintf("mkdir %s: %s", missing, reason), evidence, st)
			if f.GOOS() != "windows" {
				fd.Fix = &check.Fix{
					Description: fmt.Sprintf("Create %s as an administrator and give it to yourself (or point GOPATH at a directory you can write).", first),
					Commands:    []string{"sudo mkdir -p " + shellquote.POSIX(first), `sudo chown "$(id -un)" ` + shellquote.POSIX(first)},
				}
			}
			return fd, true
		}
		return check.Finding{}, false
	}
}

func gopathUncreatableFinding(f *facts.Facts, ge *facts.GoEnv, first, missing, why, mkdirErr string, evidence check.Evidence, st *facts.Setting) check.Finding {
	var fails []string
	if mc := ge.Get("GOMODCACHE"); mc != "" && f.PathWithin(mc, first) {
		fails = append(fails, fmt.Sprintf("module downloads (any build that needs a dependency not yet in the cache) fail with `go: could not create module cache: %s`", mkdirErr))
	}
	if ge.Get("GOBIN") == "" {
		fails = append(fails, fmt.Sprintf("`go install` fails with `go install <package>: %s`", mkdirErr))
	}
	detail := "The go command creates GOPATH when it first needs it, but it cannot create this one"
	if len(fails) > 0 {
		detail += ": " + strings.Join(fails, ", and ") + "."
	} else {
		detail += " (GOMODCACHE and GOBIN point elsewhere, so only GOPATH-mode work is affected)."
	}
	evidence = append(evidence, check.F("first missing directory", missing))
	home, _ := gopathHome(f)
	newValue := ""
	if home != "" {
		newValue = f.JoinPath(home, "go")
		if st.Source == facts.FromDefault || f.SamePath(newValue, first) {
			newValue = f.JoinPath(home, "gopath")
		}
	}
	return check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("GOPATH %s does not exist and cannot be created: %s.", first, why),
		Detail:   detail,
		Evidence: evidence,
		Fix:      gopathSetFix(f, st, newValue, false),
	}
}

// gopathMoveFix moves GOPATH out of GOROOT: back to the default when the
// default is outside GOROOT, else to $HOME/gopath.
func gopathMoveFix(f *facts.Facts, st *facts.Setting, goroot string) *check.Fix {
	home, _ := gopathHome(f)
	if home == "" {
		return &check.Fix{Description: "Set GOPATH to an absolute directory outside " + goroot + "."}
	}
	def := f.JoinPath(home, "go")
	if st.Source != facts.FromDefault && !f.PathWithin(def, goroot) {
		return gopathSetFix(f, st, "", false) // back to the default
	}
	fix := gopathSetFix(f, st, f.JoinPath(home, "gopath"), false)
	if st.Source == facts.FromDefault {
		fix.Description = fmt.Sprintf("Go itself is installed in %s, the default GOPATH. Set GOPATH to another directory (or, better, reinstall Go in /usr/local/go or another directory outside your home's go folder).", def)
	}
	return fix
}

// gopathSetFix stops setting GOPATH where it is set and, when newValue is
// not empty, sets it to newValue with `go env -w`. broken says the go
// command cannot start with the current value.
func gopathSetFix(f *facts.Facts, st *facts.Setting, newValue string, broken bool) *check.Fix {
	goos := f.GOOS()
	windows := goos == "windows"
	home, _ := gopathHome(f)
	startValue := newValue
	if startValue == "" && home != "" {
		startValue = f.JoinPath(home, "go")
	}
	var cmds []string
	var desc []string
	defs := append([]facts.Definition{st.Definition}, st.Overridden...)
	envVar := false
	for _, d := range defs {
		switch d.Source {
		case facts.FromEnvironment:
			envVar = true
			cmds = append(cmds, settingfix.UnsetCommands(goos, "GOPATH", d)...)
			if windows {
				desc = append(desc, "Delete the GOPATH environment variable (user and system), then open a new terminal and restart your IDE.")
			} else {
				desc = append(desc, "Remove the line that sets GOPATH from your shell startup files (~/.profile, ~/.bashrc, ~/.zshrc) and IDE settings.")
			}
		case facts.FromEnvFile:
			desc = append(desc, "Remove GOPATH from "+d.Where()+".")
			if !broken || envVar || startValue == "" {
				cmds = append(cmds, settingfix.GoEnvUnset(goos, "GOPATH"))
			} else {
				// The go command refuses to start with the file's value; a
				// good value in the environment for this one run gets it going.
				cmds = append(cmds, settingfix.WithEnv(goos, "GOPATH", startValue, settingfix.GoEnvUnset(goos, "GOPATH")))
			}
		}
	}
	if newValue != "" && (home == "" || !f.SamePath(newValue, f.JoinPath(home, "go"))) {
		cmds = append(cmds, settingfix.GoEnvSet(goos, "GOPATH", newValue))
		desc = append(desc, "Then set GOPATH to "+newValue+".")
	} else if home != "" {
		desc = append(desc, fmt.Sprintf("The go command then uses the default, %s.", f.JoinPath(home, "go")))
	}
	if len(cmds) == 0 && newValue != "" {
		cmds = append(cmds, settingfix.GoEnvSet(goos, "GOPATH", newValue))
	}
	cmds = append(cmds, "go env GOPATH")
	return &check.Fix{Description: strings.Join(desc, " "), Commands: cmds}
}

// gopathHome is the directory the default GOPATH derives from, and the
// name of its variable.
func gopathHome(f *facts.Facts) (string, string) {
	switch f.GOOS() {
	case "windows":
		return f.Getenv("USERPROFILE"), "USERPROFILE"
	case "plan9":
		return f.Getenv("home"), "home"
	}
	return f.Getenv("HOME"), "HOME"
}
