package wsl

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestDetect_WSL2IsInfo(t *testing.T) {
	o := newWSLMachine(t)
	r := checktest.Run(t, Detect, o, facts.Options{})
	checktest.Only(t, r, check.Info, "WSL 2", "Ubuntu-24.04", "5.15.153.1-microsoft-standard-WSL2", "/proc/sys/fs/binfmt_misc/WSLInterop")
}

func TestDetect_WSL1IsWarning(t *testing.T) {
	o := newWSLMachine(t)
	o.File("/proc/sys/kernel/osrelease", "4.4.0-19041-Microsoft\n")
	r := checktest.Run(t, Detect, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "WSL 1", "4.4.0-19041-Microsoft", "slower", "-race, Delve and file watching", "ThreadSanitizer")
	if fd.Fix == nil || fd.Fix.Commands[0] != "wsl --set-version Ubuntu-24.04 2" {
		t.Errorf("fix = %+v", fd.Fix)
	}
}

func TestDetect_CustomKernelAndNoDistro(t *testing.T) {
	o := newWSLMachine(t)
	o.File("/proc/sys/kernel/osrelease", "6.6.36-my-own\n")
	o.Unset("USER", "WSL_DISTRO_NAME", "WSL_INTEROP").Path("/usr/bin")
	r := checktest.Run(t, Detect, o, facts.Options{})
	checktest.Only(t, r, check.Info, "WSL 2 with a custom kernel", "WSL_DISTRO_NAME is not set")
}

func TestDetect_KernelOnlyIsContainer(t *testing.T) {
	o := factstest.NewMachine(t).File("/proc/sys/kernel/osrelease", "5.15.153.1-microsoft-standard-WSL2\n")
	r := checktest.Run(t, Detect, o, facts.Options{})
	checktest.Only(t, r, check.Info, "WSL 2", "container")
}

func TestDetect_NotWSLIsSkipped(t *testing.T) {
	for name, setup := range map[string]func(o *factstest.Machine){
		"linux": func(o *factstest.Machine) {
			o.File("/proc/sys/kernel/osrelease", "6.8.0-45-generic\n")
			o.Export("WSL_DISTRO_NAME=Ubuntu") // alone, not trusted
		},
		"no proc": func(o *factstest.Machine) {},
		"darwin":  func(o *factstest.Machine) { o.Darwin() },
		"windows": func(o *factstest.Machine) { o.Windows() },
	} {
		t.Run(name, func(t *testing.T) {
			o := factstest.NewMachine(t)
			setup(o)
			for _, c := range []*check.Check{Detect, WindowsPaths, WindowsGo} {
				r := checktest.Run(t, c, o, facts.Options{})
				if !strings.HasPrefix(r.SkipReason, "not WSL") || len(r.Findings) != 0 || r.Summary != "" {
					t.Errorf("%s: skip=%q findings=%v summary=%q", c.ID, r.SkipReason, r.Findings, r.Summary)
				}
			}
		})
	}
}

// The test machine is not WSL (when it is, the check must say so).
func TestDetect_RealMachine(t *testing.T) {
	r := checktest.Run(t, Detect, facts.System{}, facts.Options{Dir: t.TempDir()})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.SkipReason == "" && len(r.Findings) != 1 {
		t.Errorf("neither skipped nor one finding: %+v", r)
	}
	if r.Summary != "" {
		t.Errorf("wsl/detect must never be ok: %q", r.Summary)
	}
}
