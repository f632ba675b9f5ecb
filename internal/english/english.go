// Package english words numbers and lists the way godx's messages do.
// It is the one pluraliser: every "1 file"/"2 files" in godx goes through
// it.
package english

import (
	"strconv"
	"strings"
)

// Plural returns one when n is 1 and many otherwise ("file", "files").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count returns n followed by the right form: "1 file", "3 files".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}

// List joins items as prose: "a", "a and b", "a, b and c".
func List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
