// Package bugreportcmd implements `godx bugreport`: one redacted Markdown
// (or JSON) bundle to paste into an issue.
package bugreportcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/bugreport"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/cli/envcmd"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/render"
)

type options struct {
	diagnose diagnose.Options
	output   string
	json     bool
}

// Hostname is the machine's name, replaced in the report; tests set it.
var Hostname = os.Hostname

// NewCmd builds `godx bugreport`.
func NewCmd(f *command.Factory) *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "bugreport",
		Short: "Print a redacted report of the Go environment to paste into an issue",
		Long: `Gather what a bug report about Go or a Go tool needs: godx and go versions,
how the go command and the compiler were built, every Go setting and where it
comes from, the Go environment variables, tool versions and the Go that built
them, the editor's Go settings, the OS and its emulation facts, and the doctor's
report. Everything is redacted before it is printed: the home directory becomes
~, user and host names <user> and <host>, credentials in URLs (GOPROXY,
GONOSUMDB, ...) xxxxx; environment variables not on the Go allowlist, editor
settings that are not about Go and the netrc file are left out.

Exit status: 0 (the report is written whatever it found), 2 usage error or godx
failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return run(cmd.Context(), f, o) },
	}
	diagnose.AddFlags(cmd, &o.diagnose, f.Checks)
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the report to `FILE` (atomically) instead of stdout")
	cmd.Flags().BoolVar(&o.json, "json", false, "the report as JSON (schema "+bugreport.Schema+") instead of Markdown")
	return cmd
}

func run(ctx context.Context, f *command.Factory, o *options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	d := o.diagnose
	d.Progress = true // a live line on a terminal's stderr only
	res, err := diagnose.Run(ctx, f, d)
	if err != nil {
		return err
	}
	b := bugreport.Collect(res.Facts)
	b.Doctor = res.Report
	if doc, err := envcmd.Collect(ctx, f, d.Dir); err == nil {
		if b.Env, err = json.Marshal(doc); err != nil {
			return err
		}
	}
	fx := res.Facts
	var hosts []string
	if h, err := Hostname(); err == nil {
		hosts = append(hosts, h)
	}
	for _, v := range []string{"HOSTNAME", "COMPUTERNAME"} {
		if h, ok := fx.LookupEnv(v); ok {
			hosts = append(hosts, h)
		}
	}
	homes := []string{fx.UserHomeDir()}
	if real, err := fx.OS.EvalSymlinks(fx.UserHomeDir()); err == nil {
		homes = append(homes, real)
	}
	redacted, err := bugreport.Redact(b, redact.NewIdentity(homes, bugreport.UserNames(fx), hosts))
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if o.json {
		if err := json.Indent(&out, redacted, "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
	} else {
		rb, err := bugreport.Decode(redacted)
		if err != nil {
			return err
		}
		// The settings table is laid out from the redacted values, so
		// its columns line up.
		var doc envcmd.Document
		if len(rb.Env) > 0 && json.Unmarshal(rb.Env, &doc) == nil {
			var text bytes.Buffer
			if envcmd.WriteText(&text, &doc) == nil {
				rb.EnvText = text.String()
			}
		}
		if err := render.BugReport(&out, rb); err != nil {
			return err
		}
	}
	if o.output != "" {
		return command.WriteOutput(o.output, out.Bytes())
	}
	_, err = f.IO.Out.Write(out.Bytes())
	return err
}
