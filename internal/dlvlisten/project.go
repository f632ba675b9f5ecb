package dlvlisten

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/projectwalk"
)

// Bounds of the project walk: a project file that starts Delve sits near
// the top, and the walk must stay cheap on a huge tree.
const (
	maxDepth   = 3
	maxEntries = 4000
	maxFiles   = 300
	maxSize    = 1 << 20
)

// fileKind classifies a file name for scanning ("" = not scanned).
func fileKind(name string) string {
	lower := strings.ToLower(name)
	switch {
	case lower == "makefile" || lower == "gnumakefile" || strings.HasSuffix(lower, ".mk"):
		return "make"
	case strings.HasSuffix(lower, ".sh") || strings.HasSuffix(lower, ".bash") || strings.HasSuffix(lower, ".zsh"):
		return "shell"
	case lower == "dockerfile" || strings.HasPrefix(lower, "dockerfile.") || strings.HasSuffix(lower, ".dockerfile") || lower == "containerfile":
		return "container"
	case (strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose")) && (strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml")):
		return "compose"
	case lower == ".air.toml" || lower == "air.toml":
		return "toml"
	case lower == "procfile" || strings.HasPrefix(lower, "procfile."):
		return "shell"
	case lower == "taskfile.yml" || lower == "taskfile.yaml":
		return "yaml"
	case lower == "justfile" || lower == ".justfile":
		return "make"
	case lower == "devcontainer.json" || lower == ".devcontainer.json":
		return "json"
	}
	return ""
}

// ProjectFiles walks the project from root, breadth first and bounded
// (three directory levels, 4,000 entries, 300 files), for the files that
// start programs: Makefiles (*.mk, justfiles), shell scripts, Dockerfiles,
// compose files, .air.toml, Procfiles, Taskfiles and devcontainer.json.
// It skips .git, vendor, node_modules, testdata and hidden directories
// other than .devcontainer, .github and .vscode.
func ProjectFiles(f *facts.Facts, root string) []string {
	return WalkProject(f, root, func(name string) bool { return fileKind(name) != "" })
}

// WalkProject is the bounded walk of ProjectFiles, for the files whose
// name match accepts (other checks look for other files the same way).
func WalkProject(f *facts.Facts, root string, match func(name string) bool) []string {
	return projectwalk.Walk(f.Context(), f, root, projectwalk.Options{
		MaxDepth: maxDepth, MaxEntries: maxEntries, MaxFiles: maxFiles,
		KeepHidden: []string{".devcontainer", ".github", ".vscode"},
		Match:      func(rel string) bool { return match(path.Base(rel)) },
	}).Files
}

// ScanProject scans the ProjectFiles under root (each read up to 1 MiB):
// the exposed Delve servers they start, the ones that are safe because a
// compose file publishes their port on loopback only, and the files read.
func ScanProject(f *facts.Facts, root string) (exposed, safe []Listener, scanned []string) {
	for _, p := range ProjectFiles(f, root) {
		data, err := f.OS.ReadFile(p, maxSize)
		if err != nil {
			continue
		}
		scanned = append(scanned, p)
		e, s := ScanText(p, string(data))
		exposed = append(exposed, e...)
		safe = append(safe, s...)
	}
	return exposed, safe, scanned
}

var composePortMapping = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*-\s*["']?(?:(\[[^\]]*\]|[0-9a-zA-Z.\-]+):)?(\d+)(?:-\d+)?:(\d+)(?:/(?:tcp|udp))?["']?\s*(?:#.*)?$`)
})

// ScanText scans one file's text, read as its name says (p's base name,
// as ProjectFiles picks them): a line continued with a backslash, or a
// YAML list or block under a key, is one command line; comments are
// skipped. It returns the exposed Delve servers, and those of a compose
// file that are safe because their port is published on loopback only.
func ScanText(p, data string) (exposed, safe []Listener) {
	kind := fileKind(path.Base(strings.ReplaceAll(p, `\`, "/")))
	lines := strings.Split(data, "\n")
	type logical struct {
		line int
		text string
	}
	var ls []logical
	yaml := kind == "compose" || kind == "yaml"
	for i := 0; i < len(lines); i++ {
		start := i
		text := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimSpace(text)
		if kind != "json" && (strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "//")) {
			continue
		}
		if !yaml {
			for strings.HasSuffix(text, `\`) && i+1 < len(lines) {
				i++
				next := strings.TrimRight(lines[i], "\r")
				if strings.HasPrefix(strings.TrimSpace(next), "#") {
					continue
				}
				text = strings.TrimSuffix(text, `\`) + " " + next
			}
		} else if strings.HasSuffix(trimmed, ":") || strings.HasSuffix(trimmed, ": >") || strings.HasSuffix(trimmed, ": |") || strings.HasSuffix(trimmed, ": >-") || strings.HasSuffix(trimmed, ": |-") {
			// A block (list or folded string) under a key: one command.
			indent := len(text) - len(strings.TrimLeft(text, " "))
			for i+1 < len(lines) {
				next := strings.TrimRight(lines[i+1], "\r")
				nt := strings.TrimSpace(next)
				if nt == "" || strings.HasPrefix(nt, "#") {
					i++
					continue
				}
				if len(next)-len(strings.TrimLeft(next, " ")) <= indent {
					break
				}
				if strings.HasSuffix(nt, ":") {
					break // a nested mapping, scanned on its own
				}
				i++
				text += " " + strings.TrimPrefix(nt, "- ")
			}
		}
		ls = append(ls, logical{start + 1, text})
	}
	for _, l := range ls {
		addr, ok := CommandLine(l.text)
		if !ok {
			continue
		}
		h := Listener{Where: fmt.Sprintf("%s:%d", p, l.line), Command: shorten(l.text), Addr: addr, File: p}
		if kind == "container" || kind == "compose" {
			h.Kind = Container
		}
		if kind == "compose" && publishedOnLoopback(lines, Port(addr)) {
			safe = append(safe, h)
			continue
		}
		exposed = append(exposed, h)
	}
	return exposed, safe
}

// publishedOnLoopback reports whether every compose port mapping to
// container port port binds a loopback host address (and there is at
// least one).
func publishedOnLoopback(lines []string, port string) bool {
	found := false
	for _, l := range lines {
		m := composePortMapping().FindStringSubmatch(l)
		if m == nil || m[3] != port {
			continue
		}
		host := strings.Trim(m[1], "[]")
		if !(strings.HasPrefix(host, "127.") || host == "::1" || strings.EqualFold(host, "localhost")) {
			return false
		}
		found = true
	}
	return found
}
