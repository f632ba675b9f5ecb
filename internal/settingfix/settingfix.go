// Package settingfix builds the fixes that change a Go setting where it is
// defined: the environment, the go env -w file, $GOROOT/go.env, or a VS
// Code settings file. Each source has one wording and one set of
// commands, so every check that says "unset GOFLAGS" or "set GOTOOLCHAIN"
// says it the same way.
//
// Commands are PowerShell on Windows and POSIX shell elsewhere (see
// shellquote.ForGOOS); every value in them is quoted with
// internal/shellquote. Callers keep their own lead sentence (what to do
// and why) and this package adds where and how.
package settingfix

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goenvfile"
	"github.com/godx-dev/godx/internal/shellquote"
)

// posixProfiles are the startup files a POSIX user sets variables in.
const posixProfiles = "~/.profile, ~/.bashrc, ~/.zshrc"

// Unset is the fix that removes s where it is defined. lead is the
// caller's first sentence, ending in a full stop; Unset adds where s is
// set and how to remove it there. A setting defined nowhere (nil, or the
// default) has nothing to remove: the fix is lead alone.
func Unset(goos string, s *facts.Setting, lead string) *check.Fix {
	if s == nil {
		return &check.Fix{Description: lead}
	}
	name, d := s.Name, s.Definition
	cmds := UnsetCommands(goos, name, d)
	switch d.Source {
	case facts.FromEnvironment:
		if goos == "windows" {
			return &check.Fix{
				Description: lead + " It is set in " + d.Where() + ": remove it in System Properties > Environment Variables (or with the commands below), then open a new terminal.",
				Commands:    cmds,
			}
		}
		return &check.Fix{
			Description: fmt.Sprintf("%s It is set in %s: delete the `export %s=...` line from your shell profile (%s) and unset it in this shell:", lead, d.Where(), name, posixProfiles),
			Commands:    cmds,
		}
	case facts.FromEnvFile:
		return &check.Fix{Description: fmt.Sprintf("%s It is set in %s:", lead, d.Where()), Commands: cmds}
	case facts.FromGorootEnv:
		return &check.Fix{
			Description: fmt.Sprintf("%s It is set in %s, which is part of the Go installation: delete the %s= line there, or override it with `go env -w %s=<value>`.", lead, d.Where(), name, name),
		}
	}
	return &check.Fix{Description: lead}
}

// Set is the fix that sets s to value where it is defined: in the
// environment when that is where it is set (the environment overrides
// everything else), and otherwise with go env -w, which also overrides
// $GOROOT/go.env. lead is the caller's first sentence, ending in a full
// stop. For a nil setting the fix is lead alone.
func Set(goos string, s *facts.Setting, value, lead string) *check.Fix {
	if s == nil {
		return &check.Fix{Description: lead}
	}
	name, d := s.Name, s.Definition
	cmds := SetCommands(goos, name, value, d)
	switch d.Source {
	case facts.FromEnvironment:
		if goos == "windows" {
			return &check.Fix{
				Description: lead + " It is set in " + d.Where() + ": change it in System Properties > Environment Variables (or with the commands below), then open a new terminal.",
				Commands:    cmds,
			}
		}
		return &check.Fix{
			Description: fmt.Sprintf("%s It is set in %s: change the `export %s=...` line in your shell profile (%s), and in this shell run:", lead, d.Where(), name, posixProfiles),
			Commands:    cmds,
		}
	case facts.FromEnvFile:
		return &check.Fix{Description: fmt.Sprintf("%s It is set in %s:", lead, d.Where()), Commands: cmds}
	case facts.FromGorootEnv:
		return &check.Fix{
			Description: fmt.Sprintf("%s It is set in %s, which is part of the Go installation: edit the %s= line there, or override it for your user:", lead, d.Where(), name),
			Commands:    cmds,
		}
	}
	return &check.Fix{Description: lead, Commands: cmds}
}

// UnsetCommands are the commands that remove d, a definition of name:
// for the environment, the user's variable (on Windows, where it
// persists in the registry) and the running shell's; for the go env -w
// file, go env -u. $GOROOT/go.env is edited by hand, and a default has
// nothing to remove: nil.
func UnsetCommands(goos, name string, d facts.Definition) []string {
	switch d.Source {
	case facts.FromEnvironment:
		if goos == "windows" {
			return []string{
				fmt.Sprintf("[Environment]::SetEnvironmentVariable(%s, $null, 'User')", shellquote.PS(name)),
				ShellUnset(goos, name),
			}
		}
		return []string{ShellUnset(goos, name)}
	case facts.FromEnvFile:
		return []string{GoEnvUnset(goos, name)}
	}
	return nil
}

// SetCommands are the commands that set name to value at d's source: for
// the environment, the user's variable (on Windows) and the running
// shell's; anywhere else, go env -w.
func SetCommands(goos, name, value string, d facts.Definition) []string {
	if d.Source == facts.FromEnvironment {
		if goos == "windows" {
			return []string{
				fmt.Sprintf("[Environment]::SetEnvironmentVariable(%s, %s, 'User')", shellquote.PS(name), shellquote.PS(value)),
				ShellSet(goos, name, value),
			}
		}
		return []string{ShellSet(goos, name, value)}
	}
	return []string{GoEnvSet(goos, name, value)}
}

// GoEnvSet is `go env -w NAME=value`, quoted for goos's shell.
func GoEnvSet(goos, name, value string) string {
	return shellquote.Join(shellquote.ForGOOS(goos), "go", "env", "-w", name+"="+value)
}

// GoEnvUnset is `go env -u NAME`. A name read from a file can be
// anything, so it is quoted too.
func GoEnvUnset(goos, name string) string {
	return shellquote.Join(shellquote.ForGOOS(goos), "go", "env", "-u", name)
}

// ShellSet sets an environment variable in the running shell only:
// `export NAME=value`, or `$env:NAME = 'value'` in PowerShell.
func ShellSet(goos, name, value string) string {
	if goos == "windows" {
		return "$env:" + name + " = " + shellquote.PS(value)
	}
	return "export " + name + "=" + shellquote.POSIX(value)
}

// ShellUnset removes environment variables from the running shell only:
// `unset NAME…`, or `Remove-Item Env:NAME, …` in PowerShell.
func ShellUnset(goos string, names ...string) string {
	if goos == "windows" {
		return "Remove-Item Env:" + strings.Join(names, ", Env:")
	}
	return "unset " + strings.Join(names, " ")
}

// WithEnv runs command (already quoted for goos's shell) with name set to
// value for that one command: `NAME=value command` in a POSIX shell;
// PowerShell has no such prefix, so it sets the variable, runs the
// command and removes the variable again.
func WithEnv(goos, name, value, command string) string {
	if goos == "windows" {
		return ShellSet(goos, name, value) + "; " + command + "; " + ShellUnset(goos, name)
	}
	return name + "=" + shellquote.POSIX(value) + " " + command
}

// EnvFileUnset is the automatic fix that removes name from the go env -w
// file d names (what `go env -u NAME` does), and EnvFileSet the one that
// sets it there (`go env -w NAME=value`). Both edit the file itself
// (goenvfile.Unset, goenvfile.Set) rather than run the go command: the go
// command refuses to start while the file holds another value it cannot
// use (a missing GOROOT, a GOPATH starting with ~), so each such fix run
// as a command would fail on the other; as edits of one file, godx fix
// combines them into one write, backed up and undone like any edit. They
// are nil when d is not the go env -w file (the fixer refuses a relative
// path).
func EnvFileUnset(d facts.Definition, name string) *check.AutoFix {
	if !envFileEditable(d) {
		return nil
	}
	return check.EditFix(d.Origin, func(old []byte) ([]byte, error) { return goenvfile.Unset(old, name), nil })
}

// EnvFileSet: see EnvFileUnset.
func EnvFileSet(d facts.Definition, name, value string) *check.AutoFix {
	if !envFileEditable(d) {
		return nil
	}
	return check.EditFix(d.Origin, func(old []byte) ([]byte, error) { return goenvfile.Set(old, name, value) })
}

func envFileEditable(d facts.Definition) bool {
	return d.Source == facts.FromEnvFile && d.Origin != ""
}
