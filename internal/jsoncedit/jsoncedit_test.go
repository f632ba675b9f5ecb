package jsoncedit

import (
	"testing"
)

const settings = `// user settings
{
    // the Go we used last year
    "go.goroot": "/usr/local/go1.19", // gone since
    "editor.tabSize": 4, /* keep */
    "go.alternateTools": {
        "go": "/opt/go1.19/bin/go",   // old
        "gopls": "/home/u/bin/gopls",
    },
    "go.useGoProxyToCheckForToolUpdates": false,
    "launch": {"configurations": [{"env": {"GOFLAGS": "-mod=vendor", "CGO_ENABLED": "0"}}]},
}
`

func TestRemove(t *testing.T) {
	for _, tc := range []struct {
		ptr, want string
	}{
		{Pointer("go.goroot"), `// user settings
{
    "editor.tabSize": 4, /* keep */
    "go.alternateTools": {
        "go": "/opt/go1.19/bin/go",   // old
        "gopls": "/home/u/bin/gopls",
    },
    "go.useGoProxyToCheckForToolUpdates": false,
    "launch": {"configurations": [{"env": {"GOFLAGS": "-mod=vendor", "CGO_ENABLED": "0"}}]},
}
`},
		{Pointer("go.alternateTools", "go"), `// user settings
{
    // the Go we used last year
    "go.goroot": "/usr/local/go1.19", // gone since
    "editor.tabSize": 4, /* keep */
    "go.alternateTools": {
        "gopls": "/home/u/bin/gopls",
    },
    "go.useGoProxyToCheckForToolUpdates": false,
    "launch": {"configurations": [{"env": {"GOFLAGS": "-mod=vendor", "CGO_ENABLED": "0"}}]},
}
`},
		{Pointer("launch", "configurations", "0", "env", "GOFLAGS"), `// user settings
{
    // the Go we used last year
    "go.goroot": "/usr/local/go1.19", // gone since
    "editor.tabSize": 4, /* keep */
    "go.alternateTools": {
        "go": "/opt/go1.19/bin/go",   // old
        "gopls": "/home/u/bin/gopls",
    },
    "go.useGoProxyToCheckForToolUpdates": false,
    "launch": {"configurations": [{"env": {"CGO_ENABLED": "0"}}]},
}
`},
	} {
		got, err := Remove([]byte(settings), tc.ptr)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("Remove(%s):\n%s\nwant:\n%s", tc.ptr, got, tc.want)
		}
		again, err := Remove(got, tc.ptr)
		if err != nil || string(again) != string(got) {
			t.Errorf("Remove(%s) twice changed the file again (%v):\n%s", tc.ptr, err, again)
		}
	}
	if _, err := Remove([]byte(`{"a": 1,,}`), "/a"); err == nil {
		t.Error("invalid JSONC: no error")
	}
}

func TestRename(t *testing.T) {
	got, err := Rename([]byte(settings), "", "go.useGoProxyToCheckForToolUpdates", "go.toolsManagement.checkForUpdates", []byte(`"local"`))
	if err != nil {
		t.Fatal(err)
	}
	want := `// user settings
{
    // the Go we used last year
    "go.goroot": "/usr/local/go1.19", // gone since
    "editor.tabSize": 4, /* keep */
    "go.alternateTools": {
        "go": "/opt/go1.19/bin/go",   // old
        "gopls": "/home/u/bin/gopls",
    },
    "go.toolsManagement.checkForUpdates": "local",
    "launch": {"configurations": [{"env": {"GOFLAGS": "-mod=vendor", "CGO_ENABLED": "0"}}]},
}
`
	if string(got) != want {
		t.Errorf("Replace:\n%s\nwant:\n%s", got, want)
	}
	again, err := Rename(got, "", "go.useGoProxyToCheckForToolUpdates", "go.toolsManagement.checkForUpdates", []byte(`"local"`))
	if err != nil || string(again) != string(got) {
		t.Errorf("Replace twice changed the file again (%v):\n%s", err, again)
	}
}

// A successor already set wins: the old member is only removed.
func TestRenameSuccessorSet(t *testing.T) {
	in := "{\n  \"a\": true, // old\n  \"b\": \"x\",\n}\n"
	got, err := Rename([]byte(in), "", "a", "b", []byte(`"y"`))
	if err != nil || string(got) != "{\n  \"b\": \"x\",\n}\n" {
		t.Errorf("Rename = %q, %v", got, err)
	}
}

// The last member, on its own line or inline, the only member, and CRLF
// lines: the rest stays as it was, and the result is valid JSONC.
func TestRemoveEdges(t *testing.T) {
	for _, tc := range []struct{ in, ptr, want string }{
		{"{\n\t\"a\": 1, // one\n\t/* old */\n\t\"b\": 2,\n}\n", "/b", "{\n\t\"a\": 1, // one\n}\n"},
		{"{\n\t\"a\": 1,\n\t\"b\": 2\n}\n", "/b", "{\n\t\"a\": 1,\n}\n"},
		{`{"a": 1, "b": 2}`, "/b", `{"a": 1}`},
		{`{"a": 1}`, "/a", `{}`},
		{"{\r\n  \"a\": 1,\r\n  \"b\": 2, // x\r\n}\r\n", "/a", "{\r\n  \"b\": 2, // x\r\n}\r\n"},
		{`{"l": [1, 2, 3]}`, "/l/1", `{"l": [1, 3]}`},
	} {
		got, err := Remove([]byte(tc.in), tc.ptr)
		if err != nil || string(got) != tc.want {
			t.Errorf("Remove(%q, %s) = %q, %v; want %q", tc.in, tc.ptr, got, err, tc.want)
		}
	}
}
