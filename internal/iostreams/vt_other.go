//go:build !windows

package iostreams

import "os"

// enableVT: Unix terminals interpret escape sequences.
func enableVT(*os.File) bool { return true }
