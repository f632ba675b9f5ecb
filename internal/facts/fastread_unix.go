//go:build unix

package facts

import (
	"errors"
	"fmt"
	"io/fs"

	"golang.org/x/sys/unix"
)

// ReadFileInto reads with bare system calls: open, fstat, read, close.
// (os.Open also tries to register every file with the network poller,
// three more system calls per file, and allocates an *os.File.)
func (System) ReadFileInto(name string, buf []byte, limit int64) ([]byte, error) {
	var fd int
	var err error
	for {
		// O_NONBLOCK: opening a FIFO must not wait for a writer.
		fd, err = unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	data, op, err := readOpenFile(fd, buf, limit)
	unix.Close(fd)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return data, nil
}

// readOpenFile reads the open file fd into buf: fstat, then reads until
// the size fstat announced (no extra read to see the end). It returns the
// failing operation's name with an error.
func readOpenFile(fd int, buf []byte, limit int64) ([]byte, string, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, "stat", err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, "read", &NotRegularError{Mode: fileType(uint32(st.Mode))}
	}
	if st.Size > limit {
		return nil, "read", fmt.Errorf("%w (%d bytes, over %d)", ErrTooLarge, st.Size, limit)
	}
	size := int(st.Size)
	if size == 0 {
		// Some files (in /proc, say) report no size: read to the end.
		size = 64 << 10
	}
	buf = growBuffer(buf, size)
	n := 0
	for {
		m, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, "read", err
		}
		if m == 0 {
			break // end of file (it shrank, or had no size)
		}
		n += m
		if n == len(buf) {
			if st.Size > 0 {
				break // all the bytes fstat announced
			}
			if int64(n) > limit {
				return nil, "read", fmt.Errorf("%w (over %d bytes)", ErrTooLarge, limit)
			}
			buf = append(buf, 0)[:n] // grow, keep the content
			buf = buf[:cap(buf)]
		}
	}
	return buf[:n], "", nil
}

// fileType is the fs.FileMode type bits of a stat st_mode.
func fileType(mode uint32) fs.FileMode {
	switch mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFDIR:
		return fs.ModeDir
	}
	return fs.ModeIrregular
}
