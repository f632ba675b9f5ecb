package toolchaincmd

import (
	"fmt"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/spf13/cobra"
)

func newRemove(f *command.Factory, env envFunc) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "remove VERSION...",
		Short: "Remove toolchains from the module cache",
		Long: `Remove toolchains from the module cache: the unpacked tree and its download,
under the go command's lock for that version, restoring write permission only
inside that tree; the rest of the module cache is left alone (never
'go clean -modcache'). The toolchain in use here (or the go command on PATH,
or the one GOTOOLCHAIN names) is kept unless --force.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := env(cmd.Context(), false)
			if err != nil {
				return err
			}
			inv := e.List()
			for _, a := range args {
				name, err := toolchain.ParseName(a)
				if err != nil {
					return command.Usagef("%v", err)
				}
				var target *toolchain.Toolchain
				for i, t := range inv.Toolchains {
					if t.Name == name && t.Source == toolchain.SourceModCache && t.GOOS == inv.GOOS && t.GOARCH == inv.GOARCH {
						target = &inv.Toolchains[i]
					}
				}
				if target == nil {
					for _, t := range inv.Toolchains {
						if t.Name == name {
							return fmt.Errorf("%s in %s was not installed into the module cache (%s): godx removes only toolchains there; remove that directory yourself if you mean to", name, t.Dir, t.Source)
						}
					}
					return fmt.Errorf("%s is not installed in the module cache", name)
				}
				if err := removeOne(f, e, inv, *target, force); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "remove even the toolchain in use")
	return cmd
}

func removeOne(f *command.Factory, e *toolchain.Env, inv *toolchain.Inventory, t toolchain.Toolchain, force bool) error {
	if why := e.InUse(inv, t); why != "" && !force {
		return fmt.Errorf("%s is in use: %s; use --force to remove it anyway", t.Name, why)
	}
	r, err := e.Remove(t.ModVersion)
	if err != nil {
		return err
	}
	fmt.Fprintf(printable.Writer(f.IO.Out), "removed %s (%s freed): %s\n", t.Name, humanBytes(r.Freed), r.Dir)
	if r.Link != "" {
		fmt.Fprintf(printable.Writer(f.IO.Out), "  and its command %s\n", r.Link)
	}
	return nil
}

func newPrune(f *command.Factory, env envFunc) *cobra.Command {
	var keep int
	var force, dryRun bool
	cmd := &cobra.Command{
		Use:   "prune [--keep N]",
		Short: "Remove all but the newest toolchains from the module cache",
		Long: `Remove the module cache's toolchains except the newest N (default 1). Toolchains
in use (here, the go command on PATH, the one GOTOOLCHAIN names) are kept
unless --force. --dry-run only says what would go.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if keep < 0 {
				return command.Usagef("--keep must be 0 or more")
			}
			e, err := env(cmd.Context(), false)
			if err != nil {
				return err
			}
			inv := e.List()
			kept := 0
			removed := 0
			for _, t := range inv.Toolchains { // newest first
				if t.Source != toolchain.SourceModCache {
					continue
				}
				if kept < keep {
					kept++
					fmt.Fprintf(printable.Writer(f.IO.Out), "keep %s (one of the newest %d)\n", t.Name, keep)
					continue
				}
				if why := e.InUse(inv, t); why != "" && !force {
					fmt.Fprintf(printable.Writer(f.IO.Out), "keep %s: in use, %s\n", t.Name, why)
					continue
				}
				if t.Partial {
					// An install (godx's or a go command's switch) may be
					// unpacking it right now: never race it.
					fmt.Fprintf(printable.Writer(f.IO.Out), "keep %s: its unpacking is unfinished (an install is running, or one was interrupted: "+
						"`godx toolchain install %s` finishes it, `godx toolchain remove %s` removes it)\n", t.Name, t.Name, t.Name)
					continue
				}
				if dryRun {
					fmt.Fprintf(printable.Writer(f.IO.Out), "would remove %s (%s): %s\n", t.Name, humanBytes(t.Size), t.Dir)
					continue
				}
				if err := removeOne(f, e, inv, t, true); err != nil {
					return err
				}
				removed++
			}
			if removed == 0 && !dryRun {
				fmt.Fprintln(printable.Writer(f.IO.Out), "nothing to remove")
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&keep, "keep", 1, "how many of the newest toolchains to keep")
	cmd.Flags().BoolVar(&force, "force", false, "remove toolchains in use too")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "only print what would be removed")
	return cmd
}
