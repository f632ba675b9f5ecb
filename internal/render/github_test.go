package render

import (
	"bytes"
	"strings"
	"testing"
)

// workflowCommand is a line as the Actions runner reads it
// (ActionCommand.TryParseV2): "::name k=v,k=v::message", properties split
// on ',' and '=', then unescaped.
type workflowCommand struct {
	name    string
	props   map[string]string
	message string
}

func parseWorkflowCommand(line string) (workflowCommand, bool) {
	rest, ok := strings.CutPrefix(line, "::")
	if !ok {
		return workflowCommand{}, false
	}
	head, message, ok := strings.Cut(rest, "::")
	if !ok {
		return workflowCommand{}, false
	}
	c := workflowCommand{props: map[string]string{}, message: unescapeData(message)}
	name, props, _ := strings.Cut(head, " ")
	c.name = name
	if props != "" {
		for _, p := range strings.Split(props, ",") {
			k, v, _ := strings.Cut(p, "=")
			c.props[k] = unescapeProperty(v)
		}
	}
	return c, true
}

func unescapeData(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(s)
}

func unescapeProperty(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

func TestGitHubAnnotations(t *testing.T) {
	r := ciSample()
	var buf bytes.Buffer
	if err := GitHub(&buf, r, ReportOptions{Root: ciRoot}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("want 4 annotations and a summary line, got %d lines:\n%s", len(lines), buf.String())
	}
	var cmds []workflowCommand
	for _, l := range lines[:4] {
		c, ok := parseWorkflowCommand(l)
		if !ok {
			t.Fatalf("not a workflow command: %q", l)
		}
		cmds = append(cmds, c)
	}
	// The go.mod error points at its line, relative to the checkout.
	e := cmds[0]
	if e.name != "error" || e.props["file"] != "go.mod" || e.props["line"] != "3" || e.props["col"] != "" || e.props["title"] != "go.mod syntax (module/gomod)" {
		t.Errorf("error annotation: %+v", e)
	}
	if want := findingText(r.Checks[1].Findings[0]); e.message != want {
		t.Errorf("message does not round-trip:\n got %q\nwant %q", e.message, want)
	}
	if !strings.HasPrefix(e.message, "go.mod does not parse: 100% broken, a::b, c\\x0d\nd\n") {
		t.Errorf("message: %q", e.message)
	}
	// A file outside the checkout is not annotated as a file of it; the
	// title keeps its comma and quotes through the property escaping.
	w := cmds[1]
	if w.name != "warning" || w.props["file"] != "" || w.props["line"] != "" || w.props["title"] != `VS Code "settings", here (editor/vscode)` {
		t.Errorf("warning annotation: %+v", w)
	}
	if strings.Contains(lines[1], "\x1b") || !strings.Contains(w.message, `\x1b[31m/opt/go\old"`) {
		t.Errorf("control characters must be escaped: %q", lines[1])
	}
	if cmds[2].name != "notice" || len(cmds[2].props) != 1 {
		t.Errorf("an info is a plain notice: %+v", cmds[2])
	}
	if cmds[3].name != "warning" || cmds[3].props["title"] != "Byte order marks (source/bom)" {
		t.Errorf("a timeout is a warning: %+v", cmds[3])
	}
	if want := "3 problems (1 error, 2 warnings)"; !strings.HasPrefix(lines[4], want) {
		t.Errorf("last line %q, want the summary %q…", lines[4], want)
	}
}

// With no checkout root given, positions are relative to the project
// folder; a column is passed on when known.
func TestGitHubColumnAndDefaultRoot(t *testing.T) {
	r := ciSample()
	r.Checks[2].Findings[0].Position.File = ciRoot + "/.vscode/settings.json"
	var buf bytes.Buffer
	if err := GitHub(&buf, r, ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	c, _ := parseWorkflowCommand(strings.Split(buf.String(), "\n")[1])
	if c.props["file"] != ".vscode/settings.json" || c.props["line"] != "4" || c.props["col"] != "5" {
		t.Errorf("annotation: %+v", c)
	}
}

func TestGitHubEscaping(t *testing.T) {
	for in, want := range map[string]string{"100%": "100%25", "a\r\nb": "a%0D%0Ab", "::x": "::x", "%0A": "%250A"} {
		if got := githubData(in); got != want {
			t.Errorf("githubData(%q) = %q, want %q", in, got, want)
		}
		if got := unescapeData(githubData(in)); got != in {
			t.Errorf("data %q does not round-trip: %q", in, got)
		}
	}
	for in, want := range map[string]string{"a:b,c": "a%3Ab%2Cc", "50%,\n": "50%25%2C%0A"} {
		if got := githubProperty(in); got != want {
			t.Errorf("githubProperty(%q) = %q, want %q", in, got, want)
		}
		if got := unescapeProperty(githubProperty(in)); got != in {
			t.Errorf("property %q does not round-trip: %q", in, got)
		}
	}
}
