package soak

import (
	"errors"
	"os/exec"
	"time"
)

// stopGrace is how long a child gets after an interrupt to end by itself
// before it (and everything it started) is killed.
var stopGrace = 5 * time.Second

// runChild runs a go command to completion and measures it. The command
// leads its own process group (a job object on Windows), which everything
// it starts joins, test binaries included: when its context ends first,
// the whole group is asked to stop (an interrupt on Unix), then killed
// after stopGrace; once the command has exited, whatever it left running
// in the group is killed too. So a test binary that ignores interrupts,
// or a process a test leaves behind, does not outlive the run. The
// returned error is nil for a non-zero exit status (see ExitCode); it is
// set when the command could not run. cmd must come from
// exec.CommandContext(ctx, ...).
func runChild(cmd *exec.Cmd) (Usage, int, error) {
	t := newProcTracker(cmd, true)
	cmd.Cancel = t.interrupt
	cmd.WaitDelay = stopGrace + 2*time.Second
	return measure(cmd, t)
}

// runTestBinary runs a test binary for the go test -exec wrapper and
// measures it. The binary stays in the wrapper's process group — the one
// soak's go test leads — so soak's interrupt and kill of that group reach
// it and its children directly, even when the binary ignores interrupts
// and the wrapper is gone first. The signal go test sends the wrapper
// alone (SIGQUIT when a binary overruns -timeout) is relayed to the binary.
func runTestBinary(cmd *exec.Cmd) (Usage, int, error) {
	return measure(cmd, newProcTracker(cmd, false))
}

func measure(cmd *exec.Cmd, t *procTracker) (Usage, int, error) {
	defer t.close()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Usage{}, -1, err
	}
	t.started(cmd)
	err := cmd.Wait()
	u := Usage{WallSeconds: time.Since(start).Seconds()}
	if ps := cmd.ProcessState; ps != nil {
		u.CPUSeconds = (ps.UserTime() + ps.SystemTime()).Seconds()
		u.PeakRSS = t.peakRSS(cmd)
		var ee *exec.ExitError
		if err == nil || errors.As(err, &ee) {
			return u, ps.ExitCode(), nil
		}
	}
	return u, -1, err
}
