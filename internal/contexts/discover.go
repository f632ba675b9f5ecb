package contexts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/procenv"
)

// program is a recognised editor or tool.
type program struct {
	name string // for people: "VS Code"
	kind Kind
}

// editors by executable base name (lower case, without .exe). macOS helper
// names are matched whole ("Code Helper (Plugin)" is VS Code's extension
// host there).
var programs = map[string]program{
	"code": {"VS Code", KindEditor}, "code-insiders": {"VS Code Insiders", KindEditor},
	"codium": {"VSCodium", KindEditor}, "electron": {"", KindEditor},
	"code helper (plugin)": {"VS Code extension host", KindEditor},
	"cursor":               {"Cursor", KindEditor}, "cursor helper (plugin)": {"Cursor extension host", KindEditor},
	"goland": {"GoLand", KindEditor}, "goland64": {"GoLand", KindEditor},
	"idea": {"IntelliJ IDEA", KindEditor}, "idea64": {"IntelliJ IDEA", KindEditor},
	"nvim": {"Neovim", KindEditor}, "vim": {"Vim", KindEditor}, "gvim": {"Vim", KindEditor},
	"zed": {"Zed", KindEditor}, "zed-editor": {"Zed", KindEditor},
	"gopls": {"gopls", KindTool}, "dlv": {"dlv", KindTool}, "dlv-dap": {"dlv", KindTool},
}

// Classify says which editor or tool p is ("" when neither). A JetBrains
// IDE started through its shell launcher runs as java; its arguments
// name it. VS Code's extension host is a code process whose arguments say
// so.
func Classify(p procenv.Process) (name string, kind Kind) {
	base := strings.ToLower(procenv.Base(p.Name))
	prog, ok := programs[base]
	if !ok {
		if base == "java" {
			for _, a := range p.Args {
				switch {
				case strings.Contains(a, "idea.platform.prefix=GoLand"), strings.Contains(a, "idea.paths.selector=GoLand"):
					return "GoLand", KindEditor
				case strings.Contains(a, "idea.paths.selector=IntelliJIdea"), strings.Contains(a, "idea.paths.selector=IdeaIC"):
					return "IntelliJ IDEA", KindEditor
				}
			}
		}
		return "", ""
	}
	if base == "electron" {
		// Electron runs many apps; only VS Code's (an OSS build) counts.
		if !slices.ContainsFunc(p.Args, func(a string) bool { return strings.Contains(a, "vscode") }) {
			return "", ""
		}
		prog.name = "VS Code"
	}
	if prog.kind == KindEditor && isExtensionHost(p.Args) {
		return strings.TrimSuffix(prog.name, " extension host") + " extension host", KindEditor
	}
	return prog.name, prog.kind
}

// isExtensionHost recognises the process VS Code (and its forks) run the
// Go extension in: it starts gopls with the extension's settings applied.
func isExtensionHost(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool {
		return a == "--type=extensionHost" || strings.Contains(a, "node.mojom.NodeService")
	})
}

// Found is one discovered editor or tool process.
type Found struct {
	procenv.Process
	Program string
	Kind    Kind
}

// Discover lists the running editors and their gopls and dlv among the
// user's processes, as contexts named "<program>@PID", reading each one's
// environment and working directory with r. A process r may not read is
// listed with Err set, never guessed. self is godx's own pid, skipped
// with its ancestors' helpers (an editor's integrated terminal running
// godx is still an editor, and is listed).
func Discover(r procenv.Reader, self int) ([]Context, error) {
	procs, err := r.Processes()
	if err != nil {
		return nil, err
	}
	return discover(r, procs, func(pid int) bool { return pid != self }), nil
}

// discover is Discover over a process list, keeping the pids keep accepts.
func discover(r procenv.Reader, procs []procenv.Process, keep func(int) bool) []Context {
	byPID := map[int]procenv.Process{}
	for _, p := range procs {
		byPID[p.PID] = p
	}
	var found []Found
	for _, p := range procs {
		if p.OtherUser || !keep(p.PID) {
			continue
		}
		name, kind := Classify(p)
		if kind == "" {
			continue
		}
		if kind == KindEditor && !strings.HasSuffix(name, "extension host") {
			// Of an editor's helper processes (Electron's renderers,
			// GPU process), only the top one is the editor.
			if parent, ok := byPID[p.PPID]; ok {
				if pn, _ := Classify(parent); pn == name {
					continue
				}
			}
		}
		found = append(found, Found{Process: p, Program: name, Kind: kind})
	}
	var out []Context
	for _, f := range found {
		c := Context{
			Name:    ProcessName(f.Process) + "@" + fmt.Sprint(f.PID),
			Kind:    f.Kind,
			Program: f.Program,
			PID:     f.PID,
		}
		if f.Kind == KindTool {
			c.Owner = owner(f.Process, byPID)
		}
		c.Env, c.Err = r.Environ(f.PID)
		if c.Err == nil {
			// A working directory that cannot be read leaves Dir empty;
			// the environment is still what the process runs with.
			c.Dir, _ = r.Cwd(f.PID)
		}
		out = append(out, c)
	}
	return out
}

// ProcessName is the short name a context is called by: the executable's
// base name, lower case, spaces as dashes ("code", "gopls", "goland").
func ProcessName(p procenv.Process) string {
	n := strings.ToLower(procenv.Base(p.Name))
	if n == "java" {
		n, _ = Classify(p)
		n = strings.ToLower(strings.ReplaceAll(n, " ", "-"))
	}
	return strings.ReplaceAll(n, " ", "-")
}

// owner names the nearest editor above p ("VS Code (pid 4000)"), or ""
// when it was started from a terminal.
func owner(p procenv.Process, byPID map[int]procenv.Process) string {
	seen := map[int]bool{}
	for pid := p.PPID; pid > 1 && !seen[pid]; {
		seen[pid] = true
		parent, ok := byPID[pid]
		if !ok {
			return ""
		}
		if name, kind := Classify(parent); kind == KindEditor {
			return fmt.Sprintf("%s (pid %d)", name, parent.PID)
		}
		pid = parent.PPID
	}
	return ""
}
