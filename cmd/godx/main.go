// Command godx diagnoses, repairs and validates a Go developer environment.
package main

import (
	"os"

	"github.com/godx-dev/godx/internal/cli/root"
)

func main() { os.Exit(root.Main()) }
