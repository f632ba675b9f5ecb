// Package versioncmd implements `godx version`.
package versioncmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/buildversion"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/render"
)

// NewCmd builds `godx version`.
func NewCmd(f *command.Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print godx's version, commit and the Go it was built with",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			in := buildversion.Get()
			if asJSON {
				return render.JSON(f.IO.Out, in)
			}
			commit := in.Commit
			if commit == "" {
				commit = "unknown (built without VCS information)"
			} else if in.Modified {
				commit += " (with uncommitted changes)"
			}
			_, err := fmt.Fprintf(f.IO.Out, "godx %s\ncommit: %s\nbuilt with: %s %s\n", in.Version, commit, in.GoVersion, in.Platform)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
