package toolchaincmd

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/spf13/cobra"
)

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
in the module cache. Every entry that is not a regular file or directory
(symbolic link, FIFO, socket, device node) and every unreadable entry is a
difference too, listed by kind even without the zip; such entries are never
opened. "identical" means every entry of the tree was read and hashed. Without arguments: the GOROOT of the go command on PATH.
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
	out := printable.Writer(f.IO.Out)
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
		for _, en := range v.Entries {
			fmt.Fprintf(out, "  %-8s %s (%s)\n", "found", en.Name, en.Describe())
		}
		fmt.Fprintf(out, "  (the release zip is not in the module cache, so the files that differ cannot be listed; `godx toolchain install %s` fetches it, verified, and verify then lists them)\n", v.Name)
		return
	}
	const most = 40
	shown := 0
	for _, group := range []struct {
		what  string
		files []string
	}{{"modified", v.Diff.Modified}, {"missing", v.Diff.Missing}, {"extra", v.Diff.Extra}, {"unreadable", v.Diff.Unreadable}} {
		for _, name := range group.files {
			if shown == most {
				break
			}
			fmt.Fprintf(out, "  %-8s %s\n", group.what, name)
			shown++
		}
	}
	if n := len(v.Diff.Modified) + len(v.Diff.Missing) + len(v.Diff.Extra) + len(v.Diff.Unreadable); n > shown {
		fmt.Fprintf(out, "  ... and %d more (--json lists all)\n", n-shown)
	}
	unreadable := ""
	if n := len(v.Diff.Unreadable); n > 0 {
		unreadable = fmt.Sprintf(", %d unreadable", n)
	}
	fmt.Fprintf(out, "  %d modified, %d missing, %d extra%s (names as in the module: go.mod files appear as _go.mod)\n",
		len(v.Diff.Modified), len(v.Diff.Missing), len(v.Diff.Extra), unreadable)
	if v.Release != "" && len(v.Diff.Entries) > 0 && v.Got == v.Expected.Sum {
		fmt.Fprintf(out, "  (%s)\n", v.Release)
	}
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
