package facts

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
)

// isAbs is filepath.IsAbs for the inspected OS, so that fakes can pretend
// to be Windows on a Linux test machine.
func isAbs(goos, p string) bool {
	if goos == "windows" {
		return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') || strings.HasPrefix(p, `\\`)
	}
	return strings.HasPrefix(p, "/")
}

// IsAbs reports whether p is absolute on the inspected OS.
func (f *Facts) IsAbs(p string) bool { return isAbs(f.GOOS(), p) }

// ListSeparator separates PATH-like lists on the inspected OS.
func (f *Facts) ListSeparator() string {
	if f.GOOS() == "windows" {
		return ";"
	}
	return ":"
}

// SplitList splits a PATH-like value the way the inspected OS does.
func (f *Facts) SplitList(v string) []string {
	if v == "" {
		return nil
	}
	parts := strings.Split(v, f.ListSeparator())
	if f.GOOS() == "windows" {
		for i, p := range parts {
			parts[i] = strings.Trim(p, `"`)
		}
	}
	return parts
}

// PathDirs is $PATH, split.
func (f *Facts) PathDirs() []string { return f.SplitList(f.Getenv("PATH")) }

// ExeName is name as an executable file name on the inspected OS.
func (f *Facts) ExeName(name string) string {
	if f.GOOS() == "windows" && !strings.HasSuffix(strings.ToLower(name), ".exe") {
		return name + ".exe"
	}
	return name
}

// LookPath finds the executable a shell would run for name.
func (f *Facts) LookPath(name string) (string, error) {
	all := f.lookPath(name, true)
	if len(all) == 0 {
		return "", &NotFoundError{Name: name}
	}
	return all[0], nil
}

// LookPathAll lists every executable called name on PATH, in PATH order
// (the first one wins), without duplicates.
func (f *Facts) LookPathAll(name string) []string { return f.lookPath(name, false) }

// NotFoundError is a LookPath miss.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string { return e.Name + ": executable file not found in $PATH" }

// IsExecutable reports whether path is a file the OS would run.
func (f *Facts) IsExecutable(path string) bool {
	st, err := f.OS.Stat(path)
	if err != nil || st.IsDir() {
		return false
	}
	if f.GOOS() == "windows" {
		return true // extension decides, and callers pass a PATHEXT name
	}
	return st.Mode()&0o111 != 0
}

func (f *Facts) lookPath(name string, firstOnly bool) []string {
	candidates := []string{name}
	if f.GOOS() == "windows" && filepath.Ext(name) == "" {
		exts := f.SplitList(f.Getenv("PATHEXT"))
		if len(exts) == 0 {
			exts = []string{".com", ".exe", ".bat", ".cmd"}
		}
		candidates = candidates[:0]
		for _, e := range exts {
			if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
				candidates = append(candidates, name+e)
			}
		}
	}
	var found []string
	seen := map[string]bool{}
	for _, dir := range f.PathDirs() {
		// Relative entries ("" and ".") are refused by os/exec since Go
		// 1.19 (exec.ErrDot); godx follows the same rule.
		if dir == "" || !f.IsAbs(dir) {
			continue
		}
		for _, c := range candidates {
			p := f.JoinPath(dir, c)
			if !f.IsExecutable(p) {
				continue
			}
			key := p
			if f.GOOS() == "windows" {
				key = strings.ToLower(p)
			}
			if seen[key] {
				break
			}
			seen[key] = true
			found = append(found, p)
			if firstOnly {
				return found
			}
			break
		}
	}
	return found
}

// IsNotExist reports whether err means a missing file.
func IsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
