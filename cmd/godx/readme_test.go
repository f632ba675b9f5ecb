package main

import (
	"os"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/checks"
)

// The README's check table is the user's catalogue: every registered check
// must be in it, and the registry must be valid.
func TestREADMEListsEveryCheck(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := check.Validate(checks.All()); err != nil {
		t.Fatal(err)
	}
	for _, c := range checks.All() {
		if !strings.Contains(string(readme), "| `"+c.ID+"` |") {
			t.Errorf("README.md has no check-table row for %s", c.ID)
		}
	}
}
