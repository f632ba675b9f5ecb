package contextscmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/contexts"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/render"
)

// DiffDocument is `godx diff --json`.
type DiffDocument struct {
	Schema string     `json:"schema"`
	Pairs  []DiffPair `json:"pairs"`
	Errors []string   `json:"errors,omitempty"`
}

// DiffPair is the comparison of context B against context A.
type DiffPair struct {
	A           string                `json:"a"`
	B           string                `json:"b"`
	NotCompared string                `json:"not_compared,omitempty"`
	Differences []contexts.Difference `json:"differences"`
}

// NewCmdDiff builds `godx diff`.
func NewCmdDiff(f *command.Factory) *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "diff [A [B]]",
		Short: "Show the Go settings that differ between contexts (shell, new terminal, editor, gopls, dlv)",
		Long: `Compare the Go settings two contexts resolve (see 'godx contexts'): which go runs
(path and version), GOROOT, GOPATH, GOBIN, GOFLAGS, GOTOOLCHAIN, GOWORK,
GO111MODULE, GOPROXY, GOPRIVATE, GONOSUMDB, CGO_ENABLED, CC, and the PATH
directories that hold go, gopls, dlv or a C compiler; each difference with
its consequence and the fix.

With no argument, compares the shell with every other context found; with
one, the shell with A; with two, A with B. A context is a name from
'godx contexts' or pid:N for any process of yours.`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := newSession(ctx, f, o)
			if err != nil {
				return err
			}
			var as, bs []contexts.Context
			doc := DiffDocument{Schema: "godx.diff/v1"}
			switch len(args) {
			case 0:
				all, errs := s.gather.All(ctx)
				for _, e := range errs {
					doc.Errors = append(doc.Errors, e.Error())
				}
				for _, c := range all[1:] {
					as, bs = append(as, all[0]), append(bs, c)
				}
			default:
				a, b := "shell", args[0]
				if len(args) == 2 {
					a, b = args[0], args[1]
				}
				ca, err := s.gather.Get(ctx, a)
				if err != nil {
					return command.Usagef("%v", err)
				}
				cb, err := s.gather.Get(ctx, b)
				if err != nil {
					return command.Usagef("%v", err)
				}
				as, bs = []contexts.Context{ca}, []contexts.Context{cb}
			}
			ra := s.resolver.Resolve(ctx, as)
			rb := s.resolver.Resolve(ctx, bs)
			for i := range ra {
				p := DiffPair{A: ra[i].Name, B: rb[i].Name, Differences: contexts.Diff(ra[i], rb[i], s.fx.GOOS())}
				switch {
				case ra[i].Error != "":
					p.NotCompared = ra[i].Error
				case rb[i].Error != "":
					p.NotCompared = rb[i].Error
				}
				if p.Differences == nil {
					p.Differences = []contexts.Difference{}
				}
				doc.Pairs = append(doc.Pairs, p)
			}
			if o.json {
				return render.JSON(f.IO.Out, doc)
			}
			return writeDiff(f.IO.Out, doc)
		},
	}
	o.addFlags(cmd)
	return cmd
}

func writeDiff(out io.Writer, doc DiffDocument) error {
	w := printable.Writer(out)
	for i, p := range doc.Pairs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		switch {
		case p.NotCompared != "":
			fmt.Fprintf(w, "%s vs %s: not compared: %s\n", p.A, p.B, p.NotCompared)
		case len(p.Differences) == 0:
			fmt.Fprintf(w, "%s vs %s: the same go and Go settings\n", p.A, p.B)
		default:
			fmt.Fprintf(w, "%s vs %s:\n", p.A, p.B)
			for _, d := range p.Differences {
				fmt.Fprintf(w, "  %s: %s\n", d.Setting, d.Consequence)
			}
		}
	}
	for _, msg := range doc.Errors {
		fmt.Fprintf(w, "note: %s\n", msg)
	}
	return nil
}
