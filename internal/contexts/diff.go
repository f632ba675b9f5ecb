package contexts

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/redact"
)

// Difference is one Go setting that differs between two contexts, with
// what that means for the user.
type Difference struct {
	// Setting is "go", a setting's name ("GOFLAGS"), or "PATH: gopls".
	Setting     string `json:"setting"`
	A           string `json:"a"`
	B           string `json:"b"`
	Consequence string `json:"consequence"`
}

// Who names a context for a sentence: "your shell", "a new terminal",
// "VS Code's gopls (pid 4121)".
func Who(c *Context) string {
	switch c.Kind {
	case KindShell:
		return "your shell"
	case KindLogin:
		return "a new terminal"
	case KindTool:
		if ed := ownerProgram(c.Owner); ed != "" {
			return fmt.Sprintf("%s's %s (pid %d)", ed, c.Program, c.PID)
		}
		return fmt.Sprintf("%s (pid %d)", c.Program, c.PID)
	case KindEditor:
		return fmt.Sprintf("%s (pid %d)", c.Program, c.PID)
	case KindVSCode:
		return "VS Code with its Go settings"
	case KindLaunch:
		return fmt.Sprintf("the debug configuration %q", strings.TrimPrefix(c.Name, "launch:"))
	case KindWindows:
		return "Windows (outside WSL)"
	}
	return c.Name
}

// ownerProgram is the editor's name in an Owner ("VS Code (pid 4000)").
func ownerProgram(owner string) string {
	name, _, _ := strings.Cut(owner, " (pid ")
	return strings.TrimSuffix(name, " extension host")
}

// editorOf is the editor that decides a context's environment ("" for a
// shell, login, or a tool started from a terminal).
func editorOf(c *Context) string {
	switch c.Kind {
	case KindEditor:
		return strings.TrimSuffix(c.Program, " extension host")
	case KindTool:
		return ownerProgram(c.Owner)
	case KindVSCode, KindLaunch:
		return "VS Code"
	}
	return ""
}

// Fix is what makes context b see what a sees: restart the program from
// a new terminal, change the editor setting, or sign out (Windows).
func Fix(b *Context, goos string) string {
	ed := editorOf(b)
	switch {
	case b.Kind == KindLogin:
		return "this terminal is stale: open a new terminal (or run `exec $SHELL -l`) so that it picks up your profile"
	case b.Kind == KindWindows:
		return "change the Windows user environment (System Properties > Environment Variables), then sign out and in again so that programs started from the Start menu see it"
	case b.Kind == KindLaunch:
		return "change the configuration's env/envFile in .vscode/launch.json, or remove the override"
	case b.Kind == KindVSCode:
		return "change go.goroot, go.alternateTools, go.toolsEnvVars or gopls' build.env in VS Code's settings"
	case ed == "GoLand" || ed == "IntelliJ IDEA":
		return "set the GOROOT in " + ed + "'s Settings > Go > GOROOT, or restart " + ed + " from a new terminal"
	case ed != "" && goos == "windows":
		return "restart " + ed + "; a program started from the Start menu keeps the environment of your sign-in: sign out and in again after changing it"
	case strings.HasPrefix(ed, "VS Code") || ed == "Cursor" || ed == "VSCodium":
		return "restart " + ed + " from a new terminal, or set go.goroot"
	case ed != "":
		return "restart " + ed + " from a new terminal"
	case b.Kind == KindTool:
		return fmt.Sprintf("restart %s from a new terminal", b.Program)
	}
	return "start it from a new terminal"
}

// effect says what a setting's difference changes for b.
var effect = map[string]string{
	"GOROOT":      "the standard library and go tools come from another installation",
	"GOPATH":      "modules and installed tools are looked for in another place",
	"GOBIN":       "go install puts tools in another place",
	"GOFLAGS":     "every go command there adds other flags",
	"GOTOOLCHAIN": "the go command there may switch to (or refuse) another toolchain",
	"GOWORK":      "another workspace (or none) decides which module versions are built",
	"GO111MODULE": "the go command there builds in another module mode",
	"GOPROXY":     "modules are downloaded from elsewhere",
	"GOPRIVATE":   "private modules are fetched and verified differently (they may fail to download there)",
	"GONOSUMDB":   "private modules are verified differently (they may fail the checksum database there)",
	"CGO_ENABLED": "packages that use cgo build differently (or not at all)",
	"CC":          "cgo uses another C compiler",
}

// Diff lists the Go settings in which b differs from a: the go command
// (path and version), each of Compared, and the first PATH directory of
// each of PathTools. goos words the fixes.
func Diff(a, b *Resolved, goos string) []Difference {
	if a.Error != "" || b.Error != "" {
		return nil
	}
	var out []Difference
	fix := Fix(b.Context, goos)
	if a.Go != b.Go || a.GoVersion != b.GoVersion {
		d := Difference{Setting: "go", A: goDesc(a), B: goDesc(b)}
		d.Consequence = fmt.Sprintf("%s runs %s; %s runs %s", Who(b.Context), d.B, Who(a.Context), d.A)
		if la, lb := goversion.TrimGo(goversion.Lang(a.GoVersion)), goversion.TrimGo(goversion.Lang(b.GoVersion)); la != lb && lb != "" {
			d.Consequence += fmt.Sprintf(": %s checks your code against Go %s", subject(b.Context), lb)
		}
		out = append(out, d.finish(fix))
	}
	for _, name := range Compared {
		va, vb := a.Settings[name], b.Settings[name]
		if va.Value == vb.Value {
			continue
		}
		d := Difference{Setting: name, A: valueDesc(name, va), B: valueDesc(name, vb)}
		d.Consequence = fmt.Sprintf("%s has %s; %s has %s: %s", Who(b.Context), d.B, Who(a.Context), d.A, effect[name])
		out = append(out, d.finish(fix))
	}
	for _, t := range PathTools {
		pa, pb := first(a.PathTools[t]), first(b.PathTools[t])
		if pa == pb || t == "go" && a.Go != b.Go {
			continue // the go command's own difference is said above
		}
		d := Difference{Setting: "PATH: " + t, A: orNone(pa), B: orNone(pb)}
		d.Consequence = fmt.Sprintf("%s finds %s in %s; %s finds it in %s", Who(b.Context), t, d.B, Who(a.Context), d.A)
		out = append(out, d.finish(fix))
	}
	return out
}

func (d Difference) finish(fix string) Difference {
	d.Consequence += " — " + fix
	return d
}

// subject is the context as the subject of "checks your code": the editor
// for an editor's tools.
func subject(c *Context) string {
	if ed := editorOf(c); ed != "" && c.Kind != KindLaunch {
		return "the editor"
	}
	switch c.Kind {
	case KindLogin:
		return "a new terminal"
	case KindLaunch:
		return "the debugger"
	}
	return Who(c)
}

func goDesc(r *Resolved) string {
	switch {
	case r.Go == "":
		return "no go command (" + r.GoErr + ")"
	case r.GoVersion == "" && r.GoErr != "":
		return r.Go + " (version unknown: " + r.GoErr + ")"
	case r.GoVersion == "":
		return r.Go + " (version unknown)"
	}
	return r.Go + " (" + r.GoVersion + ")"
}

func valueDesc(name string, v Value) string {
	if v.Value == "" {
		return name + " unset"
	}
	s := name + "=" + redact.Passwords(v.Value)
	if v.Source != "" {
		s += " (" + v.Source + ")"
	}
	return s
}

func first(dirs []string) string {
	if len(dirs) == 0 {
		return ""
	}
	return dirs[0]
}

func orNone(s string) string {
	if s == "" {
		return "no directory on PATH"
	}
	return s
}
