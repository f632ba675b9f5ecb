package toolchaincmd

import (
	"context"
	"fmt"
	"time"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/spf13/cobra"
)

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
					fmt.Fprintf(printable.Writer(f.IO.ErrOut), "%s: %s\n", spec, name+" ("+how+")")
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
	out := printable.Writer(f.IO.Out)
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
		fmt.Fprintf(printable.Writer(p.f.IO.ErrOut), "downloading %s for %s through GOPROXY=%s\n", p.name, p.platform, p.proxy)
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
			fmt.Fprintf(printable.Writer(p.f.IO.ErrOut), "unpacking %s into the module cache\n", p.name)
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
