package wsl

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/wslconfig"
)

// Kernel looks at the kernel WSL runs Go on.
var Kernel = &check.Check{
	ID:    "wsl/kernel",
	Title: "WSL kernel",
	Doc: check.Doc{
		What: "Inside WSL, reads the kernel release (/proc/sys/kernel/osrelease) and, for a custom kernel, the `kernel=` line of the Windows user's %UserProfile%\\.wslconfig (through interop and the mounted drive).",
		Why: "WSL 1 has no Linux kernel: system calls are translated into Windows calls, the file system is many times slower for builds, and some are missing — the race detector's ThreadSanitizer, " +
			"Delve's ptrace-based debugging and file watchers (inotify on Windows drives) fail or misbehave. " +
			"WSL 2 runs Microsoft's kernel (its release ends in -microsoft-standard-WSL2) unless .wslconfig names another: a custom kernel may lack what Go tools use.",
		How: "Skipped outside WSL, and on WSL 1 (wsl/detect warns about it, with what it breaks). Info on WSL 2 when the kernel release lacks the microsoft-standard-WSL2 suffix (a custom kernel), with the .wslconfig kernel= line when it can be read.",
		Fix: "Custom kernel: remove the kernel= line from [wsl2] in .wslconfig to go back to Microsoft's, then `wsl --shutdown`.",
	},
	Run: runKernel,
}

func runKernel(pass *check.Pass) error {
	f := pass.Facts
	w, err := requireWSL(f)
	if err != nil {
		return err
	}
	if w.Version == 1 {
		// One finding for one cause: wsl/detect's warning says what WSL 1
		// breaks and how to convert.
		return check.Skip("WSL 1 has no Linux kernel (wsl/detect reports it)")
	}
	ev := check.Evidence{check.F("kernel", w.Kernel+" ("+w.KernelFile+")")}
	if strings.HasSuffix(w.Kernel, "-microsoft-standard-WSL2") || strings.Contains(w.Kernel, "-microsoft-standard-WSL2+") {
		pass.Observe("WSL 2 runs Microsoft's kernel "+w.Kernel, ev...)
		return nil
	}
	win := f.WSLWindows()
	line := ""
	var pos *check.Position
	if win.WSLConfigErr == nil {
		if e, ok := wslconfig.ParseINI(win.WSLConfig).Get("wsl2", "kernel"); ok {
			line = fmt.Sprintf("kernel=%s", e.Value)
			ev = append(ev, check.F("set in", fmt.Sprintf("%s:%d: %s", win.WSLConfigPath, e.Line, line)))
			pos = check.At(win.WSLConfigPath, e.Line, 0)
		}
	}
	detail := "Microsoft's WSL 2 kernel release ends in -microsoft-standard-WSL2; this one does not, so it was built elsewhere (named by kernel= in .wslconfig). " +
		"It works for Go as long as it has what Go's tools use (namespaces and seccomp for containers, ptrace for Delve, the memory layout the race detector needs)."
	if line == "" {
		detail += " godx could not read the kernel= line of .wslconfig"
		if win.WSLConfigErr != nil {
			detail += " (" + win.WSLConfigErr.Error() + ")"
		}
		detail += "."
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("WSL 2 runs a custom kernel (%s), not Microsoft's.", w.Kernel),
		Detail:   detail,
		Evidence: ev,
		Position: pos,
		Fix: &check.Fix{
			Description: "To go back to Microsoft's kernel, remove the kernel= line from [wsl2] in %UserProfile%\\.wslconfig, then restart WSL from PowerShell.",
			Commands:    []string{"wsl --shutdown"},
		},
	})
	return nil
}
