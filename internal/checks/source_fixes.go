package checks

import "bytes"

// The automatic fixes of the source/* checks. Each is a pure, idempotent
// check.AutoFix Rewrite: it returns its input unchanged (the same slice)
// when there is nothing to do, so a second `godx fix` changes nothing.

// sourceFixBOM is the UTF-8 encoding of U+FEFF, the byte order mark.
const sourceFixBOM = "\xef\xbb\xbf"

// sourceFixStripBOM removes the byte order mark at the start of a file
// (used for .go files, go.mod, go.work, go.sum and go.work.sum), and any
// that directly follow it, which a double conversion leaves. A BOM further
// into the file is left alone: inside a string literal it is data.
func sourceFixStripBOM(old []byte) ([]byte, error) {
	if !bytes.HasPrefix(old, []byte(sourceFixBOM)) {
		return old, nil
	}
	rest := old
	for bytes.HasPrefix(rest, []byte(sourceFixBOM)) {
		rest = rest[len(sourceFixBOM):]
	}
	return bytes.Clone(rest), nil
}

// sourceFixCRLF turns every CRLF line ending into LF, as gofmt does (a run
// of CRs before a LF goes too, so that one pass is enough); a CR that does
// not end a line is kept. In Go source this never changes the program: the
// compiler discards CRs inside raw string literals, and an interpreted
// string literal cannot span lines.
func sourceFixCRLF(old []byte) ([]byte, error) {
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
