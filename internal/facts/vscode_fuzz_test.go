package facts_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

// FuzzParseJSONC feeds arbitrary bytes to the JSONC reader of VS Code's
// settings.json, launch.json, tasks.json and *.code-workspace files.
// Whatever the bytes: no panic; a file that parses has every top-level
// key on a line of the file; an error's line and column are in the file;
// and a file that is plain JSON (what encoding/json accepts, an object at
// the top) parses to exactly what encoding/json reads from it.
//
//	go test -run '^$' -fuzz FuzzParseJSONC -parallel 1 ./internal/facts
func FuzzParseJSONC(f *testing.F) {
	for _, s := range []string{
		vscodeUserJSONC,
		"",
		"// only a comment\n/* and another */",
		`{"go.goroot": "/x", "go.goroot": "/y", "a/b~c": {"d": [1, 2,],},}`,
		"\xef\xbb\xbf{\"x\": 1}",
		`{"\u0067o.gopath": "\ud800", "": null}`,
		"[1, 2]",
		`{"x": 1} trailing`,
		"{\n  \"x\": \"unterminated\n}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		j := facts.ParseJSONC("settings.json", data)
		lines := bytes.Count(data, []byte("\n")) + 1
		if j.Err != nil {
			if j.Root != nil {
				t.Fatalf("Root %v next to Err %v", j.Root, j.Err)
			}
			var je *facts.JSONCError
			if !errors.As(j.Err, &je) {
				t.Fatalf("error %T %v is not a JSONCError", j.Err, j.Err)
			}
			if je.Line < 0 || je.Line > lines || je.Column < 0 || je.Line == 0 && je.Column != 0 {
				t.Fatalf("error at %d:%d of a %d-line file: %v", je.Line, je.Column, lines, je)
			}
		} else {
			if j.Root == nil {
				t.Fatal("no error and no Root")
			}
			for k := range j.Root {
				ptr := "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
				if l := j.Line(ptr); l < 1 || l > lines {
					t.Fatalf("key %q is on line %d of a %d-line file", k, l, lines)
				}
			}
		}

		// Plain JSON reads as encoding/json reads it.
		plain := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		var want map[string]any
		if !json.Valid(plain) || json.Unmarshal(plain, &want) != nil || want == nil {
			return
		}
		if j.Err != nil {
			t.Fatalf("plain JSON object rejected: %v", j.Err)
		}
		got := map[string]any{}
		for k, raw := range j.Root {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatalf("%q: %v", k, err)
			}
			got[k] = v
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("read %v, encoding/json reads %v", got, want)
		}
	})
}
