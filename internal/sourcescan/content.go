package sourcescan

import (
	"bytes"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Classify records in r what is wrong with a .go file's content b (UTF-16,
// byte order marks, NUL bytes, invalid UTF-8, CRLF line endings) and
// reports whether it found anything. It allocates nothing, so the walk can
// call it on every file; positions are left to Locate, for the rare file
// with a problem. The order matters for speed: byte searches first (NUL,
// 0xEF, CR are rare in Go source), UTF-8 validation last.
func Classify(b []byte, r *File) bool {
	if len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		r.UTF16, r.UTF16BOM = "UTF-16LE", true
		if b[0] == 0xfe {
			r.UTF16 = "UTF-16BE"
		}
		return true
	}
	found := false
	start := 0
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		r.LeadingBOM, found, start = true, true, 3
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		r.UTF16 = utf16NoBOM(b) // reported instead of the NULs
		r.NUL = Hit{Count: bytes.Count(b[i:], []byte{0}), Offset: i}
		found = true
	}
	for i := start; i < len(b); {
		j := bytes.IndexByte(b[i:], 0xef)
		if j < 0 {
			break
		}
		i += j
		if i+2 < len(b) && b[i+1] == 0xbb && b[i+2] == 0xbf {
			if r.MidBOM.Count == 0 {
				r.MidBOM.Offset = i
			}
			r.MidBOM.Count++
			found = true
			i += 3
			continue
		}
		i++
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		if r.CRLF = bytes.Count(b, []byte("\r\n")); r.CRLF > 0 {
			r.LF = bytes.Count(b, []byte("\n")) - r.CRLF
			found = true
		}
	}
	if !utf8.Valid(b) {
		for i := 0; i < len(b); {
			c, w := utf8.DecodeRune(b[i:])
			if c == utf8.RuneError && w == 1 {
				if r.BadUTF8.Count == 0 {
					r.BadUTF8.Offset, r.BadUTF8.Byte = i, b[i]
				}
				r.BadUTF8.Count++
			}
			i += w
		}
		found = true
	}
	return found
}

// utf16NoBOM recognises UTF-16 text without a byte order mark:
// mostly ASCII, so every other byte is NUL.
func utf16NoBOM(b []byte) string {
	n := min(len(b), 256) &^ 1
	if n < 4 {
		return ""
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	switch half := n / 2; {
	case odd*10 >= half*9 && even*10 < half:
		return "UTF-16LE"
	case even*10 >= half*9 && odd*10 < half:
		return "UTF-16BE"
	}
	return ""
}

// Locate completes what Classify found in b: the line:column the
// compiler prints, the line around each hit and, for a mid-file BOM, the
// kind of token it sits in.
func Locate(b []byte, r *File) {
	for _, h := range []*Hit{&r.MidBOM, &r.NUL, &r.BadUTF8} {
		if h.Count > 0 {
			h.Line, h.Col = lineCol(b, h.Offset)
			h.Text = excerpt(b, h.Offset)
		}
	}
	if r.MidBOM.Count > 0 {
		r.MidBOM.Context = literalContext(b, r.MidBOM.Offset)
	}
}

// excerpt quotes up to 30 bytes either side of off, within its line.
func excerpt(b []byte, off int) string {
	from := max(bytes.LastIndexByte(b[:off], '\n')+1, off-30)
	to := len(b)
	if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
		to = off + i
	}
	to = min(to, off+30)
	q := strconv.Quote(string(bytes.TrimRight(b[from:to], "\r")))
	if from > 0 && b[from-1] != '\n' {
		q = "…" + q
	}
	if to < len(b) && b[to] != '\n' && b[to] != '\r' {
		q += "…"
	}
	return q
}

// lineCol is the compiler's position of byte off: 1-based, the column in
// bytes.
func lineCol(b []byte, off int) (line, col int) {
	line = 1 + bytes.Count(b[:off], []byte("\n"))
	col = off - (bytes.LastIndexByte(b[:off], '\n') + 1) + 1
	return line, col
}

// The values of Hit.Context for a mid-file BOM: where it sits decides how
// to remove it without changing the program. They read well in a sentence
// ("in string literal").
const (
	InString    = "string literal"
	InRawString = "raw string literal"
	InRune      = "rune literal"
	InComment   = "comment"
	InCode      = "code"
)

// literalContext tokenizes the file with go/scanner to tell whether the
// byte at off is inside a string, rune literal or comment.
func literalContext(b []byte, off int) string {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, len(b))
	var s scanner.Scanner
	s.Init(file, b, func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return InCode
		}
		start := file.Offset(pos)
		if start > off {
			return InCode
		}
		end := start + len(lit)
		switch {
		case tok == token.STRING && strings.HasPrefix(lit, "`"):
			if i := bytes.IndexByte(b[start+1:], '`'); i >= 0 {
				end = start + 1 + i + 1
			} else {
				end = len(b)
			}
		case tok == token.COMMENT && strings.HasPrefix(lit, "//"):
			if i := bytes.IndexByte(b[start:], '\n'); i >= 0 {
				end = start + i
			} else {
				end = len(b)
			}
		case tok == token.COMMENT:
			if i := bytes.Index(b[start+2:], []byte("*/")); i >= 0 {
				end = start + 2 + i + 2
			} else {
				end = len(b)
			}
		}
		if off < end {
			switch {
			case tok == token.STRING && strings.HasPrefix(lit, "`"):
				return InRawString
			case tok == token.STRING:
				return InString
			case tok == token.CHAR:
				return InRune
			case tok == token.COMMENT:
				return InComment
			}
			return InCode
		}
	}
}
