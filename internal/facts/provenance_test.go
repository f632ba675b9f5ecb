package facts_test

import (
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

func TestSettingProvenance(t *testing.T) {
	for _, c := range []struct {
		s    facts.Setting
		want string
	}{
		{facts.Setting{Definition: facts.Definition{Source: facts.FromEnvironment}}, "environment"},
		{facts.Setting{Definition: facts.Definition{Source: facts.FromEnvFile, Origin: "/home/u/.config/go/env"}}, "go env -w file /home/u/.config/go/env"},
		{facts.Setting{Definition: facts.Definition{Source: facts.FromGorootEnv, Origin: "/usr/local/go/go.env"}}, "$GOROOT/go.env /usr/local/go/go.env"},
		{facts.Setting{Definition: facts.Definition{Source: facts.FromDefault}, Note: "$GOPATH/pkg/mod"}, "default: $GOPATH/pkg/mod"},
		{facts.Setting{Definition: facts.Definition{Source: facts.FromDefault}}, "default"},
	} {
		if got := c.s.Provenance(); got != c.want {
			t.Errorf("%+v: Provenance() = %q, want %q", c.s, got, c.want)
		}
	}
}
