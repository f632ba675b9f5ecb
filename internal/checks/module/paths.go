package module

import (
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/shellquote"
)

// findUp returns the first dir/name that exists walking up from dir (name
// may contain a slash: ".git/config"), or "". Like cmd/go's
// findModuleRoot it accepts only files.
func findUp(f *facts.Facts, dir, name string) string {
	dir = f.CleanPath(dir)
	for {
		p := f.JoinPath(dir, name)
		if isFile(f, p) {
			return p
		}
		parent := f.ParentDir(dir)
		if parent == dir || parent == "." {
			return ""
		}
		dir = parent
	}
}

// isFile reports whether p exists and is not a directory.
func isFile(f *facts.Facts, p string) bool {
	st, err := f.OS.Stat(p)
	return err == nil && !st.IsDir()
}

// showEmpty shows an empty go env value as "" in evidence and summaries.
func showEmpty(v string) string {
	if v == "" {
		return `""`
	}
	return v
}

// moveAsideCmd is a command that moves a stray file out of the way (to
// NAME.bak), for the shell of the inspected OS.
func moveAsideCmd(f *facts.Facts, p string) string {
	if f.GOOS() == "windows" {
		return shellquote.Join(shellquote.PowerShell, "Rename-Item", p, f.BaseName(p)+".bak")
	}
	return shellquote.Join(shellquote.POSIXShell, "mv", p, p+".bak")
}
