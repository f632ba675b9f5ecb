// Package catalog implements `godx checks` (the list of checks) and
// `godx explain ID` (one check's documentation).
package catalog

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/render"
)

type entry struct {
	ID      string    `json:"id"`
	Area    string    `json:"area"`
	Title   string    `json:"title"`
	Network string    `json:"network"`
	Doc     check.Doc `json:"doc"`
}

func networkWord(n check.NetworkUse) string {
	switch n {
	case check.OptionalNetwork:
		return "optional"
	case check.RequiresNetwork:
		return "required"
	}
	return "none"
}

// NewCmdChecks builds `godx checks`.
func NewCmdChecks(f *command.Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List every check: ID, area and title",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			checks := f.Checks()
			if asJSON {
				var out []entry
				for _, c := range checks {
					out = append(out, entry{c.ID, c.Area(), c.Title, networkWord(c.Network), c.Doc})
				}
				return render.JSON(f.IO.Out, map[string]any{"schema": "godx.checks/v1", "checks": out})
			}
			tw := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tAREA\tTITLE")
			for _, c := range checks {
				title := c.Title
				if c.Network != check.NoNetwork {
					title += " (network: " + networkWord(c.Network) + ")"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", c.ID, c.Area(), title)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err := fmt.Fprintln(f.IO.Out, "\nRun `godx explain ID` for what a check does and how to fix what it finds.")
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the catalogue as JSON, with documentation")
	return cmd
}

// NewCmdExplain builds `godx explain ID`.
func NewCmdExplain(f *command.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "explain ID",
		Short: "Explain what a check looks at, why it matters and how to fix it",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, c := range f.Checks() {
				ids = append(ids, c.ID+"\t"+c.Title)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c := find(f.Checks(), args[0])
			if c == nil {
				return command.Usagef("unknown check %q; `godx checks` lists them", args[0])
			}
			_, err := fmt.Fprint(f.IO.Out, Explain(c))
			return err
		},
	}
	return cmd
}

func find(checks []*check.Check, id string) *check.Check {
	for _, c := range checks {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// Explain formats a check's documentation.
func Explain(c *check.Check) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", c.ID, c.Title)
	section := func(title, text string) {
		if text == "" {
			return
		}
		fmt.Fprintf(&b, "\n%s\n", title)
		for _, para := range strings.Split(strings.TrimSpace(text), "\n") {
			b.WriteString(wrap(para, "  ", explainWidth))
		}
	}
	section("What it looks at", c.Doc.What)
	section("Why it matters", c.Doc.Why)
	section("How it decides", c.Doc.How)
	section("How to fix", c.Doc.Fix)
	if len(c.Doc.Errors) > 0 {
		fmt.Fprintf(&b, "\nErrors it prevents\n")
		for _, e := range c.Doc.Errors {
			fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(e, "\n", "\n  "))
		}
	}
	switch c.Network {
	case check.OptionalNetwork:
		b.WriteString("\n" + wrap("Network: used when allowed; with --offline it works from what is already on this machine (data built into godx, or caches).", "", explainWidth))
	case check.RequiresNetwork:
		b.WriteString("\n" + wrap("Network: required; skipped with --offline.", "", explainWidth))
	}
	return b.String()
}

// explainWidth is the line width of explain's prose (the quoted Go error
// texts are printed as they are, however long).
const explainWidth = 80

// wrap fills text into lines of at most width columns (a longer word gets
// a line of its own), each starting with indent.
func wrap(text, indent string, width int) string {
	words := strings.Fields(text)
	if len(words) == 0 {
		return "\n"
	}
	var b strings.Builder
	line := indent
	for _, w := range words {
		if line != indent && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
	return b.String()
}
