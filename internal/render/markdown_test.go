package render

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestMarkdownReport(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, ciSample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"# godx doctor\n",
		"**3 problems (1 error, 2 warnings) · 1 note · 5 checks (1 skipped) · 1500 ms**\n",
		"| ❌ | go.mod syntax | `module/gomod` | go.mod does not parse: 100% broken, a::b, c\\\\x0d<br>d |",
		"## ❌ go.mod syntax (`module/gomod`)\n",
		"**error:** go.mod does not parse",
		"at `" + filepath.Join(ciRoot, "go.mod") + ":3`", // the path as the OS writes it
		"```text\n  go: errors parsing go.mod:\n  go.mod:3: unknown directive: <script>\n```\n",
		"**fix:** Edit line 3 \\| then \\`go mod tidy\\`.",
		"```sh\ngo mod edit -fmt\n```\n",
		"<details><summary>1 skipped</summary>",
		"- Delve (`tools/dlv`): needs the network (--offline)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "git/autocrlf") {
		t.Errorf("a check --only left out is listed")
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, "<script>") && !strings.Contains(out, "```text\n  go: errors parsing") {
		t.Errorf("unescaped text:\n%s", out)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"[x](javascript:y)": `\[x\](javascript:y)`,
		"<img src=x>":       `\<img src=x\>`,
		"# not a heading":   `\# not a heading`,
		"a\n- b":            "a  \n\\- b",
		"a_b*c`d|e~f&g":     "a\\_b\\*c\\`d\\|e\\~f\\&g",
		"1.26 go-1":         "1.26 go-1",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdCode("a``b"); got != "```a``b```" {
		t.Errorf("mdCode = %q", got)
	}
	if got := mdCode("`x"); got != "`` `x ``" {
		t.Errorf("mdCode = %q", got)
	}
	if got := mdFence("sh", "echo ```"); got != "````sh\necho ```\n````\n" {
		t.Errorf("mdFence = %q", got)
	}
	if got := mdCodeCell("a|b"); got != "`a\\|b`" {
		t.Errorf("mdCodeCell = %q", got)
	}
}
