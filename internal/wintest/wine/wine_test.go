package wine

import (
	"os"
	"testing"
)

func TestRemoveAllBroken(t *testing.T) {
	for out, want := range map[string]bool{
		`go: unlinkat C:\users\root\Temp\go-build1\b001\exe\a.out.exe: Invalid function.`: true,
		`go: unlinkat C:\x: Access is denied.`:                                            false,
		`build failed: undefined: x`:                                                      false,
	} {
		if got := RemoveAllBroken(out); got != want {
			t.Errorf("RemoveAllBroken(%q) = %v", out, got)
		}
	}
}

// Under the harness (GODX_WINE_ROOT is not passed in: Wine adds its own
// WINE* variables to a program it starts) the test binary knows it runs
// under Wine; elsewhere it does not.
func TestDetected(t *testing.T) {
	_, underWine := os.LookupEnv("WINEPREFIX")
	if got := Detected(); got != underWine {
		t.Errorf("Detected() = %v, WINEPREFIX set = %v", got, underWine)
	}
}
