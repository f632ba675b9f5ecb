package gitconfig

import (
	"fmt"
	"path"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// LineEndingAttributes finds the text and eol attributes git applies to
// the file at rel (slash-separated, relative to the top of the working
// tree; the file need not exist) from core.attributesFile (or
// $XDG_CONFIG_HOME/git/attributes), the .gitattributes files from the
// root down to the file's directory, and info/attributes, where for each
// attribute the last matching line wins. The legacy crlf attribute and
// the binary macro count as what they stand for; other macros are not
// expanded. text is "set", "unset" or "auto", eol "lf" or "crlf" (each
// not Set when unspecified); rules lists the lines that touched either,
// as "file:line: line".
func LineEndingAttributes(f *facts.Facts, cfg *Config, rel string) (text, eol Value, rules []string) {
	type source struct{ file, base string } // base: directory the patterns are relative to
	var sources []source
	attrFile := cfg.Get("core.attributesFile").Value
	if attrFile == "" {
		xdg := f.Getenv("XDG_CONFIG_HOME")
		if xdg == "" && home(f) != "" {
			xdg = f.JoinPath(home(f), ".config")
		}
		if xdg != "" {
			attrFile = f.JoinPath(xdg, "git", "attributes")
		}
	} else if strings.HasPrefix(attrFile, "~/") {
		attrFile = f.JoinPath(home(f), attrFile[2:])
	}
	if attrFile != "" {
		sources = append(sources, source{attrFile, ""})
	}
	dirs := []string{""}
	if dir := path.Dir(rel); dir != "." {
		parts := strings.Split(dir, "/")
		for i := range parts {
			dirs = append(dirs, strings.Join(parts[:i+1], "/"))
		}
	}
	for _, d := range dirs {
		sources = append(sources, source{f.JoinPath(cfg.Repo.Worktree, d, ".gitattributes"), d})
	}
	sources = append(sources, source{f.JoinPath(cfg.Repo.CommonDir, "info", "attributes"), ""})

	for _, s := range sources {
		data, err := f.ReadFile(s.file)
		if err != nil {
			continue
		}
		for n, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
			fields := strings.Fields(line)
			if len(fields) < 2 || strings.HasPrefix(fields[0], "#") || strings.HasPrefix(fields[0], "[attr]") {
				continue
			}
			if !attrMatch(fields[0], s.base, rel) {
				continue
			}
			origin := fmt.Sprintf("%s:%d", s.file, n+1)
			touched := false
			for _, a := range fields[1:] {
				switch a {
				case "text":
					text, touched = Value{"set", origin, true}, true
				case "-text", "binary", "-crlf":
					text, touched = Value{"unset", origin, true}, true
				case "!text":
					text, touched = Value{}, true
				case "text=auto":
					text, touched = Value{"auto", origin, true}, true
				case "crlf":
					if !text.Set {
						text, touched = Value{"set", origin, true}, true
					}
				case "crlf=input":
					eol, touched = Value{"lf", origin, true}, true
				case "eol=lf", "eol=crlf":
					eol, touched = Value{strings.TrimPrefix(a, "eol="), origin, true}, true
				case "-eol", "!eol":
					eol, touched = Value{}, true
				}
			}
			if touched {
				rules = append(rules, origin+": "+strings.TrimSpace(line))
			}
		}
	}
	return text, eol, rules
}

// attrMatch matches a .gitattributes pattern against a path relative to
// the worktree; base is the directory of the attributes file.
func attrMatch(pattern, base, target string) bool {
	if strings.HasPrefix(pattern, "!") || strings.HasSuffix(pattern, "/") {
		return false // negative patterns are forbidden; directory patterns match no file
	}
	rel := target
	if base != "" {
		var ok bool
		rel, ok = strings.CutPrefix(target, base+"/")
		if !ok {
			return false
		}
	}
	if !strings.Contains(strings.TrimPrefix(pattern, "/"), "/") && !strings.HasPrefix(pattern, "/") {
		return wildmatch(pattern, path.Base(rel), false)
	}
	return wildmatch(strings.TrimPrefix(pattern, "/"), rel, false)
}
