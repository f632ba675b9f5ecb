package facts

import (
	"errors"
	"strings"
)

// WinRegistry is an optional part of OS: the Windows registry and the
// environment Windows would give a newly started process. System
// implements it on Windows; tests implement it with
// factstest.WinRegistry. Keys are full paths with a root of HKLM or HKCU
// (`HKLM\SYSTEM\CurrentControlSet\Control\FileSystem`).
//
// Errors: a missing key or value is fs.ErrNotExist (IsNotExist), access
// denied is fs.ErrPermission, and ErrWinRegistryUnavailable means there is
// no registry at all (not Windows).
type WinRegistry interface {
	// RegString reads a REG_SZ or REG_EXPAND_SZ value, unexpanded;
	// expand reports REG_EXPAND_SZ.
	RegString(key, name string) (value string, expand bool, err error)
	// RegInteger reads a REG_DWORD or REG_QWORD value.
	RegInteger(key, name string) (uint64, error)
	// RegValueNames lists the names of the values under key.
	RegValueNames(key string) ([]string, error)
	// FreshEnviron is the environment block of the current user's token
	// without inheriting this process's environment (what a program
	// started now from Explorer gets): golang.org/x/sys/windows
	// Token.Environ(false), i.e. CreateEnvironmentBlock(bInherit=FALSE).
	FreshEnviron() ([]string, error)
}

// ErrWinRegistryUnavailable is returned where there is no Windows registry.
var ErrWinRegistryUnavailable = errors.New("the Windows registry is not available here")

// WinRegistry returns the OS's registry, or one that answers
// ErrWinRegistryUnavailable to everything.
func (f *Facts) WinRegistry() WinRegistry {
	if r, ok := f.OS.(WinRegistry); ok {
		return r
	}
	return noWinRegistry{}
}

type noWinRegistry struct{}

func (noWinRegistry) RegString(string, string) (string, bool, error) {
	return "", false, ErrWinRegistryUnavailable
}
func (noWinRegistry) RegInteger(string, string) (uint64, error) {
	return 0, ErrWinRegistryUnavailable
}
func (noWinRegistry) RegValueNames(string) ([]string, error) {
	return nil, ErrWinRegistryUnavailable
}
func (noWinRegistry) FreshEnviron() ([]string, error) { return nil, ErrWinRegistryUnavailable }

// ExpandWindowsVars expands %NAME% references the way Windows'
// ExpandEnvironmentStrings does: names are case-insensitive, and a
// reference to an undefined variable is left as it is. lookup is asked
// with the name as written.
func ExpandWindowsVars(s string, lookup func(name string) (string, bool)) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i+1:]
		j := strings.IndexByte(s, '%')
		if j < 0 {
			b.WriteByte('%')
			b.WriteString(s)
			return b.String()
		}
		name := s[:j]
		if v, ok := lookup(name); ok && name != "" {
			b.WriteString(v)
			s = s[j+1:]
			continue
		}
		// Undefined: keep "%name" and let the closing % start the next
		// reference, as ExpandEnvironmentStrings does.
		b.WriteByte('%')
		b.WriteString(name)
		s = s[j:]
	}
}

// EnvLookup returns a case-insensitive lookup in a KEY=value list (the
// first definition wins), for ExpandWindowsVars.
func EnvLookup(env []string) func(string) (string, bool) {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			continue
		}
		k = strings.ToUpper(k)
		if _, dup := m[k]; !dup {
			m[k] = v
		}
	}
	return func(name string) (string, bool) {
		v, ok := m[strings.ToUpper(name)]
		return v, ok
	}
}
