package diagnose

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/engine"
)

// AddFlags registers the flags that choose and bound the checks (--dir,
// --only, --skip, --offline, --deep, --timeout) on cmd, with completion
// of check IDs and areas from checks. Every command that diagnoses uses
// it, so they accept the same flags with the same meaning.
func AddFlags(cmd *cobra.Command, o *Options, checks func() []*check.Check) {
	fs := cmd.Flags()
	fs.StringVar(&o.Dir, "dir", "", "project `directory` to diagnose (default: the current directory)")
	fs.StringSliceVar(&o.Only, "only", nil, "run only these check `IDs` or areas (go/, module/)")
	fs.StringSliceVar(&o.Skip, "skip", nil, "skip these check `IDs` or areas")
	fs.BoolVar(&o.Offline, "offline", false, "never use the network")
	fs.BoolVar(&o.Deep, "deep", false, "also run expensive checks (such as re-hashing the Go installation)")
	fs.Var((*timeoutFlag)(o), "timeout", "global time budget for all checks (default 2m with --deep)")

	complete := func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		seen := map[string]bool{}
		for _, c := range checks() {
			if !seen[c.Area()+"/"] {
				seen[c.Area()+"/"] = true
				out = append(out, c.Area()+"/\tevery "+c.Area()+" check")
			}
			out = append(out, c.ID+"\t"+c.Title)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	_ = cmd.RegisterFlagCompletionFunc("only", complete)
	_ = cmd.RegisterFlagCompletionFunc("skip", complete)
	_ = cmd.MarkFlagDirname("dir")
}

// timeoutFlag is --timeout. It leaves Options.Timeout zero until given,
// so that --deep alone can choose its longer default, and remembers that
// it was given, so that an explicit 0 is refused rather than defaulted.
type timeoutFlag Options

func (t *timeoutFlag) String() string {
	if t.Timeout == 0 {
		return engine.DefaultBudget.String() // the default help shows
	}
	return t.Timeout.String()
}

func (t *timeoutFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	t.Timeout, t.timeoutGiven = d, true
	return nil
}

func (t *timeoutFlag) Type() string { return "duration" }
