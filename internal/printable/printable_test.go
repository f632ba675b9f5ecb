package printable

import (
	"fmt"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, text, line string }{
		{"plain -mod=vendor", "plain -mod=vendor", "plain -mod=vendor"},
		{"a\tb\nc", "a\tb\nc", `a\x09b\x0ac`},
		{"\x1b]0;X\x07", `\x1b]0;X\x07`, `\x1b]0;X\x07`},
		{"\x1b[2J\r", `\x1b[2J\x0d`, `\x1b[2J\x0d`},
		{"del\x7f c1\u009b", `del\x7f c1\u{009b}`, `del\x7f c1\u{009b}`},
		{"rtl\u202eevil", `rtl\u{202e}evil`, `rtl\u{202e}evil`},
		{"bad\xffutf8", `bad\xffutf8`, `bad\xffutf8`},
		{"héllo 世界 \ufeff", "héllo 世界 \ufeff", "héllo 世界 \ufeff"},
	} {
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
		}
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
	}
}

func TestWriter(t *testing.T) {
	var b strings.Builder
	w := Writer(&b)
	n, err := fmt.Fprintf(w, "removed %s\n", "/tmp/\x1b]0;X\x07go")
	if err != nil || n != len("removed /tmp/\x1b]0;X\x07go\n") {
		t.Fatalf("Fprintf = %d, %v", n, err)
	}
	if got, want := b.String(), "removed /tmp/\\x1b]0;X\\x07go\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
