// Package winreg describes registry edits for the Wine harness's
// launcher, which applies them inside the Windows prefix (Apply, on
// Windows only) and returns the edits that undo them.
package winreg

// Op sets or deletes one registry value.
type Op struct {
	// Key is a full key path under HKLM or HKCU
	// (`HKCU\Environment`); it is created when missing.
	Key  string `json:"key"`
	Name string `json:"name"`
	// Type is REG_SZ, REG_EXPAND_SZ or REG_DWORD; empty deletes the value.
	Type string `json:"type,omitempty"`
	// Value is the data; a REG_DWORD's in decimal.
	Value string `json:"value,omitempty"`
}

// Set returns the Op that sets a string value (REG_EXPAND_SZ when
// expand).
func Set(key, name, value string, expand bool) Op {
	t := "REG_SZ"
	if expand {
		t = "REG_EXPAND_SZ"
	}
	return Op{Key: key, Name: name, Type: t, Value: value}
}

// Delete returns the Op that deletes a value.
func Delete(key, name string) Op { return Op{Key: key, Name: name} }
