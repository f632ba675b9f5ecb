package probe

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/probe"
)

// Dlv debugs the hello-world through Delve's API.
var Dlv = &check.Check{
	ID:    "probe/dlv",
	Title: "Debug a hello-world with Delve",
	Doc: check.Doc{
		What: "When dlv is installed (the one tools/dlv would run: PATH, GOBIN or GOPATH/bin, VS Code's settings outside the project), builds the hello-world of a scratch module " +
			"(under godx's cache folder, removed afterwards) with `-gcflags=all=-N -l` as debuggers do, starts `dlv exec --headless --listen=127.0.0.1:<free port> --api-version=2` on it, " +
			"sets a breakpoint on a function through Delve's JSON-RPC API, continues, confirms the program stopped there, and detaches killing it. Runs only with `godx doctor --deep`.",
		Why: "tools/dlv judges Delve by its version; this proves it works: a Delve too old for the Go that built the program, debug information it cannot read (DWARF 5 and an old Delve), " +
			"and a system that forbids debugging (Linux ptrace_scope 3, a container without CAP_SYS_PTRACE, macOS without developer mode) only show when a session starts.",
		How: "Error when the session fails, with the step that failed and dlv's own output (such as `Version of Delve is too old for Go version …` or `could not launch process: … operation not permitted`). " +
			"Only loopback is used, on a port that was free a moment before. The time until Delve's API answered (loading the program and its debug information) and the rest of the session are recorded as measurements.",
		Fix: "Reinstall Delve with the Go you build with (`go install github.com/go-delve/delve/cmd/dlv@latest`); on Linux allow ptrace for your user " +
			"(`sudo sysctl kernel.yama.ptrace_scope=1`; in a container add `--cap-add=SYS_PTRACE`); on macOS run `sudo DevToolsSecurity -enable`.",
		Errors: []string{
			"Version of Delve is too old for Go version go1.27.0 (maximum supported version 1.26, suppress this error with --check-go-version=false)",
			"could not launch process: fork/exec /tmp/hello: operation not permitted",
		},
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runDlv,
}

// findTool is the copy of a tool the editor or shell runs that godx may
// start: never one only the project's own settings name.
func findTool(f *facts.Facts, name string) (string, bool) {
	for _, t := range f.FindTool(name) {
		// A wrapper script or version-manager shim (no Go build
		// information) is fine too: it is what the editor runs.
		if t.Path != "" && !t.NamedByProject && f.IsExecutable(t.Path) {
			return t.Path, true
		}
	}
	return "", false
}

func runDlv(pass *check.Pass) error {
	if _, err := pass.Facts.GoEnv(); err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	dlv, ok := findTool(pass.Facts, "dlv")
	if !ok {
		return check.Skip("dlv is not installed")
	}
	s, err := open(pass, "dlv")
	if err != nil {
		return err
	}
	defer s.close()
	ctx := pass.Context
	bin := s.exe("hello")
	b := s.g.Run(ctx, "debug build", nil, "build", "-gcflags=all=-N -l", "-o", bin, ".")
	s.measure(b)
	if !b.OK() {
		s.fail(b, check.Error, "Building the hello-world for debugging failed.", "", nil)
		return nil
	}
	port, err := probe.FreeLoopbackPort()
	if err != nil {
		return check.Skip("no free port on 127.0.0.1: %v", err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))

	// dlv runs bounded in the background; the session ends it (detach
	// with kill), and when dlv ends first (it refused to start) the
	// session stops waiting for its API.
	dlvCtx, killDlv := context.WithCancel(ctx)
	defer killDlv()
	sessCtx, endSession := context.WithCancel(ctx)
	defer endSession()
	ran := make(chan probe.Step, 1)
	var exitedFirst atomic.Bool
	go func() {
		st := s.g.Exec(dlvCtx, "dlv", dlv, nil, "exec", "--headless", "--listen="+addr, "--api-version=2", bin)
		exitedFirst.Store(dlvCtx.Err() == nil)
		ran <- st
		endSession()
	}()
	res, serr := probe.DebugSession(sessCtx, addr)
	if serr != nil {
		killDlv()
	}
	st := <-ran
	if serr != nil && exitedFirst.Load() && res == nil {
		serr = fmt.Errorf("dlv exited before its API answered (%s)", exitText(st))
	}
	if serr != nil {
		out := strings.TrimSpace(probe.Tail(strings.TrimSpace(string(st.Result.Stdout) + "\n" + string(st.Result.Stderr))))
		detail := serr.Error()
		if out != "" {
			detail += "\n\ndlv printed:\n" + out
		}
		if hint := dlvHint(out); hint != "" {
			detail += "\n\n" + hint
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("Delve (%s) cannot debug a hello-world built by %s.", dlv, s.goVersion()),
			Detail:   detail,
			Evidence: append(s.evidence(st), check.F("dlv", dlv)),
			Fix:      &check.Fix{Description: pass.Check.Doc.Fix},
		})
		return nil
	}
	pass.Measure("dlv load", res.Connect)
	pass.Measure("dlv session", res.Session)
	pass.Observe(fmt.Sprintf("%s stopped a hello-world built by %s at a breakpoint on %s (API ready after %s)", dlv, s.goVersion(), res.Hit, roundDuration(res.Connect)),
		check.F("dlv", dlv), check.F("breakpoint", res.Breakpoint), check.F("listen", addr+" (loopback only)"))
	return nil
}

func exitText(st probe.Step) string {
	if st.Result.ExitCode >= 0 {
		return fmt.Sprintf("exit status %d", st.Result.ExitCode)
	}
	if st.Result.Err != nil {
		return st.Result.Err.Error()
	}
	return "exit status 0"
}

// dlvHint explains dlv's commonest refusals.
func dlvHint(out string) string {
	switch {
	case strings.Contains(out, "too old for Go version"), strings.Contains(out, "is too old for this version of Delve"):
		return "Delve checks the Go version recorded in the program: install a Delve release that supports it (tools/dlv names one)."
	case strings.Contains(out, "operation not permitted"):
		return "The system refused to let dlv trace the program: on Linux see /proc/sys/kernel/yama/ptrace_scope (3 forbids it for everyone) " +
			"and, in a container, the SYS_PTRACE capability and the seccomp profile."
	case strings.Contains(out, "DWARF"), strings.Contains(out, "dwarf"):
		return "dlv could not read the program's debug information: a Delve built with a Go older than 1.25 cannot read the DWARF 5 that Go 1.25 and later write."
	}
	return ""
}
