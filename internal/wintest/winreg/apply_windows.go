package winreg

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sys/windows/registry"
)

// Apply performs ops in order and returns the ops that restore every
// value as it was, in the order to apply them.
func Apply(ops []Op) (undo []Op, err error) {
	for _, op := range ops {
		k, err := open(op.Key)
		if err != nil {
			return undo, err
		}
		prev, err := read(k, op)
		if err == nil {
			err = write(k, op)
		}
		k.Close()
		if err != nil {
			return undo, fmt.Errorf("%s\\%s: %w", op.Key, op.Name, err)
		}
		undo = append([]Op{prev}, undo...)
	}
	return undo, nil
}

// Query returns the current value of each op's key and name, as the Op
// that would set it (Type "" when the value does not exist).
func Query(ops []Op) ([]Op, error) {
	var out []Op
	for _, op := range ops {
		k, err := open(op.Key)
		if err != nil {
			return out, err
		}
		cur, err := read(k, op)
		k.Close()
		if err != nil {
			return out, fmt.Errorf("%s\\%s: %w", op.Key, op.Name, err)
		}
		out = append(out, cur)
	}
	return out, nil
}

func open(key string) (registry.Key, error) {
	root, path, _ := strings.Cut(key, `\`)
	var k registry.Key
	switch strings.ToUpper(root) {
	case "HKLM":
		k = registry.LOCAL_MACHINE
	case "HKCU":
		k = registry.CURRENT_USER
	default:
		return 0, fmt.Errorf("registry key %s: root must be HKLM or HKCU", key)
	}
	h, _, err := registry.CreateKey(k, path, registry.ALL_ACCESS|registry.WOW64_64KEY)
	return h, err
}

// read returns the Op that puts op's value back as it is now.
func read(k registry.Key, op Op) (Op, error) {
	prev := Op{Key: op.Key, Name: op.Name}
	_, typ, err := k.GetValue(op.Name, nil)
	switch {
	case errors.Is(err, registry.ErrNotExist):
		return prev, nil
	case err != nil && !errors.Is(err, registry.ErrShortBuffer):
		return prev, err
	}
	switch typ {
	case registry.SZ, registry.EXPAND_SZ:
		s, _, err := k.GetStringValue(op.Name)
		prev.Type, prev.Value = "REG_SZ", s
		if typ == registry.EXPAND_SZ {
			prev.Type = "REG_EXPAND_SZ"
		}
		return prev, err
	case registry.DWORD:
		n, _, err := k.GetIntegerValue(op.Name)
		prev.Type, prev.Value = "REG_DWORD", strconv.FormatUint(n, 10)
		return prev, err
	}
	return prev, fmt.Errorf("value type %d is not supported", typ)
}

func write(k registry.Key, op Op) error {
	switch op.Type {
	case "":
		if err := k.DeleteValue(op.Name); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return err
		}
		return nil
	case "REG_SZ":
		return k.SetStringValue(op.Name, op.Value)
	case "REG_EXPAND_SZ":
		return k.SetExpandStringValue(op.Name, op.Value)
	case "REG_DWORD":
		n, err := strconv.ParseUint(op.Value, 10, 32)
		if err != nil {
			return err
		}
		return k.SetDWordValue(op.Name, uint32(n))
	}
	return fmt.Errorf("unknown type %q", op.Type)
}
