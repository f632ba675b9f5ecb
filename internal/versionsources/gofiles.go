package versionsources

import (
	"regexp"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
)

// goModLines reads the go and toolchain lines of a go.mod or go.work as
// the go command does (gover.GoModLookup: first line that starts with the
// key, so a file that does not parse still has them).
func goModLines(p, dir string, data []byte, goKind, tcKind Kind) []Source {
	var out []Source
	if v, n := gotoolchain.GoModLookupLine(data, "go"); n > 0 {
		out = append(out, Source{Kind: goKind, Path: p, Line: n, Text: v, Version: v, Dir: dir})
	}
	if v, n := gotoolchain.GoModLookupLine(data, "toolchain"); n > 0 {
		s := Source{Kind: tcKind, Path: p, Line: n, Text: v, Dir: dir}
		if v != "default" {
			s.Version = goversion.FromToolchain(v)
		}
		out = append(out, s)
	}
	return out
}

// goVersionFile reads .go-version (goenv, and setup-go's
// go-version-file): the first non-empty line.
func goVersionFile(p, dir string, data []byte) []Source {
	for i, line := range strings.Split(string(data), "\n") {
		v := strings.TrimSpace(strings.TrimPrefix(line, "\xef\xbb\xbf"))
		if v == "" || strings.HasPrefix(v, "#") {
			continue
		}
		return []Source{{Kind: GoVersionFile, Path: p, Line: i + 1, Text: v, Version: managerVersion(v), Dir: dir}}
	}
	return nil
}

// toolVersions reads asdf's .tool-versions (also read by mise): the first
// version on the `golang` line (mise also accepts `go`); later versions
// are fallbacks.
func toolVersions(p, dir string, data []byte) []Source {
	for i, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		fields := strings.Fields(line)
		if len(fields) < 2 || (fields[0] != "golang" && fields[0] != "go") {
			continue
		}
		return []Source{{Kind: ToolVersions, Path: p, Line: i + 1, Text: fields[1], Version: managerVersion(fields[1]), Dir: dir}}
	}
	return nil
}

var (
	tomlTable = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$`) })
	tomlGoKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*["']?(go|golang)["']?\s*=\s*(.*)$`) })
	tomlStr   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`["']([^"']*)["']`) })
	tomlVerKV = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`version\s*=\s*["']([^"']*)["']`) })
)

// miseToml reads the Go version of mise.toml's [tools] table: go = "1.22",
// go = ["1.22", "1.21"] (the first is used), go = { version = "1.22" },
// and a `tools.go = "1.22"` key at the top level. It reads lines, not
// TOML: multi-line arrays and inline tables are not understood.
func miseToml(p, dir string, data []byte) []Source {
	table := ""
	for i, line := range strings.Split(string(data), "\n") {
		if m := tomlTable().FindStringSubmatch(line); m != nil {
			table = m[1]
			continue
		}
		l := line
		if table == "" {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "tools."); ok {
				l = rest
			} else {
				continue
			}
		} else if table != "tools" {
			continue
		}
		m := tomlGoKey().FindStringSubmatch(l)
		if m == nil {
			continue
		}
		val := m[2]
		var v string
		if vm := tomlVerKV().FindStringSubmatch(val); vm != nil && strings.HasPrefix(strings.TrimSpace(val), "{") {
			v = vm[1]
		} else if sm := tomlStr().FindStringSubmatch(val); sm != nil {
			v = sm[1]
		} else {
			continue
		}
		return []Source{{Kind: Mise, Path: p, Line: i + 1, Text: v, Version: managerVersion(v), Dir: dir}}
	}
	return nil
}

// managerVersion is the Go version a version manager reads from v, or ""
// for one it resolves itself (latest, system, ref:…, path:…). A "go"
// prefix is allowed (goenv and mise accept go1.22.3).
func managerVersion(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "go")
	v = strings.TrimPrefix(v, "prefix:")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return ""
	}
	return v
}
