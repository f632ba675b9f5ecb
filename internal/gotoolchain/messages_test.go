package gotoolchain

import "testing"

func TestTooNewError(t *testing.T) {
	file := func(goLine, tc string) *File {
		return &File{Kind: "go.mod", Short: "go.mod", Go: goLine, Toolchain: tc}
	}
	for _, c := range []struct {
		value string
		file  *File
		want  string
	}{
		{"local", file("1.27.0", ""), "go: go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)"},
		{"", file("1.27.0", ""), "go: go.mod requires go >= 1.27.0 (running go 1.26.8)"},
		{"auto", file("1.27.0", "default"), "go: go.mod requires go >= 1.27.0 (running go 1.26.8; go.mod sets toolchain default)"},
		{"go1.25.0", file("1.26.0", ""), "go: go.mod requires go >= 1.26.0 (running go 1.25.0; GOTOOLCHAIN=go1.25.0)"},
	} {
		sel := Select(c.value, "go1.26.8", c.file)
		if sel.Fatal != "" {
			t.Fatalf("%q: %s", c.value, sel.Fatal)
		}
		if got := TooNewError(sel, c.file); got != c.want {
			t.Errorf("GOTOOLCHAIN=%q %+v:\n got %s\nwant %s", c.value, *c.file, got, c.want)
		}
	}

	// The toolchain a go line switched to (gover.Startup's AutoGo) ends
	// the message when that toolchain is still too old.
	sel := Selection{Value: "auto", Mode: "auto", ChosenVers: "1.27.0", AutoGo: "1.27.1"}
	want := "go: go.work requires go >= 1.27.1 (running go 1.27.0; go.work sets go 1.27.1)"
	if got := TooNewError(sel, &File{Kind: "go.work", Short: "go.work", Go: "1.27.1"}); got != want {
		t.Errorf("AutoGo:\n got %s\nwant %s", got, want)
	}
}

func TestLanguageVersion(t *testing.T) {
	for name, want := range map[string]bool{
		"go1.22": true, "go1.21": true, "go1.22.0": false, "go1.20": false, "go1.22rc1": false, "1.22": false, "default": false, "go1.22-bigcorp": false,
	} {
		if got := IsLanguageVersion(name); got != want {
			t.Errorf("IsLanguageVersion(%q) = %v, want %v", name, got, want)
		}
	}
	if got := LanguageVersionError("go1.22"); got != "go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)" {
		t.Errorf("LanguageVersionError = %s", got)
	}
}
