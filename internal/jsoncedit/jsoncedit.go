// Package jsoncedit changes one value of a JSON-with-comments document
// (VS Code's settings.json, launch.json, *.code-workspace) and keeps every
// other byte: comments, trailing commas, indentation and key order. The
// edits are idempotent: an edit already made returns its input unchanged,
// so a fix applied twice changes nothing the second time.
package jsoncedit

import (
	"bytes"
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

// Remove deletes the member (or array element) at ptr, cutting its bytes
// out of data and nothing else: on a line of its own, the whole line goes
// (with its comma, a comment after it on that line, and the comment lines
// directly above it); inside a one-line object or array, the member and
// its comma. A remaining trailing comma is valid JSONC. A document without
// the member is returned unchanged.
func Remove(data []byte, ptr string) ([]byte, error) {
	v, err := hujson.Parse(data)
	if err != nil {
		return nil, err
	}
	target := v.Find(ptr)
	if target == nil {
		return data, nil
	}
	cut := strings.LastIndex(ptr, "/")
	if cut < 0 {
		return nil, fmt.Errorf("cannot remove the whole document")
	}
	parent := v.Find(ptr[:cut])
	if parent == nil {
		return data, nil
	}
	start, end := target.StartOffset, target.EndOffset
	if obj, ok := parent.Value.(*hujson.Object); ok {
		for _, m := range obj.Members {
			if m.Value.StartOffset == target.StartOffset {
				start = m.Name.StartOffset
			}
		}
	}
	start, end = memberSpan(data, start, end)
	out := append(append([]byte(nil), data[:start]...), data[end:]...)
	if _, err := hujson.Parse(out); err != nil {
		return nil, fmt.Errorf("removing %s would break the file: %w", ptr, err)
	}
	return out, nil
}

// memberSpan widens the bytes of a member (name through value) to what
// removing it must take with it.
func memberSpan(data []byte, start, end int) (int, int) {
	blank := func(b []byte) bool { return len(bytes.Trim(b, " \t")) == 0 }
	skip := func(i int) int {
		for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
			i++
		}
		return i
	}
	lineStart := bytes.LastIndexByte(data[:start], '\n') + 1
	e := skip(end)
	comma := e < len(data) && data[e] == ','
	if comma {
		e++
	}
	if blank(data[lineStart:start]) {
		e2 := skip(e)
		if bytes.HasPrefix(data[e2:], []byte("//")) {
			if nl := bytes.IndexByte(data[e2:], '\n'); nl >= 0 {
				e2 += nl
			} else {
				e2 = len(data)
			}
		}
		if e2 < len(data) && data[e2] == '\r' {
			e2++
		}
		if e2 < len(data) && data[e2] == '\n' {
			// The member's own line(s), and the comment lines directly
			// above it, which describe it.
			s := lineStart
			for s > 0 {
				prev := bytes.LastIndexByte(data[:s-1], '\n') + 1
				line := bytes.TrimSpace(data[prev : s-1])
				if !bytes.HasPrefix(line, []byte("//")) && !(bytes.HasPrefix(line, []byte("/*")) && bytes.HasSuffix(line, []byte("*/"))) {
					break
				}
				s = prev
			}
			return s, e2 + 1
		}
	}
	if comma {
		return start, skip(e)
	}
	// The last member of a one-line object: take the comma before it.
	s := start
	for s > 0 && (data[s-1] == ' ' || data[s-1] == '\t') {
		s--
	}
	if s > 0 && data[s-1] == ',' {
		return s - 1, end
	}
	return start, end
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
