package toolversion

import (
	"context"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Command is how godx runs a tool to ask for its version: in the project
// directory, with GOTOOLCHAIN=local so that nothing the tool starts (a
// shim runs the go command to find its version, golangci-lint loads
// packages) can download or switch toolchains.
func Command(f *facts.Facts, path string, args ...string) facts.Command {
	return facts.Command{Path: path, Args: args, Dir: f.Dir, Env: append(f.Environ(), "GOTOOLCHAIN=local")}
}

// Run runs Command once, bounded by the run's command timeout, and
// returns what it printed (stdout and stderr). The error of a failed run
// carries at most the first three lines of its output (FirstLines).
func Run(ctx context.Context, f *facts.Facts, path string, args ...string) (string, error) {
	res := f.Run(ctx, Command(f, path, args...))
	out := string(res.Stdout) + string(res.Stderr)
	if res.TimedOut {
		return "", fmt.Errorf("`%s %s` did not finish: %v", path, strings.Join(args, " "), res.Err)
	}
	if res.Err != nil {
		if s := FirstLines(out); s != "" {
			return "", fmt.Errorf("%v: %s", res.Err, s)
		}
		return "", res.Err
	}
	return out, nil
}

// FirstLines is at most the first three lines of a tool's output, joined
// by spaces: enough to recognise an error message, short enough for a
// finding.
func FirstLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 3 {
		lines = lines[:3]
	}
	return strings.TrimSpace(strings.Join(lines, " "))
}

// unexpected is the error for version output a parser does not recognise.
func unexpected(out string) error {
	return fmt.Errorf("unexpected output %q", FirstLines(out))
}
