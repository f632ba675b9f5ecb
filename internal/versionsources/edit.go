package versionsources

import (
	"bytes"
	"fmt"
)

// isVersionByte is a byte that continues a version token: a version
// written as 1.21 must not match inside 1.21.5, v1.21 or alpine1.21.
func isVersionByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// findToken is the byte offset in line of tok standing alone (no
// version character right before it, no digit or dot right after it),
// the first at or after from; -1 when there is none.
func findToken(line, tok string, from int) int {
	if tok == "" {
		return -1
	}
	for i := from; i+len(tok) <= len(line); i++ {
		j := i + len(tok)
		if line[i:j] != tok {
			continue
		}
		if i > 0 && isVersionByte(line[i-1]) && !(line[i-1] == 'o' && i >= 2 && line[i-2] == 'g') {
			continue // "go1.22" still names 1.22
		}
		if j < len(line) && (line[j] >= '0' && line[j] <= '9' || line[j] == '.' && j+1 < len(line) && line[j+1] >= '0' && line[j+1] <= '9') {
			continue
		}
		return i
	}
	return -1
}

// Replace is a file rewrite for `godx fix`: on line n, the version text
// old (standing alone; at byte column col, 1-based, when col > 0) becomes
// new; every other byte stays. It is pure and idempotent: when the line
// already says new there it returns its input unchanged, and when it says
// neither (the file changed since the doctor looked) it fails rather than
// guess.
func Replace(n, col int, old, new string) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) {
		start := 0
		for i := 1; i < n; i++ {
			k := bytes.IndexByte(data[start:], '\n')
			if k < 0 {
				return nil, fmt.Errorf("the file has no line %d any more", n)
			}
			start += k + 1
		}
		end := len(data)
		if k := bytes.IndexByte(data[start:], '\n'); k >= 0 {
			end = start + k
		}
		line := string(data[start:end])
		at := -1
		switch {
		case col > 0 && findToken(line, old, col-1) == col-1:
			at = col - 1
		case col > 0 && findToken(line, new, col-1) == col-1:
			return data, nil
		case findToken(line, new, 0) >= 0:
			return data, nil
		default:
			at = findToken(line, old, 0)
		}
		if at < 0 {
			return nil, fmt.Errorf("line %d no longer says %s", n, old)
		}
		out := make([]byte, 0, len(data)+len(new)-len(old))
		out = append(out, data[:start+at]...)
		out = append(out, new...)
		return append(out, data[start+at+len(old):]...), nil
	}
}
