package redact_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/redact"
)

func TestCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"GOPROXY=https://ghp_TOKEN@proxy.example,direct":       "GOPROXY=https://xxxxx@proxy.example,direct",
		"https://me:a,b@p1.example|https://u:p@p2.example/x":   "https://xxxxx@p1.example|https://xxxxx@p2.example/x",
		"https://proxy.example/mod?token=SECRET&v=1":           "https://proxy.example/mod?token=xxxxx&v=1",
		"https://h.example/x?X-Amz-Signature=abc&Key=K1#frag":  "https://h.example/x?X-Amz-Signature=xxxxx&Key=xxxxx#frag",
		"https://proxy.example/me:secret@x":                    "https://proxy.example/me:secret@x",
		"git@github.com:me/repo.git and ssh://git@host/x":      "git@github.com:me/repo.git and ssh://xxxxx@host/x",
		"file:///srv/proxy":                                    "file:///srv/proxy",
		`Get "https://me:s3cr%40t@proxy.example/@v/list": EOF`: `Get "https://xxxxx@proxy.example/@v/list": EOF`,
	} {
		if got := redact.Credentials(in); got != want {
			t.Errorf("Credentials(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

func TestIdentity(t *testing.T) {
	id := redact.NewIdentity([]string{"/home/ann", `C:\Users\Ann`}, []string{"ann", "go", "root"}, []string{"ann-laptop.corp.example", "localhost"})
	for in, want := range map[string]string{
		"/home/ann/go/bin/gopls":                         "~/go/bin/gopls",
		"/home/ann":                                      "~",
		"/home/anna/x and /home/ann.bak":                 "/home/anna/x and /home/<user>.bak", // the name in a file name goes too
		`C:\Users\ann\go\bin;C:/Users/Ann/sdk`:           `~\go\bin;~/sdk`,
		"owned by ann (uid 1000), ann ann":               "owned by <user> (uid 1000), <user> <user>",
		"annotation anne ann_x":                          "annotation anne ann_x",
		"host ANN-LAPTOP.corp.example and ann-laptop:22": "host <host> and <host>:22",
		"go run . as root on localhost":                  "go run . as root on localhost",
		"GOPROXY=https://ann:pw@proxy.example":           "GOPROXY=https://xxxxx@proxy.example",
	} {
		if got := id.Apply(in); got != want {
			t.Errorf("Apply(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

func TestIdentityJSONKeepsOrderAndTypes(t *testing.T) {
	id := redact.NewIdentity([]string{"/home/ann"}, []string{"ann"}, nil)
	in := `{"z": "/home/ann/x", "a": [1, 2.50, true, null, {"/home/ann/k": "ann"}], "m": {}, "e": [], "n": -0.1e3}`
	out, err := id.JSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"z":"~/x","a":[1,2.50,true,null,{"~/k":"<user>"}],"m":{},"e":[],"n":-0.1e3}`
	if string(out) != want {
		t.Errorf("JSON:\n got %s\nwant %s", out, want)
	}
	if !json.Valid(out) {
		t.Errorf("invalid JSON")
	}
	if _, err := id.JSON([]byte(`{"a": `)); err == nil || strings.Contains(err.Error(), "ann") {
		t.Errorf("truncated JSON: %v", err)
	}
}
