package toolchain

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// The GOROOT line of a link script is POSIX-quoted when it needs to be;
// linkTarget reads it back, and sh sets exactly that GOROOT.
func TestLinkScriptGOROOT(t *testing.T) {
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	fx, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{Facts: fx}
	sh, shErr := exec.LookPath("sh")
	for i, dir := range []string{"/usr/local/go", "/opt/my go", "/opt/it's", "/opt/$HOME/`id`", "/opt/é"} {
		script := linkScript("linux", "go1.99.1", dir)
		p := "/home/u/go/bin/go1.99." + string(rune('a'+i))
		o.AddFile(p, script, 0o755)
		if got := e.linkTarget(p); got != dir {
			t.Errorf("linkTarget of the script for %q = %q", dir, got)
		}
		if shErr != nil {
			continue
		}
		var line string
		for _, l := range strings.Split(script, "\n") {
			if strings.HasPrefix(l, "GOROOT=") {
				line = l
			}
		}
		out, err := exec.Command(sh, "-c", line+`; printf %s "$GOROOT"`).Output()
		if err != nil || string(out) != dir {
			t.Errorf("sh: %s sets GOROOT to %q (%v), want %q", line, out, err, dir)
		}
	}
	// Links written before GOROOT was quoted only when needed.
	o.AddFile("/home/u/go/bin/go1.98.0", "#!/bin/sh\n# go1.98.0: "+linkMarker+" go1.98.0`\nGOROOT='/usr/local/go'\n", 0o755)
	if got := e.linkTarget("/home/u/go/bin/go1.98.0"); got != "/usr/local/go" {
		t.Errorf("old link: linkTarget = %q", got)
	}
}
