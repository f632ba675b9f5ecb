package soak

import (
	"errors"
	"os/exec"
	"time"
)

// stopGrace is how long a child gets after an interrupt to end by itself
// before it (and everything it started) is killed.
var stopGrace = 5 * time.Second

// runChild runs cmd to completion and measures it. When its context ends first,
// the child's whole process tree is asked to stop (an interrupt on Unix),
// then killed after stopGrace. The returned error is nil for a non-zero
// exit status (see ExitCode); it is set when the command could not run.
// cmd must come from exec.CommandContext(ctx, ...).
func runChild(cmd *exec.Cmd) (Usage, int, error) {
	t := newProcTracker(cmd)
	defer t.close()
	cmd.Cancel = t.interrupt
	cmd.WaitDelay = stopGrace + 2*time.Second
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
