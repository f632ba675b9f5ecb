// Package textfix repairs the encoding and line endings of text files:
// the pure rewrites `godx fix` applies (strip a byte order mark, turn CRLF
// into LF) and the commands that do the same by hand. The source and
// module checks share them, so that a go.mod and a .go file are repaired
// the same way.
//
// Each rewrite is a check.AutoFix Rewrite: pure and idempotent, it
// returns its input unchanged (the same slice) when there is nothing to
// do, so a second `godx fix` changes nothing.
package textfix

import (
	"bytes"
	"fmt"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/shellquote"
)

// BOM is the UTF-8 encoding of U+FEFF, the byte order mark.
const BOM = "\xef\xbb\xbf"

// StripBOM removes the byte order mark at the start of a file, and any
// that directly follow it, which a double conversion leaves. A BOM further
// into the file is left alone: inside a Go string literal it is data.
func StripBOM(old []byte) ([]byte, error) {
	if !bytes.HasPrefix(old, []byte(BOM)) {
		return old, nil
	}
	rest := old
	for bytes.HasPrefix(rest, []byte(BOM)) {
		rest = rest[len(BOM):]
	}
	return bytes.Clone(rest), nil
}

// CRLFToLF turns every CRLF line ending into LF, as gofmt does (a run of
// CRs before a LF goes too, so that one pass is enough); a CR that does
// not end a line is kept. In Go source this never changes the program:
// the compiler discards CRs inside raw string literals, and an
// interpreted string literal cannot span lines.
func CRLFToLF(old []byte) ([]byte, error) {
	if !bytes.Contains(old, []byte("\r\n")) {
		return old, nil
	}
	out := make([]byte, 0, len(old))
	for rest := old; ; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return append(out, rest...), nil
		}
		out = append(append(out, bytes.TrimRight(rest[:i], "\r")...), '\n')
		rest = rest[i+1:]
	}
}

// ToUTF8Fix is the fix, by hand, that rewrites path as UTF-8 without a
// byte order mark, for a user on goos: description followed by the
// command. from is the encoding the file is in, as iconv names it
// ("UTF-16", "UTF-16LE"), or "" for UTF-8 with a BOM. On Windows the
// command is PowerShell's (Get-Content detects the BOM, UTF-8 or UTF-16,
// and drops it; WriteAllText writes UTF-8 without one); elsewhere it is
// iconv, or for a UTF-8 BOM tail, writing a temporary file next to the
// original and moving it over.
func ToUTF8Fix(goos, path, description, from string) *check.Fix {
	if goos == "windows" {
		p := shellquote.PS(path)
		return &check.Fix{
			Description: description + " In PowerShell:",
			Commands:    []string{fmt.Sprintf(`[IO.File]::WriteAllText(%s, (Get-Content -Raw %s))`, p, p)},
		}
	}
	q, tmp := shellquote.POSIX(path), shellquote.POSIX(path+".tmp")
	if from != "" {
		return &check.Fix{Description: description, Commands: []string{fmt.Sprintf("iconv -f %s -t UTF-8 %s > %s && mv %s %s", from, q, tmp, tmp, q)}}
	}
	return &check.Fix{Description: description, Commands: []string{fmt.Sprintf("tail -c +4 %s > %s && mv %s %s", q, tmp, tmp, q)}}
}
