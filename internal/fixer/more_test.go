package fixer

import (
	"slices"
	"testing"

	"github.com/godx-dev/godx/internal/check"
)

// A command fix with further commands plans each of them, in order, for
// the same finding; identical commands of other findings merge as usual;
// a further command that is not a command is a problem, not a guess.
func TestPlan_FurtherCommandsOfOneFix(t *testing.T) {
	first := check.CommandFix("", "go", "install", "example.com/a@latest")
	first.More = []*check.AutoFix{
		check.CommandFix("", "go", "install", "example.com/b@latest"),
		{Kind: "edit", Path: "/x"},
	}
	p := NewPlan([]Proposal{
		proposal("tools/stale-gobin", first),
		proposal("tools/other", check.CommandFix("", "go", "install", "example.com/b@latest")),
	})
	var got []string
	for _, c := range p.Commands {
		got = append(got, c.String())
	}
	if want := []string{"go install example.com/a@latest", "go install example.com/b@latest"}; !slices.Equal(got, want) {
		t.Fatalf("commands = %q, want %q", got, want)
	}
	if n := len(p.Commands[1].Reasons); n != 2 {
		t.Errorf("the shared command has %d reasons, want 2", n)
	}
	if len(p.Problems) != 1 {
		t.Errorf("problems = %+v, want the edit among the further commands", p.Problems)
	}
}
