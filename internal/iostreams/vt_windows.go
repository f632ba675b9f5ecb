//go:build windows

package iostreams

import (
	"os"

	"golang.org/x/sys/windows"
)

// enableVT turns on escape-sequence processing for a Windows console
// (Windows 10 and later; Windows Terminal has it on already) and reports
// whether colours and the live status line will be interpreted rather than
// shown as "←[32m".
func enableVT(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
