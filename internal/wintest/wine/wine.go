// Package wine knows when a program runs under Wine and the failures that
// are Wine's, not godx's, so that tests run under the Wine harness
// (README, "Tested on Windows") can tell them apart. It imports nothing of
// godx: test helpers anywhere can use it.
package wine

import "strings"

// RemoveAllBroken reports whether output holds the error Wine 8 gives a
// Go 1.26 program's os.RemoveAll: Go deletes with NtSetInformationFile
// and FileDispositionInformationEx (class 64), which Wine does not
// implement (STATUS_NOT_IMPLEMENTED, "Invalid function"), and Go falls
// back to the older call only for the statuses real Windows returns. The
// harness builds its own binaries with an overlay that falls back; the
// official go.exe has none, so its builds fail there when it cleans its
// work directory:
//
//	go: unlinkat C:\users\root\Temp\go-build123\b001\exe\a.out.exe: Invalid function.
func RemoveAllBroken(output string) bool {
	return strings.Contains(output, "unlinkat ") && strings.Contains(output, ": Invalid function.")
}
