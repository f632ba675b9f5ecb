package factstest

import (
	"io/fs"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/facts"
)

// WinOS is a fake Windows machine with a registry: an OS (OSName
// "windows") plus facts.WinRegistry.
type WinOS struct {
	*OS
	// Fresh is the environment a newly started process would get
	// (FreshEnviron); nil with FreshErr nil means "not available", so
	// callers fall back to the registry.
	Fresh    []string
	FreshErr error

	regMu  sync.Mutex
	values map[string]RegValue // lower(key)\x00lower(name)
	keys   map[string][]string // lower(key) -> value names, in order
	denied map[string]bool     // lower(key)
}

// RegValue is one fake registry value.
type RegValue struct {
	String string
	Expand bool // REG_EXPAND_SZ
	Int    uint64
	IsInt  bool // REG_DWORD
}

// NewWindows returns a fake Windows/amd64 machine: working directory
// C:\work, a minimal environment, an empty registry.
func NewWindows() *WinOS {
	o := New()
	o.OSName = "windows"
	o.Wd = `C:\work`
	o.AddDir("C:/work")
	o.Env = []string{`SystemRoot=C:\Windows`, `USERPROFILE=C:\Users\me`, `LocalAppData=C:\Users\me\AppData\Local`, `AppData=C:\Users\me\AppData\Roaming`, "PATHEXT=.COM;.EXE;.BAT;.CMD"}
	return &WinOS{OS: o, values: map[string]RegValue{}, keys: map[string][]string{}, denied: map[string]bool{}}
}

// SetReg sets a string value (REG_EXPAND_SZ when expand).
func (w *WinOS) SetReg(key, name, value string, expand bool) {
	w.setReg(key, name, RegValue{String: value, Expand: expand})
}

// SetRegInt sets a REG_DWORD value.
func (w *WinOS) SetRegInt(key, name string, v uint64) {
	w.setReg(key, name, RegValue{Int: v, IsInt: true})
}

// AddRegKey creates an empty key.
func (w *WinOS) AddRegKey(key string) {
	w.regMu.Lock()
	defer w.regMu.Unlock()
	k := strings.ToLower(key)
	if _, ok := w.keys[k]; !ok {
		w.keys[k] = []string{}
	}
}

// DenyReg makes reading key (and its values) fail with access denied.
func (w *WinOS) DenyReg(key string) {
	w.regMu.Lock()
	defer w.regMu.Unlock()
	w.denied[strings.ToLower(key)] = true
}

func (w *WinOS) setReg(key, name string, v RegValue) {
	w.regMu.Lock()
	defer w.regMu.Unlock()
	k := strings.ToLower(key)
	id := k + "\x00" + strings.ToLower(name)
	if _, ok := w.values[id]; !ok {
		w.keys[k] = append(w.keys[k], name)
	}
	w.values[id] = v
}

func (w *WinOS) lookup(key, name string) (RegValue, error) {
	w.regMu.Lock()
	defer w.regMu.Unlock()
	k := strings.ToLower(key)
	if w.denied[k] {
		return RegValue{}, &fs.PathError{Op: "read registry", Path: key, Err: fs.ErrPermission}
	}
	if _, ok := w.keys[k]; !ok {
		return RegValue{}, &fs.PathError{Op: "read registry", Path: key, Err: fs.ErrNotExist}
	}
	v, ok := w.values[k+"\x00"+strings.ToLower(name)]
	if !ok {
		return RegValue{}, &fs.PathError{Op: "read registry", Path: key + `\` + name, Err: fs.ErrNotExist}
	}
	return v, nil
}

// RegString implements facts.WinRegistry.
func (w *WinOS) RegString(key, name string) (string, bool, error) {
	v, err := w.lookup(key, name)
	if err != nil {
		return "", false, err
	}
	if v.IsInt {
		return "", false, &fs.PathError{Op: "read registry", Path: key + `\` + name, Err: fs.ErrInvalid}
	}
	return v.String, v.Expand, nil
}

// RegInteger implements facts.WinRegistry.
func (w *WinOS) RegInteger(key, name string) (uint64, error) {
	v, err := w.lookup(key, name)
	if err != nil {
		return 0, err
	}
	if !v.IsInt {
		return 0, &fs.PathError{Op: "read registry", Path: key + `\` + name, Err: fs.ErrInvalid}
	}
	return v.Int, nil
}

// RegValueNames implements facts.WinRegistry.
func (w *WinOS) RegValueNames(key string) ([]string, error) {
	w.regMu.Lock()
	defer w.regMu.Unlock()
	k := strings.ToLower(key)
	if w.denied[k] {
		return nil, &fs.PathError{Op: "read registry", Path: key, Err: fs.ErrPermission}
	}
	names, ok := w.keys[k]
	if !ok {
		return nil, &fs.PathError{Op: "read registry", Path: key, Err: fs.ErrNotExist}
	}
	return append([]string(nil), names...), nil
}

// FreshEnviron implements facts.WinRegistry.
func (w *WinOS) FreshEnviron() ([]string, error) {
	if w.FreshErr != nil {
		return nil, w.FreshErr
	}
	if w.Fresh == nil {
		return nil, facts.ErrWinRegistryUnavailable
	}
	return append([]string(nil), w.Fresh...), nil
}

var _ facts.WinRegistry = (*WinOS)(nil)
