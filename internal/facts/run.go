package facts

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/prestart"
)

// OutputLimit is the most Run keeps of a command's stdout, and of its
// stderr. A command that prints more is stopped (with everything it
// started) and its Result says Truncated: no command godx runs prints
// anywhere near this much when it works, so memory stays bounded even when
// a broken or hostile program floods its output.
const OutputLimit = 4 << 20

// outputGrace is how long Run keeps reading output once the command has
// exited (or been killed) and everything left in its process group is
// gone. Only a program that left the group (a daemon that called setsid)
// can still hold the pipes then; reads of output already written finish
// long before, however busy the machine: the grace starts only after the
// group is dead, so it never decides whether output is complete.
const outputGrace = 2 * time.Second

// Run runs c and waits for it. The command and every process it starts
// share a process group (a job object on Windows): when ctx ends, or an
// output passes OutputLimit, the whole group is killed, and so is whatever
// is left in it once the command has exited (a program that must outlive
// the command, such as a daemon, leaves the group itself). The
// command is judged by its own exit status: a background child that keeps
// stdout open does not make a command that exited 0 a failure.
//
// A doctor run's `go env -json` may already be running when it is asked
// for (package prestart started it while godx was starting): when c is
// exactly that command, Run waits for that process instead of starting
// another.
func (System) Run(ctx context.Context, c Command) Result {
	limit := OutputLimit
	if c.MaxOutput > 0 {
		limit = c.MaxOutput
	}
	if e := prestart.Take(c.Path, c.Args, c.Dir, c.Env); e != nil {
		return wait(ctx, c.Path, limit, e.Process, e.Stdout, e.Stderr, groupOf(e.Process), e.Started)
	}
	if ctx.Err() != nil {
		return Result{Err: fmt.Errorf("%s did not finish within its time limit (%v)", c.Path, ctx.Err()), ExitCode: -1, TimedOut: true}
	}
	start := time.Now()
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Dir = c.Dir
	if c.Env != nil {
		cmd.Env = c.Env
	}
	// Godx's own pipes rather than exec's copying: the wait returns when
	// the command exits, the group is killed at once (a background child
	// holding the pipes dies with it), and the readers run to end of file,
	// so no timer can cut output the command wrote (exec's WaitDelay
	// closes the pipes on a timer that starts at exit, which lost the tail
	// of go env -json on a machine too busy to schedule the reader).
	outR, outW, err := os.Pipe()
	if err != nil {
		return Result{Err: err, ExitCode: -1}
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return Result{Err: err, ExitCode: -1}
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	setGroup(cmd)
	err = cmd.Start()
	outW.Close() // the command has its own copies
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return Result{Err: err, ExitCode: -1, Duration: time.Since(start)}
	}
	return wait(ctx, c.Path, limit, cmd.Process, outR, errR, groupOf(cmd.Process), start)
}

// wait reads a started command's output (closing outR and errR) until it
// exits, killing its group when ctx ends or an output passes limit, and
// once it has exited. (exec's Cmd.Wait is not used: the early process of
// package prestart has no Cmd, and every command is waited for alike.)
func wait(ctx context.Context, prog string, limit int, p *os.Process, outR, errR *os.File, group *procGroup, start time.Time) Result {
	defer outR.Close()
	defer errR.Close()
	defer group.close()
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	stdout := &cappedBuffer{limit: limit, over: stopRun}
	stderr := &cappedBuffer{limit: limit, over: stopRun}
	var readers sync.WaitGroup
	readers.Add(2)
	for _, o := range []struct {
		r *os.File
		b *cappedBuffer
	}{{outR, stdout}, {errR, stderr}} {
		go func() {
			defer readers.Done()
			_, _ = io.Copy(o.b, o.r)
		}()
	}
	exited := make(chan struct{})
	go func() {
		select {
		case <-runCtx.Done():
			_ = group.kill()
		case <-exited:
		}
	}()
	state, err := p.Wait()
	close(exited)
	if err == nil && !state.Success() {
		err = &exec.ExitError{ProcessState: state}
	}
	// Whatever the command left running in its group goes with it.
	_ = group.kill()
	read := make(chan struct{})
	go func() { readers.Wait(); close(read) }()
	grace := time.NewTimer(outputGrace)
	select {
	case <-read:
	case <-grace.C:
		// A program outside the group holds the pipes: stop reading.
		outR.Close()
		errR.Close()
		<-read
	}
	grace.Stop()
	res := Result{Err: err, ExitCode: -1}
	if state != nil {
		res.ExitCode = state.ExitCode()
	}
	res.Stdout, res.Truncated = stdout.bytes()
	var errCut bool
	res.Stderr, errCut = stderr.bytes()
	res.Truncated = res.Truncated || errCut
	switch {
	case ctx.Err() != nil:
		res.TimedOut = true
		res.Err = fmt.Errorf("%s did not finish within its time limit (%v)", prog, ctx.Err())
	case res.Truncated:
		res.Err = fmt.Errorf("%s printed more than %s; godx stopped it", prog, mebibytes(limit))
	}
	res.Duration = time.Since(start)
	return res
}

// cappedBuffer keeps the first limit bytes written to it and discards the
// rest; the first write past the limit calls over.
type cappedBuffer struct {
	mu        sync.Mutex
	limit     int
	buf       []byte
	truncated bool
	over      func()
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	room := b.limit - len(b.buf)
	if len(p) <= room {
		b.buf = append(b.buf, p...)
		b.mu.Unlock()
		return len(p), nil
	}
	b.buf = append(b.buf, p[:room]...)
	first := !b.truncated
	b.truncated = true
	b.mu.Unlock()
	if first && b.over != nil {
		b.over()
	}
	return len(p), nil
}

func (b *cappedBuffer) bytes() ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf, b.truncated
}

// mebibytes words a limit: "4 MiB", or bytes when it is not whole MiB.
func mebibytes(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
