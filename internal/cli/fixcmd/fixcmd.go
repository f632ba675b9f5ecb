// Package fixcmd implements `godx fix`.
package fixcmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
)

// NewCmd builds `godx fix`.
func NewCmd(f *command.Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "fix",
		Short:  "Apply the safe fixes the doctor proposes",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("godx fix is not implemented yet")
		},
	}
}
