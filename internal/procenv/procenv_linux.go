package procenv

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// System is the reader of the running operating system: /proc here.
func System() Reader { return procfs{root: "/proc", uid: os.Getuid()} }

// procfs reads a /proc tree (root is "/proc"; tests may point it at a
// copy).
type procfs struct {
	root string
	uid  int
}

// Processes reads, per process, the owner of /proc/PID, its stat (name
// and parent) and, for the user's own processes, the executable's path:
// four system calls each (three for a kernel thread), with one buffer for every read (a doctor run
// lists every process once, in the time go env takes, so the list is kept
// cheap). The command line is read only for the programs ArgsTell names.
func (p procfs) Processes() ([]Process, error) {
	ents, err := os.ReadDir(p.root)
	if err != nil {
		return nil, err
	}
	out := make([]Process, 0, len(ents))
	buf := make([]byte, 4096)
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || !e.IsDir() {
			continue
		}
		if len(out) == MaxProcesses {
			break
		}
		dir := p.root + "/" + e.Name()
		// The owner of /proc/PID is the process's effective user.
		var st unix.Stat_t
		if unix.Stat(dir, &st) != nil {
			continue // gone
		}
		stat, err := readProc(dir+"/stat", buf, 4096, true)
		if err != nil {
			continue
		}
		ppid, comm, ok := parseStat(string(stat))
		if !ok {
			continue
		}
		pr := Process{PID: pid, PPID: ppid, Name: comm, OtherUser: int(st.Uid) != p.uid}
		// A kernel thread (kthreadd, pid 2, and its children) has no
		// executable: not worth a system call each (most of a machine's
		// processes are kernel threads).
		kernel := pid == kthreadd || ppid == kthreadd
		if !pr.OtherUser && !kernel {
			if exe, err := os.Readlink(dir + "/exe"); err == nil {
				pr.Exe = strings.TrimSuffix(exe, " (deleted)")
				pr.Name = Base(pr.Exe)
			}
		}
		// comm is the name the program was started as (cut at 15 bytes);
		// the executable's name may differ (a symlink).
		if ArgsTell(comm) || ArgsTell(pr.Name) {
			if cmd, err := readProc(dir+"/cmdline", buf, 64<<10, false); err == nil {
				pr.Args = SplitNUL(cmd)
				buf = cmd[:cap(cmd)] // keep a grown buffer
			}
		}
		out = append(out, pr)
	}
	return out, nil
}

// kthreadd is the pid of the kernel's thread starter on Linux.
const kthreadd = 2

// readProc reads at most limit bytes of a /proc file (whose size stat
// does not tell) into buf, with bare system calls (os.Open would also try
// to register the file with the network poller). With oneRead the file is
// one the kernel makes whole at the first read, such as /proc/PID/stat (a
// few hundred bytes): a read that leaves room in buf returned all of it,
// and the read to end of file, which would only return 0, is saved.
func readProc(name string, buf []byte, limit int, oneRead bool) ([]byte, error) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	buf = buf[:cap(buf)]
	n := 0
	for n < limit {
		if n == len(buf) {
			buf = append(buf, 0)[:n]
			buf = buf[:min(cap(buf), limit)]
		}
		m, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if m == 0 {
			break
		}
		n += m
		if oneRead && n < len(buf) {
			break
		}
	}
	return buf[:n], nil
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
