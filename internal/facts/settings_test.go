package facts

import "testing"

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
