package facts

import (
	"strings"
	"testing"
)

func TestDefinitionWhereAndLabel(t *testing.T) {
	for _, tc := range []struct {
		d            Definition
		where, label string
	}{
		{Definition{Source: FromEnvironment}, "the environment", "environment variable"},
		{Definition{Source: FromEnvFile, Origin: "/home/u/.config/go/env"}, "the go env -w file /home/u/.config/go/env", "go env -w file /home/u/.config/go/env"},
		{Definition{Source: FromEnvFile}, "the go env -w file", "go env -w file"},
		{Definition{Source: FromGorootEnv, Origin: "/usr/local/go/go.env"}, "/usr/local/go/go.env", "/usr/local/go/go.env"},
		{Definition{Source: FromGorootEnv}, "$GOROOT/go.env", "$GOROOT/go.env"},
		{Definition{Source: FromDefault}, "the default", "default"},
		{Definition{Source: FromGoMod, Origin: "/src/m/go.mod"}, "/src/m/go.mod", "/src/m/go.mod"},
		{Definition{Source: FromGoWork}, "go.work", "go.work"},
		{Definition{}, "an unknown source", "unknown source"},
	} {
		if got := tc.d.Where(); got != tc.where {
			t.Errorf("%+v: Where() = %q, want %q", tc.d, got, tc.where)
		}
		if got := tc.d.Label(); got != tc.label {
			t.Errorf("%+v: Label() = %q, want %q", tc.d, got, tc.label)
		}
		s := &Setting{Name: "X", Definition: tc.d}
		if s.Where() != tc.where || s.Label() != tc.label {
			t.Errorf("%+v: the Setting's wording differs from its Definition's", tc.d)
		}
	}
	var none *Setting
	if none.Where() != "an unknown source" || none.Label() != "unknown source" {
		t.Errorf("nil setting: %q, %q", none.Where(), none.Label())
	}
}

func TestSettingProvenance(t *testing.T) {
	def := &Setting{Name: "GOMODCACHE", Definition: Definition{Source: FromDefault}, Note: "$GOPATH/pkg/mod"}
	if got := def.Provenance(); got != "default: $GOPATH/pkg/mod" {
		t.Errorf("default with a note: %q", got)
	}
	env := &Setting{Name: "GOMODCACHE", Definition: Definition{Source: FromEnvironment}, Note: "ignored"}
	if got := env.Provenance(); got != "environment variable" {
		t.Errorf("environment: %q", got)
	}
	var none *Setting
	if got := none.Provenance(); got != "unknown source" {
		t.Errorf("nil: %q", got)
	}
}

// Defaults are explained in the notation of the system they are on.
func TestDefaultNotePerOS(t *testing.T) {
	for _, tc := range []struct{ goos, name, want string }{
		{"linux", "GOPATH", "$HOME/go"},
		{"darwin", "GOPATH", "$HOME/go"},
		{"windows", "GOPATH", `%USERPROFILE%\go`},
		{"windows", "GOMODCACHE", `the first GOPATH entry + \pkg\mod`},
		{"windows", "GOCACHE", `%LocalAppData%\go-build`},
		{"windows", "GOENV", `%AppData%\go\env`},
		{"darwin", "GOCACHE", "$HOME/Library/Caches/go-build"},
		{"linux", "GOCACHE", "the user cache directory + /go-build"},
		{"windows", "GONOSUMDB", "the value of GOPRIVATE"},
		{"windows", "GOFLAGS", ""},
	} {
		if got := DefaultNote(tc.goos, tc.name); got != tc.want {
			t.Errorf("DefaultNote(%s, %s) = %q, want %q", tc.goos, tc.name, got, tc.want)
		}
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, name := range SettingNames {
			note := DefaultNote(goos, name)
			if goos == "windows" && (strings.Contains(note, "$") || strings.Contains(note, "/")) {
				t.Errorf("windows %s: Unix notation in %q", name, note)
			}
		}
	}
}
