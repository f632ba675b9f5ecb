// Package jsoncedit changes one value of a JSON-with-comments document
// (VS Code's settings.json, launch.json, *.code-workspace) and keeps every
// other byte: comments, trailing commas, indentation and key order. The
// edits are idempotent: an edit already made returns its input unchanged,
// so a fix applied twice changes nothing the second time.
package jsoncedit

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tailscale/hujson"
)

// Pointer is the RFC 6901 JSON pointer to the member at keys ("/go.goroot",
// "/settings/go.alternateTools/go").
func Pointer(keys ...string) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// Remove deletes the member (or array element) at ptr. A document
// without it is returned unchanged.
func Remove(data []byte, ptr string) ([]byte, error) {
	v, err := hujson.Parse(data)
	if err != nil {
		return nil, err
	}
	if v.Find(ptr) == nil {
		return data, nil
	}
	if err := patch(&v, map[string]any{"op": "remove", "path": ptr}); err != nil {
		return nil, err
	}
	return v.Pack(), nil
}

// Rename gives the member key of the object at parent (a pointer, "" for
// the document) the name to and the value (JSON), in place: its comments
// and position stay. When the object already has to, the old member is
// removed instead (the successor is set: it wins). A document without key
// is returned unchanged.
func Rename(data []byte, parent, key, to string, value json.RawMessage) ([]byte, error) {
	v, err := hujson.Parse(data)
	if err != nil {
		return nil, err
	}
	if v.Find(parent+Pointer(key)) == nil {
		return data, nil
	}
	if v.Find(parent+Pointer(to)) != nil {
		return Remove(data, parent+Pointer(key))
	}
	nv, err := hujson.Parse(value)
	if err != nil {
		return nil, fmt.Errorf("replacement for %s is not JSON: %w", key, err)
	}
	obj, ok := v.Find(parent).Value.(*hujson.Object)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", parent)
	}
	for i := range obj.Members {
		m := &obj.Members[i]
		if lit, ok := m.Name.Value.(hujson.Literal); ok && lit.String() == key {
			m.Name.Value = hujson.String(to)
			m.Value.Value = nv.Value
		}
	}
	return v.Pack(), nil
}

func patch(v *hujson.Value, op map[string]any) error {
	b, err := json.Marshal([]map[string]any{op})
	if err != nil {
		return err
	}
	return v.Patch(b)
}
