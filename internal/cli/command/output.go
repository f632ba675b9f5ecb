package command

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/godx-dev/godx/internal/fixer"
)

// WriteOutput writes a report file a command was asked for (--output,
// --junit): it replaces path atomically (temporary file, rename), so a
// reader such as the node_exporter textfile collector or a CI uploader
// never sees half a file. A new file is 0644 (the collector runs as
// another user), with its folder; an existing one keeps its mode. Anything
// but a regular file there (a folder, a FIFO) is refused, never opened.
func WriteOutput(path string, data []byte) error {
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		mode = st.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return fixer.WriteFile(path, data, mode)
}
