// Package toolchaincmd implements `godx toolchain`: install, list, use,
// link, remove, prune and verify Go toolchains. The work is done by
// internal/toolchain; this package parses flags and prints.
package toolchaincmd

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/toolchain"
)

// NewCmd builds `godx toolchain`.
func NewCmd(f *command.Factory) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "toolchain",
		Short: "Install, list, switch and verify Go toolchains",
		Long: `Manage Go toolchains with the go command's own verified mechanism: a toolchain
is the golang.org/toolchain module, downloaded through your GOPROXY, checked
against the checksum database and unpacked into the module cache, where
GOTOOLCHAIN switching finds it too (and godx finds what it downloaded).`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return command.Usagef("unknown command %q for \"godx toolchain\"", args[0])
			}
			return cmd.Help()
		},
	}
	cmd.PersistentFlags().StringVar(&dir, "dir", "", "project `directory` (default: the current directory)")
	env := func(ctx context.Context, offline bool) (*toolchain.Env, error) {
		fx, err := facts.New(ctx, f.OS, facts.Options{Dir: dir, Offline: offline, CommandTimeout: 2 * time.Minute, FetchTimeout: 30 * time.Second})
		if err != nil {
			return nil, command.Usagef("%v", err)
		}
		return toolchain.NewEnv(fx)
	}
	cmd.AddCommand(
		newList(f, env),
		newInstall(f, env),
		newUse(f, env),
		newLink(f, env),
		newRemove(f, env),
		newPrune(f, env),
		newVerify(f, env),
	)
	return cmd
}

type envFunc func(ctx context.Context, offline bool) (*toolchain.Env, error)

// interruptible ends ctx on Ctrl-C, so a download stops cleanly.
func interruptible(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt)
}

func newList(f *command.Factory, env envFunc) *cobra.Command {
	var asJSON, remote, all, refresh, offline bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List installed toolchains (or, with --remote, the releases GOPROXY offers)",
		Long: `List the Go toolchains installed in the module cache (by godx or GOTOOLCHAIN
switching), in ~/sdk (golang.org/dl), behind the go commands on PATH (go and
goX.Y.Z) and in the usual install directories, with size and which one the go
command runs in this directory (following GOTOOLCHAIN and go.work/go.mod).

With --remote, list the releases available through GOPROXY for this
platform, newest first (final releases; --all adds release candidates),
marking the installed ones. The list is cached for a day (--refresh asks
again).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := env(cmd.Context(), offline)
			if err != nil {
				return err
			}
			inv := e.List()
			if remote {
				return listRemote(cmd.Context(), f, e, inv, asJSON, all, refresh)
			}
			if asJSON {
				return render.JSON(f.IO.Out, inv)
			}
			return writeList(f, inv)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON (schema godx.toolchains/v1; with --remote godx.toolchain-releases/v1)")
	cmd.Flags().BoolVar(&remote, "remote", false, "list the releases available through GOPROXY")
	cmd.Flags().BoolVar(&all, "all", false, "with --remote: include release candidates")
	cmd.Flags().BoolVar(&refresh, "refresh", false, "with --remote: ignore the cached list")
	cmd.Flags().BoolVar(&offline, "offline", false, "never use the network (--remote uses the cached list)")
	return cmd
}

func writeList(f *command.Factory, inv *toolchain.Inventory) error {
	w := tabwriter.NewWriter(printable.Writer(f.IO.Out), 0, 4, 2, ' ', 0)
	if len(inv.Toolchains) == 0 {
		fmt.Fprintln(printable.Writer(f.IO.Out), "no Go toolchains found")
	} else {
		fmt.Fprintln(w, "  VERSION\tSOURCE\tSIZE\tDIRECTORY")
		for _, t := range inv.Toolchains {
			mark := " "
			if t.Active {
				mark = "*"
			}
			src := t.Source
			if t.Source == toolchain.SourceModCache && (t.GOOS != inv.GOOS || t.GOARCH != inv.GOARCH) {
				src += " (" + t.GOOS + "/" + t.GOARCH + ")"
			}
			size := humanBytes(t.Size)
			if t.Partial {
				size = "unpacking"
			}
			line := fmt.Sprintf("%s %s\t%s\t%s\t%s", mark, t.Name, src, size, t.Dir)
			if len(t.Commands) > 0 {
				line += "  (" + strings.Join(t.Commands, ", ") + ")"
			}
			fmt.Fprintln(w, line)
		}
		w.Flush()
	}
	switch {
	case inv.ChoiceErr != "":
		fmt.Fprintf(printable.Writer(f.IO.Out), "\nin %s the go command stops: go: %s\n", inv.Dir, inv.ChoiceErr)
	case inv.Choice != nil:
		c := inv.Choice
		fmt.Fprintf(printable.Writer(f.IO.Out), "\n* runs in %s: %s (%s)", inv.Dir, c.Name, c.Why)
		if inv.ActiveDir == "" {
			if c.PathOnly {
				fmt.Fprintf(printable.Writer(f.IO.Out), "\n  not on PATH: go commands here fail with `go: cannot find %q in PATH`", c.Name)
			} else {
				fmt.Fprintf(printable.Writer(f.IO.Out), "\n  not installed: the next go command here downloads it; `godx toolchain install %s` does it now, with progress", c.Name)
			}
		}
		fmt.Fprintln(f.IO.Out)
	}
	return nil
}

// Releases is the JSON form of `list --remote`.
type Releases struct {
	Schema   string    `json:"schema"`
	GOPROXY  string    `json:"goproxy"`
	GOOS     string    `json:"goos"`
	GOARCH   string    `json:"goarch"`
	Fetched  time.Time `json:"fetched"`
	Cached   bool      `json:"cached"`
	Releases []Release `json:"releases"`
}

// Release is one remote release.
type Release struct {
	Name      string `json:"name"`
	Stable    bool   `json:"stable"`
	Installed string `json:"installed,omitempty"` // its directory
}

func listRemote(ctx context.Context, f *command.Factory, e *toolchain.Env, inv *toolchain.Inventory, asJSON, all, refresh bool) error {
	r, err := e.Remote(ctx, refresh)
	if err != nil {
		return err
	}
	installed := map[string]string{}
	for _, t := range inv.Toolchains {
		if t.Source != toolchain.SourceModCache || t.GOOS == inv.GOOS && t.GOARCH == inv.GOARCH {
			if _, ok := installed[t.Name]; !ok {
				installed[t.Name] = t.Dir
			}
		}
	}
	doc := Releases{Schema: "godx.toolchain-releases/v1", GOPROXY: r.GOPROXY, GOOS: r.GOOS, GOARCH: r.GOARCH, Fetched: r.Fetched, Cached: r.Cache != ""}
	for _, n := range r.Names {
		if all || goversion.IsStable(n) {
			doc.Releases = append(doc.Releases, Release{Name: n, Stable: goversion.IsStable(n), Installed: installed[n]})
		}
	}
	if asJSON {
		return render.JSON(f.IO.Out, doc)
	}
	w := tabwriter.NewWriter(printable.Writer(f.IO.Out), 0, 4, 2, ' ', 0)
	for _, rel := range doc.Releases {
		note := ""
		if rel.Installed != "" {
			note = "installed: " + rel.Installed
		}
		fmt.Fprintf(w, "%s\t%s\n", rel.Name, note)
	}
	w.Flush()
	when := "fetched now"
	if doc.Cached {
		when = fmt.Sprintf("cached %s ago in %s", time.Since(r.Fetched).Round(time.Minute), r.Cache)
	}
	fmt.Fprintf(printable.Writer(f.IO.Out), "\n%d releases for %s/%s from GOPROXY=%s (%s)\n", len(doc.Releases), r.GOOS, r.GOARCH, r.GOPROXY, when)
	return nil
}

func newUse(f *command.Factory, env envFunc) *cobra.Command {
	var project, global, exact bool
	cmd := &cobra.Command{
		Use:   "use VERSION [--project | --global]",
		Short: "Make the go command run a toolchain, here or everywhere",
		Long: `--project (the default inside a module) sets the toolchain line of the go.work in
effect, else of go.mod, with 'go mod edit -toolchain'; the go line is never
lowered, and a release older than the go line is refused.
--global sets your default with 'go env -w GOTOOLCHAIN=goVERSION+auto' (with
--exact: GOTOOLCHAIN=goVERSION, which go.mod files cannot raise).
Both print what changed and the command that undoes it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if project && global {
				return command.Usagef("--project and --global exclude each other")
			}
			if exact && !global {
				return command.Usagef("--exact goes with --global")
			}
			ctx := cmd.Context()
			e, err := env(ctx, false)
			if err != nil {
				return err
			}
			name, _, err := e.Resolve(ctx, args[0])
			if err != nil {
				return err
			}
			if !global && !project {
				if kind, _, _, _ := toolchain.ModuleLines(e.Facts); kind == "" {
					return command.Usagef("%s is not in a module: say --global to set your default toolchain", e.Facts.Dir)
				}
			}
			var c *toolchain.Change
			if global {
				c, err = e.UseGlobal(ctx, name, exact)
			} else {
				c, err = e.UseProject(ctx, name)
			}
			if err != nil {
				return err
			}
			out := printable.Writer(f.IO.Out)
			fmt.Fprintf(out, "changed %s\n", c.What)
			for _, n := range c.Notes {
				fmt.Fprintf(out, "note: %s\n", n)
			}
			if mv, err := e.ModVersion(name); err == nil && !e.Installed(mv) {
				if _, err := e.Facts.LookPath(name); err != nil {
					fmt.Fprintf(out, "%s is not installed yet: the first go command that needs it downloads it; `godx toolchain install %s` does it now\n", name, name)
				}
			}
			fmt.Fprintf(out, "undo: %s\n", c.Undo)
			return nil
		},
	}
	cmd.Flags().BoolVar(&project, "project", false, "set the toolchain line of go.work/go.mod")
	cmd.Flags().BoolVar(&global, "global", false, "set GOTOOLCHAIN with go env -w")
	cmd.Flags().BoolVar(&exact, "exact", false, "with --global: GOTOOLCHAIN=goVERSION instead of goVERSION+auto")
	return cmd
}

func newLink(f *command.Factory, env envFunc) *cobra.Command {
	var force, remove bool
	cmd := &cobra.Command{
		Use:   "link VERSION",
		Short: "Put a goVERSION command in GOBIN that runs an installed toolchain",
		Long: `Write a goX.Y.Z command into GOBIN (like golang.org/dl's wrappers) that runs the
installed toolchain with its GOROOT and GOTOOLCHAIN=local. The go command
looks for goX.Y.Z on PATH before downloading, so GOTOOLCHAIN switching uses it
too. --remove deletes a command godx made; files godx did not make are never
replaced without --force.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := env(cmd.Context(), false)
			if err != nil {
				return err
			}
			name, err := toolchain.ParseName(args[0])
			if err != nil {
				return command.Usagef("%v", err)
			}
			if remove {
				p, ok, err := e.Unlink(name)
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintf(printable.Writer(f.IO.Out), "there is no %s\n", p)
					return nil
				}
				fmt.Fprintf(printable.Writer(f.IO.Out), "removed %s\n", p)
				return nil
			}
			t, err := findInstalled(e, e.List(), name)
			if err != nil {
				return err
			}
			p, err := e.Link(name, t.Dir, force)
			if err != nil {
				return err
			}
			fmt.Fprintf(printable.Writer(f.IO.Out), "%s runs %s (%s)\n", p, name, t.Dir)
			gobin := e.GOBIN()
			onPath := slices.ContainsFunc(e.Facts.PathDirs(), func(d string) bool { return e.Facts.SamePath(d, gobin) })
			if !onPath {
				fmt.Fprintf(printable.Writer(f.IO.Out), "note: %s is not on PATH, so neither you nor the go command will find %s: add it to PATH\n", gobin, name)
			}
			fmt.Fprintf(printable.Writer(f.IO.Out), "undo: godx toolchain link --remove %s\n", name)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace a goVERSION command godx did not make")
	cmd.Flags().BoolVar(&remove, "remove", false, "remove the goVERSION command godx made")
	return cmd
}

// findInstalled picks the installed toolchain called name: the module
// cache's for this platform first, then any other.
func findInstalled(e *toolchain.Env, inv *toolchain.Inventory, name string) (toolchain.Toolchain, error) {
	var other *toolchain.Toolchain
	for i, t := range inv.Toolchains {
		if t.Name != name || t.Partial {
			continue
		}
		if t.Source == toolchain.SourceModCache {
			if t.GOOS == inv.GOOS && t.GOARCH == inv.GOARCH {
				return t, nil
			}
			continue
		}
		if other == nil {
			other = &inv.Toolchains[i]
		}
	}
	if other != nil {
		return *other, nil
	}
	return toolchain.Toolchain{}, fmt.Errorf("%s is not installed (`godx toolchain install %s` installs it)", name, name)
}
