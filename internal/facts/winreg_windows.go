//go:build windows

package facts

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// winRegOpen opens a full key path read-only, in the 64-bit view.
func winRegOpen(key string) (registry.Key, error) {
	root, path, _ := strings.Cut(key, `\`)
	var k registry.Key
	switch strings.ToUpper(root) {
	case "HKLM", "HKEY_LOCAL_MACHINE":
		k = registry.LOCAL_MACHINE
	case "HKCU", "HKEY_CURRENT_USER":
		k = registry.CURRENT_USER
	default:
		return 0, fmt.Errorf("registry key %s: unknown root %q", key, root)
	}
	h, err := registry.OpenKey(k, path, registry.QUERY_VALUE|registry.ENUMERATE_SUB_KEYS|registry.WOW64_64KEY)
	if err != nil {
		return 0, winRegError(key, "", err)
	}
	return h, nil
}

// winRegError maps registry errors onto fs errors, so callers can use
// IsNotExist and errors.Is(err, fs.ErrPermission) on every OS.
func winRegError(key, name string, err error) error {
	what := key
	if name != "" {
		what += `\` + name
	}
	switch {
	case errors.Is(err, registry.ErrNotExist), errors.Is(err, windows.ERROR_FILE_NOT_FOUND), errors.Is(err, windows.ERROR_PATH_NOT_FOUND):
		return &fs.PathError{Op: "read registry", Path: what, Err: fs.ErrNotExist}
	case errors.Is(err, windows.ERROR_ACCESS_DENIED):
		return &fs.PathError{Op: "read registry", Path: what, Err: fs.ErrPermission}
	}
	return &fs.PathError{Op: "read registry", Path: what, Err: err}
}

// RegString implements WinRegistry.
func (System) RegString(key, name string) (string, bool, error) {
	k, err := winRegOpen(key)
	if err != nil {
		return "", false, err
	}
	defer k.Close()
	v, typ, err := k.GetStringValue(name)
	if err != nil {
		return "", false, winRegError(key, name, err)
	}
	return v, typ == registry.EXPAND_SZ, nil
}

// RegInteger implements WinRegistry.
func (System) RegInteger(key, name string) (uint64, error) {
	k, err := winRegOpen(key)
	if err != nil {
		return 0, err
	}
	defer k.Close()
	v, _, err := k.GetIntegerValue(name)
	if err != nil {
		return 0, winRegError(key, name, err)
	}
	return v, nil
}

// RegValueNames implements WinRegistry.
func (System) RegValueNames(key string) ([]string, error) {
	k, err := winRegOpen(key)
	if err != nil {
		return nil, err
	}
	defer k.Close()
	names, err := k.ReadValueNames(-1)
	if err != nil {
		return nil, winRegError(key, "", err)
	}
	return names, nil
}

// FreshEnviron implements WinRegistry.
func (System) FreshEnviron() ([]string, error) {
	tok, err := windows.OpenCurrentProcessToken() // TOKEN_QUERY, a real handle
	if err != nil {
		return nil, err
	}
	defer tok.Close()
	return tok.Environ(false)
}
