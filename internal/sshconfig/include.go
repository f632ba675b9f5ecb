package sshconfig

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// includePath resolves one Include argument like ssh: ~ and ${VAR}
// expansion; relative paths are relative to ~/.ssh (user files) or to the
// system configuration directory.
func (l *loader) includePath(p string, system bool) string {
	f := l.f
	p = expandEnv(f, p)
	if !system && l.home != "" && (p == "~" || strings.HasPrefix(p, "~/") || (f.GOOS() == "windows" && strings.HasPrefix(p, `~\`))) {
		return f.JoinPath(l.home, p[1:])
	}
	if f.IsAbs(p) {
		return f.CleanPath(p)
	}
	if system {
		return f.JoinPath(l.systemDir, p)
	}
	return f.JoinPath(l.home, ".ssh", p)
}

// expandEnv replaces ${VAR} with the variable's value (at most 16 of them,
// so that a value naming itself cannot loop).
func expandEnv(f *facts.Facts, s string) string {
	for n := 0; n < 16; n++ {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		s = s[:i] + f.Getenv(s[i+2:i+j]) + s[i+j+1:]
	}
	return s
}

// glob expands a pattern like glob(3) through the facts layer: '*', '?'
// and '[...]' within one path element, no match for hidden files unless
// the pattern element starts with '.', sorted; only regular files.
func (l *loader) glob(pattern string) []string {
	f := l.f
	if !strings.ContainsAny(pattern, "*?[") {
		if st, err := f.OS.Stat(pattern); err == nil && !st.IsDir() {
			return []string{pattern}
		}
		return nil
	}
	sep := "/"
	norm := pattern
	if f.GOOS() == "windows" {
		sep = `\`
		norm = strings.ReplaceAll(pattern, "/", `\`)
	}
	elems := strings.Split(norm, sep)
	// The root: "" for "/x" (Unix), "C:" for `C:\x`.
	cands := []string{elems[0] + sep}
	if elems[0] == "" && f.GOOS() == "windows" && len(elems) > 2 && elems[1] == "" { // \\server\share
		cands = []string{sep + sep + elems[2] + sep + elems[3] + sep}
		elems = elems[3:]
	}
	for idx, el := range elems[1:] {
		if el == "" {
			continue
		}
		last := idx == len(elems)-2
		var next []string
		for _, dir := range cands {
			if !strings.ContainsAny(el, "*?[") {
				next = append(next, f.JoinPath(dir, el))
				continue
			}
			if l.ndirs >= maxDirReads {
				l.stop(fmt.Sprintf("the Include patterns need more than %d directory listings", maxDirReads))
				continue
			}
			l.ndirs++
			ents, err := f.OS.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range ents {
				n := e.Name()
				if strings.HasPrefix(n, ".") && !strings.HasPrefix(el, ".") {
					continue
				}
				if ok, err := path.Match(el, n); err == nil && ok {
					next = append(next, f.JoinPath(dir, n))
				}
			}
		}
		if !last {
			// only directories can lead further
			var dirs []string
			for _, c := range next {
				if st, err := f.OS.Stat(c); err == nil && st.IsDir() {
					dirs = append(dirs, c)
				}
			}
			next = dirs
		}
		cands = next
		if len(cands) > maxFiles {
			l.stop(fmt.Sprintf("an Include pattern matches more than %d files", maxFiles))
			cands = cands[:maxFiles]
		}
	}
	var out []string
	for _, c := range cands {
		if st, err := f.OS.Stat(c); err == nil && !st.IsDir() {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}
