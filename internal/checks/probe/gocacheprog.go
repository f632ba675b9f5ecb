package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goflags"
	"github.com/godx-dev/godx/internal/probe"
	"github.com/godx-dev/godx/internal/shellquote"
)

// CacheProgHelloLimit is how long probe/gocacheprog waits for the
// program's first message. The go command waits forever (printing
// "# still waiting for GOCACHEPROG" every 5 s); the protocol says the
// message should come at once, so 10 s is generous.
const CacheProgHelloLimit = 10 * time.Second

// GoCacheProg starts the GOCACHEPROG program and checks its handshake.
var GoCacheProg = &check.Check{
	ID:    "probe/gocacheprog",
	Title: "GOCACHEPROG answers the cache protocol",
	Doc: check.Doc{
		What: "When GOCACHEPROG is set, starts the program it names (split into words as the go command splits it) the way the go command does, " +
			"with its standard input at end of file, and reads the first message of the cache protocol (cmd/go/internal/cacheprog): a JSON object with ID 0 " +
			"listing the commands it supports. Then builds a hello-world in a scratch module (under godx's cache folder, removed afterwards) with that cache, " +
			"which makes the go command exchange get and put requests with it. Runs only with `godx doctor --deep`.",
		Why: "With GOCACHEPROG set, every go command that builds starts the program first and depends on it for every cache lookup: " +
			"a program that is missing, crashes, prints a log line before its first message or never answers breaks or hangs every build, " +
			"with errors such as `error starting GOCACHEPROG program \"…\"` or an endless `# still waiting for GOCACHEPROG …`.",
		How: fmt.Sprintf("Skipped when GOCACHEPROG is not set. Error when the program cannot be started, exits or stays silent for %v without a first message, "+
			"or its first message is not a JSON object with ID 0 and at least one known command; error when the build with it fails, with the go command's own words. "+
			"A program that answers and then waits at end of input (instead of exiting) is fine: the go command closes it with a close request. "+
			"The time to the first message and the build's duration are recorded as measurements.", CacheProgHelloLimit),
		Fix: "Fix or reinstall the cache program (its own error output is quoted), or unset GOCACHEPROG (`go env -u GOCACHEPROG`, or remove it from the environment) to use the local build cache.",
		Errors: []string{
			`go: error starting GOCACHEPROG program "/usr/local/bin/gocache": exec: "/usr/local/bin/gocache": stat /usr/local/bin/gocache: no such file or directory`,
			"go: GOCACHEPROG /usr/local/bin/gocache declared no supported commands",
			"go: error reading JSON from GOCACHEPROG: invalid character 'c' looking for beginning of value",
		},
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runGoCacheProg,
}

func runGoCacheProg(pass *check.Pass) error {
	f := pass.Facts
	// A GOCACHEPROG that does not answer makes `go env` fail too (it
	// opens the cache): the setting is then read without it.
	ge, geErr := f.GoEnv()
	value := ""
	if geErr == nil {
		value = ge.Get("GOCACHEPROG")
	}
	if value == "" {
		if def, ok := f.ExplicitGoSetting("GOCACHEPROG"); ok {
			value = def.Value
		}
	}
	if value == "" {
		if geErr != nil {
			return check.Skip("the go command is not usable (go/installed reports it)")
		}
		return check.Skip("GOCACHEPROG is not set")
	}
	setting := check.F("GOCACHEPROG", value+" ("+settingWhere(f)+")")
	words, err := goflags.SplitWords(value)
	if err != nil || len(words) == 0 {
		if err == nil {
			err = errors.New("no program named")
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOCACHEPROG=%s cannot be split into a program and its arguments.", value),
			Detail:   fmt.Sprintf("The go command stops every build with `go: GOCACHEPROG args: %v`.", err),
			Evidence: check.Evidence{setting},
			Fix:      &check.Fix{Description: "Close the quote, or unset GOCACHEPROG."},
		})
		return nil
	}
	dir, remove, err := f.ScratchDir("gocacheprog")
	if err != nil {
		return check.Skip("no scratch directory for the probe: %v", err)
	}
	defer remove()
	ctx, cancel := context.WithTimeout(pass.Context, CacheProgHelloLimit)
	defer cancel()
	hs := probe.Go{Runner: f, Dir: dir, Env: f.Environ()}.Exec(ctx, "gocacheprog hello", words[0], nil, words[1:]...)
	hsEvidence := check.Evidence{
		setting,
		check.F("command", shellquote.Join(shellquote.ForGOOS(f.GOOS()), hs.Argv...)+" (standard input at end of file)"),
		check.F("duration", roundDuration(hs.Duration())),
	}
	hello, herr := probe.ParseCacheProgHello(hs.Result.Stdout)
	if herr != nil {
		why := herr.Error()
		switch {
		case hs.Result.TimedOut && herr == probe.ErrNoHello:
			why = fmt.Sprintf("It wrote nothing within %v: the go command would wait for it forever, printing `# still waiting for GOCACHEPROG %s ...` every 5 s.", CacheProgHelloLimit, words[0])
		case hs.Result.Err != nil && !hs.Result.TimedOut && herr == probe.ErrNoHello:
			why = "It ended without its first message: " + hs.Failure()
			if hs.Result.ExitCode >= 0 {
				why += fmt.Sprintf(" (exit status %d)", hs.Result.ExitCode)
			}
		}
		detail := why
		if out := strings.TrimSpace(string(hs.Result.Stderr)); out != "" && !strings.Contains(why, out) {
			detail += "\n\nIts error output:\n" + probe.Tail(out)
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The GOCACHEPROG program %s does not answer the go command's cache protocol: every build fails or hangs.", words[0]),
			Detail:   detail,
			Evidence: hsEvidence,
			Fix:      &check.Fix{Description: pass.Check.Doc.Fix},
		})
		return nil
	}
	pass.Measure("gocacheprog hello", hs.Duration())
	if geErr != nil {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The GOCACHEPROG program %s answers the handshake, but `go env` fails with it.", words[0]),
			Detail:   geErr.Error(),
			Evidence: hsEvidence,
			Fix:      &check.Fix{Description: pass.Check.Doc.Fix},
		})
		return nil
	}
	s, err := open(pass, "gocacheprog-build")
	if err != nil {
		return err
	}
	defer s.close()
	b := s.g.Run(pass.Context, "build with gocacheprog", nil, "build", "-o", s.exe("hello"), ".")
	s.measure(b)
	if !b.OK() {
		s.fail(b, check.Error, fmt.Sprintf("A build using the GOCACHEPROG program %s failed.", words[0]),
			"The program answered the handshake (it knows "+strings.Join(hello.KnownCommands, ", ")+") but the build with it failed.", nil)
		return nil
	}
	pass.Observe(fmt.Sprintf("GOCACHEPROG %s answered (%s) and a build used it (%s)", words[0], strings.Join(hello.KnownCommands, ", "), roundDuration(b.Duration())),
		append(hsEvidence, check.F("build", roundDuration(b.Duration())))...)
	return nil
}

// settingWhere says where GOCACHEPROG is set.
func settingWhere(f *facts.Facts) string {
	if def, ok := f.ExplicitGoSetting("GOCACHEPROG"); ok {
		return def.Where()
	}
	return "go env"
}
