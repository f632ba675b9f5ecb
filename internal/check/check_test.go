package check_test

import (
	"context"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

var (
	answer = facts.NewFact("the answer", func(*facts.Facts) (int, error) { return 42, nil })
	double = facts.NewFactFamily("double", func(_ *facts.Facts, n int) (int, error) { return 2 * n, nil })
)

var doc = check.Doc{What: "w", Why: "y", How: "h", Fix: "f"}

func newPass(t *testing.T, c *check.Check) *check.Pass {
	t.Helper()
	f, err := facts.New(context.Background(), factstest.New(), facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return check.NewPass(context.Background(), c, f, func(check.Finding) {})
}

func TestResultOfDeclared(t *testing.T) {
	pass := newPass(t, &check.Check{ID: "a/b", Requires: []facts.Requirement{answer, double}})
	if v, err := check.ResultOf(pass, answer); v != 42 || err != nil {
		t.Errorf("ResultOf = %d, %v", v, err)
	}
	if v, err := check.ResultFor(pass, double, 4); v != 8 || err != nil {
		t.Errorf("ResultFor = %d, %v", v, err)
	}
}

func TestResultOfRefusesUndeclared(t *testing.T) {
	pass := newPass(t, &check.Check{ID: "a/b", Requires: []facts.Requirement{double}})
	v, err := check.ResultOf(pass, answer)
	if err == nil || v != 0 {
		t.Fatalf("ResultOf = %d, %v; want a refusal", v, err)
	}
	if want := `check a/b reads the fact "the answer" without listing it in Requires`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	pass = newPass(t, &check.Check{ID: "a/b", Requires: []facts.Requirement{answer}})
	if _, err := check.ResultFor(pass, double, 1); err == nil || !strings.Contains(err.Error(), `"double"`) {
		t.Errorf("ResultFor = %v; want a refusal naming the family", err)
	}
}

func TestValidateRequires(t *testing.T) {
	mk := func(id string, reqs ...facts.Requirement) *check.Check {
		return &check.Check{ID: id, Title: "t", Doc: doc, Run: func(*check.Pass) error { return nil }, Requires: reqs}
	}
	var unset *facts.Fact[string]
	impostor := facts.NewFact("the answer", func(*facts.Facts) (string, error) { return "", nil })
	for _, tc := range []struct {
		name   string
		checks []*check.Check
		want   string // "" = valid
	}{
		{"shared fact", []*check.Check{mk("a/one", answer), mk("a/two", answer, double)}, ""},
		{"nil interface", []*check.Check{mk("a/one", nil)}, "check a/one: Requires[0] is nil"},
		{"nil fact", []*check.Check{mk("a/one", answer, unset)}, "check a/one: Requires[1] is a nil *facts.Fact[string]"},
		{"duplicate name", []*check.Check{mk("a/one", answer), mk("a/two", impostor)}, `two different facts are named "the answer" (one is required by a/two)`},
	} {
		err := check.Validate(tc.checks)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: Validate = %v, want nil", tc.name, err)
		case tc.want != "" && (err == nil || err.Error() != tc.want):
			t.Errorf("%s: Validate = %v, want %q", tc.name, err, tc.want)
		}
	}
}
