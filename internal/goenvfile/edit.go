package goenvfile

import (
	"bytes"
	"fmt"
	"strings"
)

// Set and Unset edit a go env file the way `go env -w` and `go env -u`
// do (cmd/go's envcmd.updateEnvFile), as pure rewrites that godx fix
// applies to the file itself. The go command cannot make these edits
// while the same file holds another value it refuses to start with (a
// missing GOROOT stops `go env -w GOPATH=...`, a GOPATH starting with ~
// stops `go env -u GOROOT`): edits of one file are combined into one
// write, so one godx fix repairs them all.
//
// Unlike the go command, they do not sort the file's lines: the diff shows
// only the lines that change. Both return data itself when there is
// nothing to do.

// Unset removes every line the go command reads as name (go env -u NAME).
func Unset(data []byte, name string) []byte {
	lines := splitKeep(data)
	out := make([]byte, 0, len(data))
	removed := false
	for _, l := range lines {
		if keyOf(l) == name {
			removed = true
			continue
		}
		out = append(out, l...)
	}
	if !removed {
		return data
	}
	return out
}

// Set makes name=value the file's setting of name (go env -w NAME=value):
// the last line the go command reads as name is replaced (its earlier
// lines, which it overrides, are removed), or the line is appended. The
// line ends in "\n", as the go command writes it: a "\r" would be part of
// the value.
func Set(data []byte, name, value string) ([]byte, error) {
	if name == "" || keyOf(name+"=") != name || strings.ContainsAny(name, "=\r\n") {
		return nil, fmt.Errorf("%q is not a variable name the go command reads from its env file", name)
	}
	if strings.ContainsAny(value, "\r\n") {
		return nil, fmt.Errorf("the value of %s contains a line break, which a go env file cannot hold", name)
	}
	want := name + "=" + value + "\n"
	lines := splitKeep(data)
	last := -1
	for i, l := range lines {
		if keyOf(l) == name {
			last = i
		}
	}
	var out []byte
	for i, l := range lines {
		switch {
		case i == last:
			out = append(out, want...)
		case keyOf(l) == name:
			// overridden by the last line
		default:
			out = append(out, l...)
		}
	}
	if last < 0 {
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		out = append(out, want...)
	}
	if bytes.Equal(out, data) {
		return data, nil
	}
	return out, nil
}

// splitKeep splits data after each "\n", keeping the line endings.
func splitKeep(data []byte) []string {
	return strings.SplitAfter(string(data), "\n")
}

// keyOf is the name the go command reads from line ("" for a line it
// skips), by the rule Lines documents.
func keyOf(line string) string {
	l, ok := parse(strings.TrimSuffix(line, "\n"))
	if !ok {
		return ""
	}
	return l.Key
}
