// Package shellinit implements `godx shell-init`.
package shellinit

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
)

// NewCmd builds `godx shell-init`.
func NewCmd(f *command.Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "shell-init",
		Short:  "Print or install the shell lines that put Go's install directory on PATH",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("godx shell-init is not implemented yet")
		},
	}
}
