package checks

import (
	"testing"

	"github.com/godx-dev/godx/internal/check"
)

// TestRegistryIsValid catches what would make godx refuse to start: a bad
// or repeated ID, missing documentation, a nil or ambiguously named fact
// in a check's Requires.
func TestRegistryIsValid(t *testing.T) {
	if err := check.Validate(All()); err != nil {
		t.Fatal(err)
	}
}
