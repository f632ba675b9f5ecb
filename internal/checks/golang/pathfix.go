package golang

// The fix that puts a directory on PATH for good, shared by go/installed
// (a Go installation's bin directory) and go/gobin-path (the go install
// directory), and the shell startup file godx writes that fix into.

import (
	"fmt"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/shellprofile"
	"github.com/godx-dev/godx/internal/shellquote"
)

// pathFixOnPath puts dir on PATH for good: the user Path on Windows,
// else a marked block in the shell's startup file (an automatic fix) and
// the line for this shell. shellInit says whether `godx shell-init
// --install` would add dir too (it adds the install directory).
func pathFixOnPath(f *facts.Facts, dir string, shellInit bool) *check.Fix {
	if f.GOOS() == "windows" {
		return &check.Fix{
			Description: fmt.Sprintf("Add %s to your user Path (this PowerShell command does it, and so does `godx shell-init --install --scope user`; or Settings > System > About > Advanced system settings > Environment Variables), then open a new terminal and restart your editor: running programs keep their old PATH.", dir),
			Commands: []string{
				fmt.Sprintf(`[Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + %s, 'User')`, shellquote.PS(";"+dir)),
			},
		}
	}
	line, profile, auto := pathFixExport(f, dir)
	if auto == nil {
		return &check.Fix{
			Description: fmt.Sprintf("Add %s to PATH in your shell startup file (~/.profile for most shells) and in this shell, then log out and in again or restart your editor.", dir),
			Commands:    []string{"echo " + shellquote.POSIX(line) + " >> ~/.profile", line},
		}
	}
	fix := &check.Fix{
		Description: fmt.Sprintf("Add %s to PATH in %s, in a marked godx block (`godx fix` writes it), and in this shell; then restart your editor.", dir, profile),
		Commands:    []string{line},
		Auto:        auto,
	}
	if shellInit {
		fix.Description = fmt.Sprintf("Add %s to PATH in %s, in a marked godx block (`godx fix` writes it; `godx shell-init --install` does the same), and in this shell; then restart your editor.", dir, profile)
		fix.Commands = []string{"godx shell-init --install", line}
	}
	return fix
}

// pathFixExport is the line that appends dir to PATH in the user's shell
// (Unix), and the edit of the shell's startup file that keeps it there (a
// marked godx block); auto is nil when godx does not know that file.
func pathFixExport(f *facts.Facts, dir string) (line, profile string, auto *check.AutoFix) {
	line = `export PATH="$PATH:` + shellquote.InDoubleQuotes(shellquote.POSIXShell, dir) + `"`
	sh, profile, ok := pathFixProfile(f)
	if !ok {
		return line, "", nil
	}
	goos, home := f.GOOS(), shellprofile.Home(f.GOOS(), f.Getenv)
	switch sh {
	case shellprofile.Fish:
		line = "set -gx PATH $PATH " + shellquote.Fish(dir)
	case shellprofile.Pwsh:
		line = "$env:PATH += " + shellquote.PS(":"+dir)
	}
	return line, profile, check.EditFix(profile, func(old []byte) ([]byte, error) {
		return shellprofile.AddDirs(old, sh, goos, home, []string{dir})
	})
}

// pathFixProfile is the user's shell (from $SHELL) and the startup file
// godx writes its PATH block into; ok is false on Windows (the user Path
// in the registry is the fix there) and for shells godx has no lines for.
func pathFixProfile(f *facts.Facts) (shellprofile.Shell, string, bool) {
	if f.GOOS() == "windows" {
		return "", "", false
	}
	sh, err := shellprofile.Detect(f.GOOS(), f.Getenv)
	if err != nil {
		return "", "", false
	}
	profile, err := shellprofile.ProfilePath(sh, f.GOOS(), f.Getenv)
	if err != nil || !f.IsAbs(profile) {
		return "", "", false
	}
	return sh, profile, true
}
