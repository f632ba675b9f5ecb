// Package toolchaincmd implements `godx toolchain`.
package toolchaincmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
)

// NewCmd builds `godx toolchain`.
func NewCmd(f *command.Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "toolchain",
		Short:  "Install, list, switch and verify Go toolchains",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("godx toolchain is not implemented yet")
		},
	}
}
