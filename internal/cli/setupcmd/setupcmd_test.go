package setupcmd

import (
	"errors"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/toolversion"
)

func TestFirstGo(t *testing.T) {
	for goos, want := range map[string]string{
		"windows": "winget install GoLang.Go",
		"darwin":  ".pkg installer from https://go.dev/dl/",
		"linux":   "sudo tar -C /usr/local -xzf",
	} {
		var b strings.Builder
		writeFirstGo(&b, goos, errors.New("no go command found on PATH"))
		if !strings.Contains(b.String(), want) || !strings.Contains(b.String(), "no go command found on PATH") {
			t.Errorf("%s:\n%s\nwant %q", goos, b.String(), want)
		}
	}
}

// gopls@latest while the go command is one the newest gopls supports,
// else the newest gopls that supports it, built with the Go it needs.
func TestGoplsFor(t *testing.T) {
	newest := toolversion.GoplsNewest()
	if v, need := goplsFor("go1.26.8"); v != "latest" || need != "go"+newest.GoLine {
		t.Errorf("go1.26.8: %s, %s", v, need)
	}
	if v, need := goplsFor("go1.23.4"); v != "v0.20.0" || need != "go1.24.2" {
		t.Errorf("go1.23.4: %s, %s", v, need)
	}
}

func TestEveryStepHasACheck(t *testing.T) {
	for _, id := range []string{"toolchain", "path", "gopls", "dlv", "golangci-lint", "staticcheck", "tool-directives"} {
		if stepChecks["setup/"+id] == "" {
			t.Errorf("setup/%s has no check for --only/--skip", id)
		}
	}
	kept := selected([]step{newStep("gopls", "", "", nil, nil), newStep("dlv", "", "", nil, nil)}, map[string]string{"tools/dlv": "excluded by --skip"})
	if len(kept) != 1 || kept[0].CheckID != "setup/gopls" {
		t.Errorf("selected = %+v", kept)
	}
}
