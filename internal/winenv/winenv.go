// Package winenv works out the environment a program started now would
// get on Windows, and reads PATH values the way Windows does.
//
// A Windows process's environment is a snapshot taken when it started:
// installers and the System Properties dialog change the registry, and
// only programs started afterwards see the change. Comparing this
// process's environment with New's answer shows what a restart of the
// terminal or IDE would change.
package winenv

import (
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// The registry keys that hold the system-wide and the current user's
// environment variables.
const (
	SystemKey = `HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment`
	UserKey   = `HKCU\Environment`
)

// Env is the environment a program started now would get.
type Env struct {
	// Source says where it was read from, for evidence: the user's
	// default environment block, or the registry (with why the block
	// could not be had).
	Source string
	// Path is the PATH value, with %VAR% references unexpanded.
	Path string
	// Vars holds the requested variables that are set and not empty,
	// keyed by the requested names.
	Vars map[string]string
	// Lookup finds any variable of that environment, for expanding Path's
	// entries (List). With the registry fallback, variables the registry
	// does not hold come from this process.
	Lookup func(name string) (string, bool)
}

// New reads the environment a program started now would get: the current
// user's default environment block (facts.WinRegistry.FreshEnviron), else
// the registry's system variables overridden by the user's, with Path the
// system Path followed by the user's, as Windows builds it. names are the
// variables to put in Env.Vars. The error is the reason neither source
// can be read (facts.ErrWinRegistryUnavailable when this is not Windows).
func New(f *facts.Facts, names ...string) (*Env, error) {
	reg := f.WinRegistry()
	block, blockErr := reg.FreshEnviron()
	if blockErr == nil {
		lookup := facts.EnvLookup(block)
		path, _ := lookup("PATH")
		env := &Env{Source: "the user's default environment block (CreateEnvironmentBlock)", Path: path, Vars: map[string]string{}, Lookup: lookup}
		for _, name := range names {
			// Windows expands REG_EXPAND_SZ values when it builds the
			// block, so this changes nothing there; Wine leaves the user's
			// as written (%USERPROFILE%\gopath), and a value godx shows or
			// puts in a command must be the one a new process uses.
			if v, ok := lookup(name); ok && v != "" {
				env.Vars[name] = facts.ExpandWindowsVars(v, lookup)
			}
		}
		return env, nil
	}
	if errors.Is(blockErr, facts.ErrWinRegistryUnavailable) && !hasRegistry(reg) {
		return nil, blockErr
	}
	raw := map[string]string{}
	var readErr error
	read := func(key, name string) (string, bool) {
		v, _, err := reg.RegString(key, name)
		if err != nil {
			if !facts.IsNotExist(err) && readErr == nil {
				readErr = err
			}
			return "", false
		}
		return v, true
	}
	sysPath, sysOK := read(SystemKey, "Path")
	userPath, userOK := read(UserKey, "Path")
	if !sysOK && !userOK {
		if readErr == nil {
			readErr = fmt.Errorf("no Path value in %s or %s", SystemKey, UserKey)
		}
		return nil, fmt.Errorf("%v (and the user's environment block: %v)", readErr, blockErr)
	}
	for _, key := range []string{SystemKey, UserKey} { // the user's win
		for _, name := range names {
			if v, ok := read(key, name); ok {
				raw[strings.ToUpper(name)] = v
			}
		}
	}
	procLookup := facts.EnvLookup(f.Environ())
	env := &Env{
		Source: "the registry (" + SystemKey + " and " + UserKey + "; the user's environment block: " + blockErr.Error() + ")",
		Vars:   map[string]string{},
		Lookup: func(name string) (string, bool) {
			if v, ok := raw[strings.ToUpper(name)]; ok {
				return v, true
			}
			return procLookup(name)
		},
	}
	var parts []string
	for _, p := range []string{sysPath, userPath} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	env.Path = strings.Join(parts, ";")
	for _, name := range names {
		if v := raw[strings.ToUpper(name)]; v != "" {
			env.Vars[name] = facts.ExpandWindowsVars(v, procLookup)
		}
	}
	return env, nil
}

// hasRegistry tells a machine without a registry from one whose token
// environment alone is unavailable.
func hasRegistry(reg facts.WinRegistry) bool {
	_, err := reg.RegValueNames(UserKey)
	return !errors.Is(err, facts.ErrWinRegistryUnavailable)
}

// List splits and cleans a PATH value: %VAR% references expanded with
// lookup, quotes and trailing backslashes dropped, empty entries and
// duplicates (compared as Key does) removed.
func List(f *facts.Facts, path string, lookup func(string) (string, bool)) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range f.SplitList(path) {
		e = strings.TrimSpace(e)
		e = facts.ExpandWindowsVars(e, lookup)
		e = strings.TrimSpace(strings.Trim(e, `"`))
		if e == "" {
			continue
		}
		e = f.CleanPath(e)
		if len(e) > 3 {
			e = strings.TrimRight(e, `\`)
		}
		k := Key(e)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// Key is a directory as Windows compares PATH entries: case-insensitively
// and without trailing backslashes.
func Key(dir string) string { return strings.ToLower(strings.TrimRight(dir, `\`)) }

// LookPath finds the program name in dirs the way cmd.exe does: the
// first directory holding name with one of %PATHEXT%'s extensions
// (.com, .exe, .bat, .cmd when PATHEXT is unset); "" when none does.
// Relative entries are skipped: they depend on the current directory.
func LookPath(f *facts.Facts, dirs []string, name string) string {
	exts := f.SplitList(f.Getenv("PATHEXT"))
	if len(exts) == 0 {
		exts = []string{".com", ".exe", ".bat", ".cmd"}
	}
	for _, d := range dirs {
		if !f.IsAbs(d) {
			continue
		}
		for _, e := range exts {
			if e = strings.ToLower(strings.TrimSpace(e)); e == "" {
				continue
			}
			if p := f.JoinPath(d, name+e); f.IsExecutable(p) {
				return p
			}
		}
	}
	return ""
}
