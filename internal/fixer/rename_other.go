//go:build !linux && !darwin && !windows

package fixer

// exchange: this system has no atomic exchange of two files godx knows;
// the caller compares the file with the plan just before renaming
// instead.
func exchange(a, b string) error { return errNoExchange }

// renameNoReplace renames a to b only if b does not exist.
func renameNoReplace(a, b string) error { return linkNoReplace(a, b) }
