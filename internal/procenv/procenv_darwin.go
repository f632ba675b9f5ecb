package procenv

import (
	"bytes"
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// System is the reader of the running operating system: sysctl here.
func System() Reader { return darwin{uid: os.Getuid()} }

type darwin struct{ uid int }

func (d darwin) Processes() ([]Process, error) {
	kps, err := unix.SysctlKinfoProcSlice("kern.proc.uid", d.uid)
	if err != nil {
		return nil, err
	}
	out := make([]Process, 0, len(kps))
	for _, kp := range kps {
		name := string(bytes.TrimRight(kp.Proc.P_comm[:], "\x00"))
		pr := Process{PID: int(kp.Proc.P_pid), PPID: int(kp.Eproc.Ppid), Name: name}
		if b, err := unix.SysctlRaw("kern.procargs2", pr.PID); err == nil {
			if exe, args, _, err := ParseProcArgs2(b); err == nil {
				pr.Exe, pr.Args = exe, args
				pr.Name = Base(exe)
			}
		}
		out = append(out, pr)
	}
	return out, nil
}

func (darwin) Environ(pid int) ([]string, error) {
	b, err := unix.SysctlRaw("kern.procargs2", pid)
	if err != nil {
		if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EPERM) {
			err = errors.New("permission denied (another user's process, or a protected one)")
		}
		return nil, &UnreadableError{PID: pid, What: "environment", Reason: err}
	}
	_, _, env, err := ParseProcArgs2(b)
	if err != nil {
		return nil, &UnreadableError{PID: pid, What: "environment", Reason: err}
	}
	return env, nil
}

// Cwd is not read on macOS: it needs libproc's proc_pidinfo
// (PROC_PIDVNODEPATHINFO), which is not a system call godx makes.
func (darwin) Cwd(pid int) (string, error) {
	return "", &UnreadableError{PID: pid, What: "working directory", Reason: errors.New("godx does not read another process's working directory on macOS (it needs libproc)")}
}
