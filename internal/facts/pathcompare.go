package facts

import (
	"fmt"
	"path"
	"strings"
)

// CleanPath is filepath.Clean for the inspected OS: on Windows it accepts
// both separators and returns backslashes ("C:/Go/bin/" -> `C:\Go\bin`),
// so that fakes can pretend to be Windows on a Linux test machine.
func (f *Facts) CleanPath(p string) string { return cleanPath(f.GOOS(), p) }

func cleanPath(goos, p string) string {
	if p == "" {
		return ""
	}
	if goos != "windows" {
		return path.Clean(p)
	}
	s := strings.ReplaceAll(p, `\`, "/")
	prefix := ""
	switch {
	case len(s) >= 2 && s[1] == ':':
		prefix, s = s[:2], s[2:]
	case strings.HasPrefix(s, "//"): // UNC: keep both leading slashes
		prefix, s = "/", s[1:]
	}
	if s != "" {
		s = path.Clean(s)
		if s == "." {
			s = ""
		}
	}
	return strings.ReplaceAll(prefix+s, "/", `\`)
}

// ParentDir is filepath.Dir for the inspected OS (of a cleaned path).
func (f *Facts) ParentDir(p string) string {
	p = f.CleanPath(p)
	sep := "/"
	if f.GOOS() == "windows" {
		sep = `\`
	}
	i := strings.LastIndex(p, sep)
	switch {
	case i < 0:
		return "."
	case i == 0:
		return sep
	case f.GOOS() == "windows" && i == 2 && p[1] == ':':
		return p[:3] // C:\
	}
	return p[:i]
}

// JoinPath is filepath.Join for the inspected OS.
func (f *Facts) JoinPath(elem ...string) string {
	sep := "/"
	if f.GOOS() == "windows" {
		sep = `\`
	}
	var parts []string
	for _, e := range elem {
		if e != "" {
			parts = append(parts, e)
		}
	}
	return f.CleanPath(strings.Join(parts, sep))
}

// BaseName is filepath.Base for the inspected OS.
func (f *Facts) BaseName(p string) string {
	p = f.CleanPath(p)
	if i := strings.LastIndexAny(p, f.separators()); i >= 0 && i < len(p)-1 {
		return p[i+1:]
	}
	return p
}

// RelPath is filepath.Rel for the inspected OS: target relative to base,
// both absolute (on Windows compared without regard to case, and an error
// when they are on different volumes).
func (f *Facts) RelPath(base, target string) (string, error) {
	sep := "/"
	if f.GOOS() == "windows" {
		sep = `\`
	}
	split := func(p string) []string {
		p = strings.TrimRight(f.CleanPath(p), sep)
		if p == "" {
			return []string{""} // the root, "/"
		}
		return strings.Split(p, sep)
	}
	b, t := split(base), split(target)
	if !f.IsAbs(base) || !f.IsAbs(target) || !f.pathEqual(b[0], t[0]) {
		return "", fmt.Errorf("cannot make %s relative to %s", target, base)
	}
	n := 0
	for n < len(b) && n < len(t) && f.pathEqual(b[n], t[n]) {
		n++
	}
	var parts []string
	for range b[n:] {
		parts = append(parts, "..")
	}
	parts = append(parts, t[n:]...)
	if len(parts) == 0 {
		return ".", nil
	}
	return strings.Join(parts, sep), nil
}

func (f *Facts) separators() string {
	if f.GOOS() == "windows" {
		return `\/`
	}
	return "/"
}

// SamePath reports whether a and b name the same file or directory: equal
// once cleaned (ignoring case on Windows and macOS, whose file systems
// usually do), or equal once symlinks are resolved.
func (f *Facts) SamePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if f.pathEqual(f.CleanPath(a), f.CleanPath(b)) {
		return true
	}
	ra, errA := f.OS.EvalSymlinks(a)
	rb, errB := f.OS.EvalSymlinks(b)
	return errA == nil && errB == nil && f.pathEqual(f.CleanPath(ra), f.CleanPath(rb))
}

// PathWithin reports whether p is dir or lies inside it, comparing cleaned
// paths and, when both exist, their symlink-resolved forms.
func (f *Facts) PathWithin(p, dir string) bool {
	if p == "" || dir == "" {
		return false
	}
	if f.within(f.CleanPath(p), f.CleanPath(dir)) {
		return true
	}
	rp, errP := f.resolveExisting(p)
	rd, errD := f.OS.EvalSymlinks(dir)
	return errP == nil && errD == nil && f.within(f.CleanPath(rp), f.CleanPath(rd))
}

// resolveExisting evaluates symlinks in the longest existing prefix of p
// (p itself may not exist yet) and appends the rest.
func (f *Facts) resolveExisting(p string) (string, error) {
	p = f.CleanPath(p)
	var rest []string
	for {
		if r, err := f.OS.EvalSymlinks(p); err == nil {
			for i := len(rest) - 1; i >= 0; i-- {
				r = f.JoinPath(r, rest[i])
			}
			return r, nil
		}
		parent := f.ParentDir(p)
		if parent == p || parent == "." {
			return "", &NotFoundError{Name: p}
		}
		rest = append(rest, p[len(strings.TrimRight(parent, `/\`))+1:])
		p = parent
	}
}

func (f *Facts) pathEqual(a, b string) bool {
	if g := f.GOOS(); g == "windows" || g == "darwin" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

func (f *Facts) within(p, dir string) bool {
	if f.pathEqual(p, dir) {
		return true
	}
	sep := "/"
	if f.GOOS() == "windows" {
		sep = `\`
	}
	if !strings.HasSuffix(dir, sep) {
		dir += sep
	}
	return len(p) > len(dir) && f.pathEqual(p[:len(dir)], dir)
}
