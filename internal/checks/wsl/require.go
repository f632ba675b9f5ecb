package wsl

import (
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// requireWSL returns WSL facts, or the skip error every wsl/ check
// returns outside WSL.
func requireWSL(f *facts.Facts) (facts.WSLInfo, error) {
	if g := f.GOOS(); g != "linux" {
		return facts.WSLInfo{}, check.Skip("not WSL: godx runs on %s, not Linux", g)
	}
	w := f.WSL()
	if w.Version == 0 {
		if w.Kernel == "" {
			return w, check.Skip("not WSL: the kernel release cannot be read and no WSL interop files exist")
		}
		return w, check.Skip("not WSL: kernel %s, no WSL interop files", w.Kernel)
	}
	return w, nil
}
