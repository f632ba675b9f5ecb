package editor

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/vscodego"
)

// The Go environment variables the editor sets (go.toolsEnvVars,
// go.testEnvVars, gopls "build.env", go.gopath, launch configurations'
// env and envFile), compared with the shell's.

// vscodeGoplsBuildEnv names gopls's "build.env" setting in findings.
const vscodeGoplsBuildEnv = `gopls "build.env"`

// vscodeLaunchEnvFiles compares the variables a launch configuration's
// envFile files set (the later file wins; the configuration's env wins
// over them all, so those are compared as env). A relative path is taken
// from the workspace folder; a file that cannot be read is left out (the
// extension then refuses to start the session and says why).
func vscodeLaunchEnvFiles(f *facts.Facts, file *facts.VSCodeFile, sh vscodeShell, c vscodego.LaunchEnv, report func(check.Finding)) {
	type fromFile struct {
		v    vscodego.EnvFileVar
		path string
	}
	set := map[string]fromFile{}
	for _, p := range c.EnvFiles {
		p = f.VSCodeResolvePath(p, file)
		if !f.IsAbs(p) {
			dir := file.Folder
			if dir == "" {
				dir = f.Dir
			}
			p = f.JoinPath(dir, p)
		}
		data, err := f.ReadFile(p)
		if err != nil {
			continue
		}
		for _, v := range vscodego.ParseEnvFile(data, f.Getenv) {
			set[v.Name] = fromFile{v, p}
		}
	}
	for _, name := range vscodeEnvVars {
		ff, ok := set[name]
		if _, inEnv := c.Env[name]; !ok || inEnv {
			continue
		}
		what := fmt.Sprintf("%s:%d, the envFile of launch configuration %q,", ff.path, ff.v.Line, c.Name)
		vscodeCompareEnv(f, file, sh, name, ff.v.Value, what, []string{"configurations", strconv.Itoa(c.Index), "envFile"}, report)
	}
}

// vscodeGopath treats go.gopath as a GOPATH override.
func vscodeGopath(f *facts.Facts, file *facts.VSCodeFile, sh vscodeShell, report func(check.Finding)) {
	raw, ok := file.String("go.gopath")
	if !ok || strings.TrimSpace(raw) == "" {
		return
	}
	vscodeCompareEnv(f, file, sh, "GOPATH", f.VSCodeResolvePath(raw, file), "go.gopath", []string{"go.gopath"}, report)
}

// vscodeCompareEnv reports an editor value of name that behaves
// differently from the shell's.
func vscodeCompareEnv(f *facts.Facts, file *facts.VSCodeFile, sh vscodeShell, name, val, what string, ptr []string, report func(check.Finding)) {
	if sh.settings == nil {
		return // go env failed: reported by go/installed
	}
	st := sh.settings.Get(name)
	if st == nil {
		return
	}
	shellVal := st.Value
	switch name {
	case "GOROOT":
		shellVal = sh.goroot
	case "GOPATH":
		shellVal = sh.gopath
	}
	shellSource := st.Label()
	editorVal := val
	clears := false
	if strings.TrimSpace(val) == "" || (name == "GOWORK" && val == "auto") {
		// An empty value is unset for the go command: it falls back to the
		// go env -w file, $GOROOT/go.env, then the default. That differs
		// only when the shell sets the variable in its environment.
		if st.Source != facts.FromEnvironment {
			return
		}
		clears = true
		editorVal = ""
		if len(st.Overridden) > 0 {
			editorVal = st.Overridden[0].Value
		} else if name == "GOROOT" || name == "GOPATH" || name == "GOWORK" {
			editorVal = "(the go command's default)"
		}
	}
	if vscodeSameValue(f, name, editorVal, shellVal, sh) {
		return
	}
	where := file.Where(ptr[0], ptr[1:]...)
	shown := func(v string) string {
		if v == "" {
			return `""`
		}
		return v
	}
	summary := fmt.Sprintf("%s in %s sets %s=%s, but the shell's %s is %s (%s): the editor and the terminal build differently.", what, where, name, shown(val), name, shown(shellVal), shellSource)
	if clears {
		summary = fmt.Sprintf("%s in %s clears %s, which the shell sets to %s in its environment: the editor and the terminal build differently.", what, where, name, shown(shellVal))
	}
	consumer := "the go commands the Go extension runs"
	switch {
	case what == "go.toolsEnvVars":
		consumer = "gopls, the go commands the Go extension runs and programs started by the debugger"
	case what == "go.testEnvVars":
		consumer = "tests run from the editor (test explorer, code lenses, Go: Test commands)"
	case what == "go.gopath":
		consumer = "the Go extension (tool installs, gopls)"
	case what == vscodeGoplsBuildEnv:
		consumer = "gopls: the go commands it runs to load your packages (so its diagnostics, completion and navigation)"
	case strings.Contains(what, "launch configuration"):
		consumer = "the program debugged with this configuration and the build Delve runs for it"
	}
	ev := check.Evidence{
		check.F(what+" ("+where+")", name+"="+val),
		check.F(name+" in the shell ("+shellSource+")", shown(shellVal)),
	}
	for _, o := range st.Overridden {
		ev = append(ev, check.F(name+", overridden ("+o.Label()+")", o.Value))
	}
	entry := "the " + name + " entry of " + what
	if what == "go.gopath" {
		entry = `"go.gopath"`
	}
	instead := fmt.Sprintf("set %s once with `go env -w %s=...`, which the terminal and the editor both read", name, name)
	fix := settingfix.VSCode(entry, where, "the editor then uses the shell's value", instead)
	if ptr[len(ptr)-1] != "envFile" {
		// godx fix deletes the entry; an envFile is the user's to edit
		// (removing the key would drop every variable of the file).
		fix = settingfix.VSCodeDelete(entry, where, "the editor then uses the shell's value", instead, file.Path, file.Pointer(ptr[0], ptr[1:]...))
	}
	fix.Commands = []string{"go env " + name}
	report(check.Finding{
		Severity: check.Warning,
		Summary:  summary,
		Detail:   fmt.Sprintf("The value applies to %s, not to your terminal. %s", consumer, vscodeEnvEffect[name]),
		Evidence: ev,
		Fix:      fix,
		Position: check.At(file.Path, file.Line(ptr[0], ptr[1:]...), 0),
	})
}

func vscodeSameValue(f *facts.Facts, name, a, b string, sh vscodeShell) bool {
	switch name {
	case "GOROOT":
		return a == b || (a != "" && b != "" && f.SamePath(a, b))
	case "GOPATH":
		pa, pb := f.SplitList(a), f.SplitList(b)
		if len(pa) != len(pb) {
			return false
		}
		for i := range pa {
			if pa[i] != pb[i] && !f.SamePath(pa[i], pb[i]) {
				return false
			}
		}
		return true
	case "GO111MODULE":
		norm := func(s string) string {
			if s = strings.ToLower(strings.TrimSpace(s)); s == "" {
				return "on" // module mode by default since Go 1.16
			}
			return s
		}
		return norm(a) == norm(b)
	case "GOFLAGS":
		return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
	case "GOTOOLCHAIN":
		norm := func(s string) string {
			if s = strings.TrimSpace(s); s == "" {
				return "local" // nothing set: no switching
			}
			return s
		}
		return norm(a) == norm(b)
	case "GOWORK":
		// b is `go env GOWORK`: the go.work in use, "" for none, or "off".
		inUse := b != "" && b != "off"
		if a == "off" || a == "" {
			return !inUse
		}
		return inUse && f.SamePath(a, b)
	}
	return a == b
}
