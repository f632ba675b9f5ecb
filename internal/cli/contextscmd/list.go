package contextscmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/render"
)

// ListDocument is `godx contexts --json`.
type ListDocument struct {
	Schema   string   `json:"schema"`
	Contexts []Entry  `json:"contexts"`
	Errors   []string `json:"errors,omitempty"`
}

// NewCmdContexts builds `godx contexts`.
func NewCmdContexts(f *command.Factory) *cobra.Command {
	o := &options{}
	var showEnv bool
	cmd := &cobra.Command{
		Use:   "contexts",
		Short: "List the environments Go runs under here: shell, new terminal, editors, gopls, dlv",
		Long: `List the contexts Go runs under on this machine, with the go command each one
resolves (path and version) and its GOROOT: this shell; a new login terminal
(your shell started as a login shell, bounded; --no-login skips it); each
running editor (VS Code and its extension host, GoLand/IntelliJ, Neovim, Vim,
Zed, Cursor) and its gopls and dlv; VS Code with its Go settings applied and
each launch.json configuration; inside WSL, the Windows side.

Environments hold secrets: only Go settings and PATH are shown, other
variables are counted (--show-names lists their names, never their values).
Nothing read from another process is written to disk.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := newSession(cmd.Context(), f, o)
			if err != nil {
				return err
			}
			cs, errs := s.gather.All(cmd.Context())
			res := s.resolver.Resolve(cmd.Context(), cs)
			doc := ListDocument{Schema: "godx.contexts/v1"}
			for _, r := range res {
				doc.Contexts = append(doc.Contexts, entry(r, o.showNames))
			}
			for _, e := range errs {
				doc.Errors = append(doc.Errors, e.Error())
			}
			if o.json {
				return render.JSON(f.IO.Out, doc)
			}
			return writeList(f.IO.Out, doc, showEnv || o.showNames)
		},
	}
	o.addFlags(cmd)
	cmd.Flags().BoolVar(&showEnv, "env", false, "also print each context's Go settings and PATH")
	return cmd
}

func writeList(out io.Writer, doc ListDocument, showEnv bool) error {
	// What other processes hold is escaped for the terminal.
	w := printable.Writer(out)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CONTEXT\tPROGRAM\tGO\tVERSION\tGOROOT")
	for _, e := range doc.Contexts {
		prog := e.Program
		if e.Owner != "" {
			prog += ", of " + e.Owner
		}
		if e.Error != "" {
			fmt.Fprintf(tw, "%s\t%s\tnot readable: %s\t\t\n", e.Name, prog, e.Error)
			continue
		}
		goPath, ver := e.Go, e.GoVersion
		if goPath == "" {
			goPath = "(" + e.GoErr + ")"
		} else if ver == "" {
			ver = "(" + e.GoErr + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.Name, prog, goPath, ver, e.GOROOT)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, msg := range doc.Errors {
		fmt.Fprintf(w, "note: %s\n", msg)
	}
	if !showEnv {
		return nil
	}
	for _, e := range doc.Contexts {
		if e.Error != "" {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", e.Name)
		if e.Dir != "" {
			fmt.Fprintf(w, "  working directory: %s\n", e.Dir)
		}
		for _, o := range e.Overrides {
			fmt.Fprintf(w, "  override: %s\n", o)
		}
		for _, v := range e.Env {
			fmt.Fprintf(w, "  %s=%s\n", v.Name, v.Value)
		}
		if e.Hidden > 0 {
			line := fmt.Sprintf("  (%s hidden", english.Count(e.Hidden, "other variable", "other variables"))
			if len(e.HiddenNames) > 0 {
				line += ": " + strings.Join(e.HiddenNames, " ")
			}
			fmt.Fprintln(w, line+")")
		}
	}
	return nil
}
