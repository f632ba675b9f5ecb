package difftest

import (
	"reflect"
	"testing"
)

// The go command's wording decides who owns a failure; these are lines it
// printed in harness runs.
func TestCauseOf(t *testing.T) {
	for _, tc := range []struct {
		stderr, want string
		badGOROOT    bool
	}{
		{"go: downloading go1.27.0 (linux/amd64)\ngo: download go1.27.0 for linux/amd64: toolchain not available\n", "module/toolchain", false},
		{"go: go.mod requires go >= 1.27 (running go 1.26.8; GOTOOLCHAIN=local)\n", "module/toolchain", false},
		{FakeMarker + " go1.27.0\ngo: go.mod requires go >= 1.27 (running go 1.26.8; GOTOOLCHAIN=local)\n", CauseFake, false},
		{"go: module . listed in go.work file requires go >= 1.26, but go.work lists go 1.22; to update it:\n\tgo work use\n", "module/gowork", false},
		{"go: cannot load module . listed in go.work file: errors parsing go.mod:\ngo.mod:5: unknown directive: bogus\n", "module/gomod", false},
		{"go: updates to go.mod needed; to update it:\n\tgo mod tidy\n", "module/gomod", false},
		{"go: updates to go.mod needed; to update it:\n\tgo mod tidy\n", "go/goroot", true},
		{"go: open /r/m/missing.mod: no such file or directory\n", "module/goflags", false},
		{"# runtime/cgo\ncgo: C compiler \"nosuch-cc\" not found: exec: \"nosuch-cc\": executable file not found in $PATH\n", "cgo/compiler", false},
		{"package example.com/m\n\timports example.com/m/csub: build constraints exclude all Go files in /r/m/csub\n", "cgo/compiler", false},
		{"main.go:3:8: cannot find package \"example.com/m/sub\" in any of:\n\t$GOROOT/src/example.com/m/sub (from $GOROOT)\n", "module/mode", false},
		{"pattern ./...: directory prefix . does not contain main module or its selected dependencies\n", CauseNoModule, false},
		{"go: GOPATH entry is relative; must be absolute path: \"gp\".\nFor more details see: 'go help gopath'\n", "go/gopath", false},
		{"go: error obtaining buildID for go tool compile: fork/exec /r/oldgo/pkg/tool/linux_amd64/compile: permission denied\n", "go/goroot", false},
		{"something new\n", CauseUnknown, false},
	} {
		if got := CauseOf(&GoRun{Stderr: tc.stderr, Exit: 1}, "1.26.8", tc.badGOROOT); got != tc.want {
			t.Errorf("CauseOf(%q) = %q, want %q", tc.stderr, got, tc.want)
		}
	}
}

func TestQuotes(t *testing.T) {
	got := Quotes("GOWORK is bad: `go: invalid GOWORK: not an absolute path`.",
		"Every build fails with\n  go: errors parsing go.mod:\n  go.mod:5: unknown directive: bogus\nand `go vet` too.\n\tpackage m\n\t\timports m/c: nope")
	want := []string{"go: invalid GOWORK: not an absolute path", "go: errors parsing go.mod:", "go.mod:5: unknown directive: bogus", "package m"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Quotes = %q, want %q", got, want)
	}
}

// A seed always gives the same scenario, and the sample varies.
func TestGenerateIsDeterministic(t *testing.T) {
	v, err := NewVersions("1.26.8")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := Generate(7, v), Generate(7, v); !reflect.DeepEqual(a, b) {
		t.Errorf("seed 7 gave two scenarios:\n%+v\n%+v", a, b)
	}
	kinds := map[string]bool{}
	for i := range uint64(200) {
		for _, d := range Generate(i, v).Dims {
			kinds[d] = true
		}
	}
	if len(kinds) < 60 {
		t.Errorf("200 seeds touched only %d dimension values", len(kinds))
	}
}
