package wsl

import (
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestKernelMicrosoft(t *testing.T) {
	r := checktest.Run(t, Kernel, newWSLMachine(t), facts.Options{})
	checktest.Clean(t, r, "Microsoft's kernel 5.15.153.1-microsoft-standard-WSL2")
}

func TestKernelCustom(t *testing.T) {
	m := withWindows(newWSLMachine(t), regNoProxy).
		File("/proc/sys/kernel/osrelease", "6.6.36-custom-go\n").
		File("/mnt/c/Users/me/.wslconfig", "[wsl2]\nkernel=C:\\\\kernels\\\\bzImage\n")
	r := checktest.Run(t, Kernel, m, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "WSL 2 runs a custom kernel (6.6.36-custom-go)", `/mnt/c/Users/me/.wslconfig:2: kernel=C:\\kernels\\bzImage`, "wsl --shutdown")
	if fd.Position == nil || fd.Position.Line != 2 {
		t.Errorf("position %+v", fd.Position)
	}
	// Without interop the kernel is still reported, saying what is unknown.
	m = newWSLMachine(t).File("/proc/sys/kernel/osrelease", "6.6.36-custom-go\n")
	r = checktest.Run(t, Kernel, m, facts.Options{})
	checktest.Only(t, r, check.Info, "custom kernel", "could not read the kernel= line of .wslconfig (cmd.exe is not reachable")
}

func TestKernelWSL1(t *testing.T) {
	m := newWSLMachine(t).File("/proc/sys/kernel/osrelease", "4.4.0-19041-Microsoft\n")
	r := checktest.Run(t, Kernel, m, facts.Options{})
	checktest.Skipped(t, r, "WSL 1 has no Linux kernel (wsl/detect reports it)")
	checktest.Skipped(t, checktest.Run(t, Kernel, factstest.NewMachine(t).Linux(), facts.Options{}), "not WSL")
}
