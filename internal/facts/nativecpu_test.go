package facts_test

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestExecutableArchsRealBinary(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	archs, format, err := f.ExecutableArchs(exe)
	if err != nil || len(archs) != 1 || archs[0] != runtime.GOARCH || format == "" {
		t.Fatalf("ExecutableArchs(test binary) = %v, %q, %v; want [%s]", archs, format, err, runtime.GOARCH)
	}
}

func TestExecutableArchsScriptAndNativeCPU(t *testing.T) {
	o := factstest.New()
	o.AddFile("/bin/shim", "#!/bin/sh\nexec go \"$@\"\n", 0o755)
	f, _ := facts.New(context.Background(), o, facts.Options{})
	if _, _, err := f.ExecutableArchs("/bin/shim"); err == nil {
		t.Error("a shell script has no architecture")
	}
	if _, err := f.NativeCPU(); err != facts.ErrNativeCPUUnknown {
		t.Errorf("plain fake: %v", err)
	}
	f, _ = facts.New(context.Background(), factstest.WithCPU{OS: o, Info: facts.CPUInfo{Arch: "arm64"}}, facts.Options{})
	if c, err := f.NativeCPU(); err != nil || c.Arch != "arm64" {
		t.Errorf("WithCPU: %+v %v", c, err)
	}
}
