package facts_test

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestWinregExpand(t *testing.T) {
	lookup := facts.EnvLookup([]string{`SystemRoot=C:\Windows`, `UserProfile=C:\Users\me`, "EMPTY="})
	for in, want := range map[string]string{
		`%SystemRoot%\system32`: `C:\Windows\system32`,
		`%USERPROFILE%\go\bin`:  `C:\Users\me\go\bin`,
		`%NOPE%\bin`:            `%NOPE%\bin`,
		`100%`:                  `100%`,
		`%EMPTY%x`:              `x`,
		`%NOPE%%SYSTEMROOT%`:    `%NOPE%C:\Windows`,
		`plain`:                 `plain`,
		`%%`:                    `%%`,
	} {
		if got := facts.ExpandWindowsVars(in, lookup); got != want {
			t.Errorf("ExpandWindowsVars(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWinregUnavailable(t *testing.T) {
	f, err := facts.New(context.Background(), factstest.New(), facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WinRegistry().FreshEnviron(); err != facts.ErrWinRegistryUnavailable {
		t.Errorf("FreshEnviron on a fake Linux = %v", err)
	}
	w := factstest.NewWindows()
	w.SetRegInt(`HKLM\X`, "N", 1)
	f, err = facts.New(context.Background(), w, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := f.WinRegistry().RegInteger(`hklm\x`, "n"); err != nil || v != 1 {
		t.Errorf("RegInteger = %v, %v", v, err)
	}
	if _, err := f.WinRegistry().RegInteger(`HKLM\X`, "missing"); !facts.IsNotExist(err) {
		t.Errorf("missing value: %v", err)
	}
}
