package root

import (
	"encoding/json"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// ErrorSchema names the JSON object a --json command prints on stdout when
// it exits 2 without having printed anything there (a usage error, or godx
// could not start: bad --dir, an unusable state folder): a script reading
// stdout gets a document to parse instead of nothing. The message also
// goes to stderr as usual.
const ErrorSchema = "godx.error/v1"

type jsonError struct {
	Schema   string `json:"schema"`
	Error    string `json:"error"`
	Kind     string `json:"kind"` // "usage" or "failure"
	ExitCode int    `json:"exit_code"`
}

// countingWriter records whether anything was written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeJSONError prints the godx.error/v1 object on out.
func writeJSONError(out io.Writer, msg, kind string, code int) {
	b, err := json.MarshalIndent(jsonError{Schema: ErrorSchema, Error: msg, Kind: kind, ExitCode: code}, "", "  ")
	if err != nil {
		return
	}
	_, _ = out.Write(append(b, '\n'))
}

// wantsJSON reports whether the command line asked c for JSON output. The
// parsed flag decides when cobra got that far; when flag parsing stopped
// early (an unknown flag before --json) or no command matched, the raw
// arguments are read: --json, --json=true, --format json and the like
// before a "--".
func wantsJSON(c *cobra.Command, args []string) bool {
	if c != nil {
		if fl := c.Flags().Lookup("json"); fl != nil && fl.Changed {
			return fl.Value.String() == "true"
		}
		// --output sends the chosen format to a file and text to stdout.
		if fl := c.Flags().Lookup("format"); fl != nil && fl.Changed && !c.Flags().Changed("output") {
			return fl.Value.String() == "json"
		}
	}
	if args == nil {
		args = os.Args[1:]
	}
	want := false
	for i, a := range args {
		if a == "--" {
			break
		}
		switch {
		case a == "--json", a == "--format=json", a == "--format" && i+1 < len(args) && args[i+1] == "json":
			want = true
		case strings.HasPrefix(a, "--json="):
			if b, err := strconv.ParseBool(strings.TrimPrefix(a, "--json=")); err == nil {
				want = b
			}
		}
	}
	return want
}
