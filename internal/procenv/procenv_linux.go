package procenv

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// System is the reader of the running operating system: /proc here.
func System() Reader { return procfs{root: "/proc", uid: os.Getuid()} }

// procfs reads a /proc tree (root is "/proc"; tests may point it at a
// copy).
type procfs struct {
	root string
	uid  int
}

func (p procfs) Processes() ([]Process, error) {
	ents, err := os.ReadDir(p.root)
	if err != nil {
		return nil, err
	}
	var out []Process
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !e.IsDir() {
			continue
		}
		dir := p.root + "/" + e.Name()
		// The owner of /proc/PID is the process's effective user: other
		// users' processes are not looked at all.
		st, err := os.Stat(dir)
		if err != nil {
			continue // gone
		}
		if sys, ok := st.Sys().(*syscall.Stat_t); !ok || int(sys.Uid) != p.uid {
			continue
		}
		stat, err := readLimited(dir+"/stat", 4096)
		if err != nil {
			continue
		}
		ppid, comm, ok := parseStat(string(stat))
		if !ok {
			continue
		}
		pr := Process{PID: pid, PPID: ppid, Name: comm}
		if cmd, err := readLimited(dir+"/cmdline", 64<<10); err == nil {
			pr.Args = SplitNUL(cmd)
		}
		if exe, err := os.Readlink(dir + "/exe"); err == nil {
			pr.Exe = strings.TrimSuffix(exe, " (deleted)")
			pr.Name = Base(pr.Exe)
		}
		out = append(out, pr)
	}
	return out, nil
}

func (p procfs) Environ(pid int) ([]string, error) {
	b, err := readLimited(p.root+"/"+strconv.Itoa(pid)+"/environ", MaxEnviron)
	if err != nil {
		return nil, &UnreadableError{PID: pid, What: "environment", Reason: reason(err)}
	}
	return SplitNUL(b), nil
}

func (p procfs) Cwd(pid int) (string, error) {
	d, err := os.Readlink(p.root + "/" + strconv.Itoa(pid) + "/cwd")
	if err != nil {
		return "", &UnreadableError{PID: pid, What: "working directory", Reason: reason(err)}
	}
	return d, nil
}

// reason words a failure to read /proc: the path error's text names
// /proc files the user did not ask about.
func reason(err error) error {
	switch {
	case errors.Is(err, os.ErrPermission):
		return errors.New("permission denied (another user's process, or a protected one)")
	case errors.Is(err, os.ErrNotExist):
		return errors.New("the process has exited")
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readLimited reads at most limit bytes of a /proc file (whose size stat
// does not tell).
func readLimited(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}
