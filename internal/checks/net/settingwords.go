package net

// How the network checks show a go env setting and change it where it is
// set.

import (
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/settingfix"
)

// settingField is the evidence for a go env setting with its source,
// passwords hidden.
func settingField(f *facts.Facts, name, value string) check.Field {
	key := name
	if s, err := f.Settings(); err == nil {
		if st := s.Get(name); st != nil {
			key = name + " (" + st.Label() + ")"
		}
	}
	return check.F(key, redact.Passwords(value))
}

// setFix changes or unsets a go env setting where it is set.
func setFix(f *facts.Facts, name, value, desc string) *check.Fix {
	st := &facts.Setting{Name: name, Definition: facts.Definition{Source: facts.FromDefault}}
	if s, err := f.Settings(); err == nil && s.Get(name) != nil {
		st = s.Get(name)
	}
	if value == "" {
		return settingfix.Unset(f.GOOS(), st, desc)
	}
	return settingfix.Set(f.GOOS(), st, value, desc)
}
