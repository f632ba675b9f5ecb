package wine

import "testing"

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
