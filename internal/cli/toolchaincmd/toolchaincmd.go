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
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
	if len(inv.Toolchains) == 0 {
		fmt.Fprintln(f.IO.Out, "no Go toolchains found")
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
		fmt.Fprintf(f.IO.Out, "\nin %s the go command stops: go: %s\n", inv.Dir, inv.ChoiceErr)
	case inv.Choice != nil:
		c := inv.Choice
		fmt.Fprintf(f.IO.Out, "\n* runs in %s: %s (%s)", inv.Dir, c.Name, c.Why)
		if inv.ActiveDir == "" {
			if c.PathOnly {
				fmt.Fprintf(f.IO.Out, "\n  not on PATH: go commands here fail with `go: cannot find %q in PATH`", c.Name)
			} else {
				fmt.Fprintf(f.IO.Out, "\n  not installed: the next go command here downloads it; `godx toolchain install %s` does it now, with progress", c.Name)
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
	w := tabwriter.NewWriter(f.IO.Out, 0, 4, 2, ' ', 0)
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
	fmt.Fprintf(f.IO.Out, "\n%d releases for %s/%s from GOPROXY=%s (%s)\n", len(doc.Releases), r.GOOS, r.GOARCH, r.GOPROXY, when)
	return nil
}

func newInstall(f *command.Factory, env envFunc) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "install VERSION...",
		Short: "Download, verify and unpack Go toolchains into the module cache",
		Long: `Install Go toolchains the way the go command's GOTOOLCHAIN switching does:
go mod download golang.org/toolchain@v0.0.1-goVERSION.GOOS-GOARCH through your
GOPROXY, which checks it against the checksum database (mandatory for
toolchains) and unpacks it into the module cache; then the execute bits and
go.mod files are set up as the go command does, and the new go command's
'go version' must answer. Afterwards GOTOOLCHAIN=goVERSION switches instantly.

VERSION is 1.22.5 or go1.22.5, 1.22 (its newest patch release), 1.23rc1,
latest or stable (the newest release), or go.mod (what the module here needs).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := interruptible(cmd.Context())
			defer stop()
			e, err := env(ctx, false)
			if err != nil {
				return err
			}
			var results []*toolchain.InstallResult
			for _, spec := range args {
				name, how, err := e.Resolve(ctx, spec)
				if err != nil {
					return err
				}
				if how != "" && !asJSON {
					fmt.Fprintf(f.IO.ErrOut, "%s: %s\n", spec, name+" ("+how+")")
				}
				r, err := install(ctx, f, e, name, asJSON)
				if err != nil {
					return err
				}
				results = append(results, r)
			}
			if asJSON {
				return render.JSON(f.IO.Out, results)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the results as JSON")
	return cmd
}

func install(ctx context.Context, f *command.Factory, e *toolchain.Env, name string, quiet bool) (*toolchain.InstallResult, error) {
	p := newProgress(f, name, e.GOOS()+"/"+e.GOARCH(), e.Get("GOPROXY"))
	if quiet {
		p = nil
	}
	var cb func(toolchain.Event)
	if p != nil && !e.Installed(mustModVersion(e, name)) {
		p.start()
		cb = p.event
	}
	r, err := e.Install(ctx, name, cb)
	if p != nil {
		p.stop()
	}
	if err != nil || quiet {
		return r, err
	}
	out := f.IO.Out
	if r.Already {
		fmt.Fprintf(out, "%s is already installed in %s\n", name, r.Dir)
		if r.Prepared {
			fmt.Fprintf(out, "  finished its setup (execute bits, go.mod files) as the go command does on first use\n")
		}
		return r, nil
	}
	fmt.Fprintf(out, "installed %s in %s (%s)\n", name, r.Dir, r.Duration.Round(100*time.Millisecond))
	fmt.Fprintf(out, "  %s: %s\n", r.Sum, r.Verified)
	fmt.Fprintf(out, "  %s\n", r.GoVersion)
	fmt.Fprintf(out, "run it: GOTOOLCHAIN=%s go ..., or `godx toolchain use %s`, or `godx toolchain link %s` for a %s command\n", name, name, name, name)
	return r, nil
}

func mustModVersion(e *toolchain.Env, name string) string {
	v, _ := e.ModVersion(name)
	return v
}

// progress shows an install on a terminal as one live line (bytes of the
// growing download, then the unpack), and as plain lines elsewhere.
type progress struct {
	f                      *command.Factory
	name, platform, proxy  string
	tty                    bool
	line                   *render.StatusLine
	shownDownload, shownUn bool
	mu                     chan struct{}
}

func newProgress(f *command.Factory, name, platform, proxy string) *progress {
	return &progress{f: f, name: name, platform: platform, proxy: proxy, tty: f.IO.IsStderrTTY(),
		line: render.NewStatusLine(f.IO), mu: make(chan struct{}, 1)}
}

func (p *progress) start() {
	if !p.tty {
		fmt.Fprintf(p.f.IO.ErrOut, "downloading %s for %s through GOPROXY=%s\n", p.name, p.platform, p.proxy)
		p.shownDownload = true
	}
}

func (p *progress) event(ev toolchain.Event) {
	p.mu <- struct{}{}
	defer func() { <-p.mu }()
	secs := ev.Elapsed.Seconds()
	switch ev.Phase {
	case toolchain.PhaseDownload:
		if p.tty {
			p.draw(fmt.Sprintf("downloading %s (%s): %s (%.1fs)", p.name, p.platform, humanBytes(ev.Bytes), secs))
		}
	case toolchain.PhaseUnpack:
		if p.tty {
			p.draw(fmt.Sprintf("unpacking %s into the module cache (%.1fs)", p.name, secs))
		} else if !p.shownUn {
			fmt.Fprintf(p.f.IO.ErrOut, "unpacking %s into the module cache\n", p.name)
			p.shownUn = true
		}
	case toolchain.PhaseCheck:
		if p.tty {
			p.draw(fmt.Sprintf("checking %s (%.1fs)", p.name, secs))
		}
	}
}

func (p *progress) draw(line string) { p.line.Set(line) }

func (p *progress) stop() {
	p.mu <- struct{}{}
	defer func() { <-p.mu }()
	p.line.Clear()
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
			out := f.IO.Out
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
					fmt.Fprintf(f.IO.Out, "there is no %s\n", p)
					return nil
				}
				fmt.Fprintf(f.IO.Out, "removed %s\n", p)
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
			fmt.Fprintf(f.IO.Out, "%s runs %s (%s)\n", p, name, t.Dir)
			gobin := e.GOBIN()
			onPath := slices.ContainsFunc(e.Facts.PathDirs(), func(d string) bool { return e.Facts.SamePath(d, gobin) })
			if !onPath {
				fmt.Fprintf(f.IO.Out, "note: %s is not on PATH, so neither you nor the go command will find %s: add it to PATH\n", gobin, name)
			}
			fmt.Fprintf(f.IO.Out, "undo: godx toolchain link --remove %s\n", name)
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
	fmt.Fprintf(f.IO.Out, "removed %s (%s freed): %s\n", t.Name, humanBytes(r.Freed), r.Dir)
	if r.Link != "" {
		fmt.Fprintf(f.IO.Out, "  and its command %s\n", r.Link)
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
					fmt.Fprintf(f.IO.Out, "keep %s (one of the newest %d)\n", t.Name, keep)
					continue
				}
				if why := e.InUse(inv, t); why != "" && !force {
					fmt.Fprintf(f.IO.Out, "keep %s: in use, %s\n", t.Name, why)
					continue
				}
				if t.Partial {
					// An install (godx's or a go command's switch) may be
					// unpacking it right now: never race it.
					fmt.Fprintf(f.IO.Out, "keep %s: its unpacking is unfinished (an install is running, or one was interrupted: "+
						"`godx toolchain install %s` finishes it, `godx toolchain remove %s` removes it)\n", t.Name, t.Name, t.Name)
					continue
				}
				if dryRun {
					fmt.Fprintf(f.IO.Out, "would remove %s (%s): %s\n", t.Name, humanBytes(t.Size), t.Dir)
					continue
				}
				if err := removeOne(f, e, inv, t, true); err != nil {
					return err
				}
				removed++
			}
			if removed == 0 && !dryRun {
				fmt.Fprintln(f.IO.Out, "nothing to remove")
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&keep, "keep", 1, "how many of the newest toolchains to keep")
	cmd.Flags().BoolVar(&force, "force", false, "remove toolchains in use too")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "only print what would be removed")
	return cmd
}

func newVerify(f *command.Factory, env envFunc) *cobra.Command {
	var goroot string
	var asJSON, offline bool
	cmd := &cobra.Command{
		Use:   "verify [VERSION | --goroot DIR]",
		Short: "Re-hash an installed Go and compare it with the checksum database",
		Long: `Re-hash an installed Go tree with the module zip rules and compare it to the h1:
hash the checksum database vouches for golang.org/toolchain (the record the go
command looked up and verified). Works for toolchains in the module cache and
for Go installed from the official archive or installer (same files): any
modified, missing or extra file (an edited go.env, a tool installed into
GOROOT/bin) breaks the match, and the files are listed when the release zip is
in the module cache. Without arguments: the GOROOT of the go command on PATH.
Go built by a distribution (Debian, Fedora, Homebrew...) cannot match; godx
says so. Exit status 1 when an official-looking tree differs.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if goroot != "" && len(args) > 0 {
				return command.Usagef("give a VERSION or --goroot, not both")
			}
			ctx, stop := interruptible(cmd.Context())
			defer stop()
			e, err := env(ctx, offline)
			if err != nil {
				return err
			}
			root := goroot
			name := ""
			switch {
			case len(args) > 0:
				if name, err = toolchain.ParseName(args[0]); err != nil {
					return command.Usagef("%v", err)
				}
				t, err := findInstalled(e, e.List(), name)
				if err != nil {
					return err
				}
				root = t.Dir
			case root == "":
				root = e.Get("GOROOT")
			}
			if name == "" {
				data, err := e.Facts.ReadFile(e.Facts.JoinPath(root, "VERSION"))
				if err != nil {
					return fmt.Errorf("%s is not a Go installation: %v", root, err)
				}
				n, ok := toolchain.ReleaseFromVersionFile(data)
				if !ok {
					line, _, _ := strings.Cut(string(data), "\n")
					return fmt.Errorf("%s is not a Go release (VERSION says %q): development builds have nothing to compare with", root, strings.TrimSpace(line))
				}
				name = n
			}
			v, err := e.Verify(ctx, root, name)
			if err != nil {
				return err
			}
			if asJSON {
				if err := render.JSON(f.IO.Out, v); err != nil {
					return err
				}
			} else {
				writeVerify(f, e, v)
			}
			if !v.Match && v.Build == "" {
				return &command.ExitError{Code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&goroot, "goroot", "", "verify the Go installed in `DIR`")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	cmd.Flags().BoolVar(&offline, "offline", false, "use only checksums already in the module cache")
	return cmd
}

func writeVerify(f *command.Factory, e *toolchain.Env, v *toolchain.Verification) {
	out := f.IO.Out
	fmt.Fprintf(out, "%s in %s (%s/%s)\n", v.Name, v.Root, e.GOOS(), e.GOARCH())
	fmt.Fprintf(out, "  expected %s from %s\n", v.Expected.Sum, v.Expected)
	fmt.Fprintf(out, "  computed %s over %d files\n", v.Got, v.Files)
	switch {
	case v.Match:
		fmt.Fprintf(out, "OK: identical to the official %s release\n", v.Name)
		return
	case v.Build != "":
		fmt.Fprintf(out, "not comparable: this looks like %s, not the official release archive; such builds differ from it by design, which is no sign of tampering\n", v.Build)
	default:
		fmt.Fprintf(out, "MODIFIED: this tree is not the official %s release\n", v.Name)
	}
	if v.Diff == nil {
		fmt.Fprintf(out, "  (the release zip is not in the module cache, so the files that differ cannot be listed; `godx toolchain install %s` fetches it, verified, and verify then lists them)\n", v.Name)
		return
	}
	const most = 40
	shown := 0
	for _, group := range []struct {
		what  string
		files []string
	}{{"modified", v.Diff.Modified}, {"missing", v.Diff.Missing}, {"extra", v.Diff.Extra}} {
		for _, name := range group.files {
			if shown == most {
				break
			}
			fmt.Fprintf(out, "  %-8s %s\n", group.what, name)
			shown++
		}
	}
	if n := len(v.Diff.Modified) + len(v.Diff.Missing) + len(v.Diff.Extra); n > shown {
		fmt.Fprintf(out, "  ... and %d more (--json lists all)\n", n-shown)
	}
	fmt.Fprintf(out, "  %d modified, %d missing, %d extra (names as in the module: go.mod files appear as _go.mod)\n",
		len(v.Diff.Modified), len(v.Diff.Missing), len(v.Diff.Extra))
}

func humanBytes(n int64) string {
	switch {
	case n < 0:
		return "?"
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
}
