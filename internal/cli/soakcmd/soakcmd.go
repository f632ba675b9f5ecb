// Package soakcmd implements `godx soak`.
package soakcmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
)

// NewCmd builds `godx soak`.
func NewCmd(f *command.Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "soak",
		Short:  "Build and test repeatedly to prove a Go setup stable",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("godx soak is not implemented yet")
		},
	}
}
