package facts

import (
	"encoding/binary"
	"io"
	"io/fs"
	"unsafe"

	"golang.org/x/sys/unix"
)

// OpenDir opens a directory for FastDirs.
func (System) OpenDir(name string, buf []byte) (FastDir, error) {
	var fd int
	var err error
	for {
		fd, err = unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if cap(buf) < 32<<10 {
		buf = make([]byte, 32<<10)
	}
	return &linuxDir{fd: fd, name: name, buf: buf[:cap(buf)]}, nil
}

// linuxDir lists with getdents64 and opens files with openat.
type linuxDir struct {
	fd       int
	name     string
	buf      []byte // getdents64 records
	pos, end int
	path     [256]byte // NUL-terminated name for openat (NAME_MAX is 255)
}

func (d *linuxDir) Buffer() []byte { return d.buf }

func (d *linuxDir) Close() error { return unix.Close(d.fd) }

func (d *linuxDir) Next() ([]byte, fs.FileMode, error) {
	for {
		if d.pos >= d.end {
			n, err := unix.Getdents(d.fd, d.buf)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return nil, 0, &fs.PathError{Op: "readdirent", Path: d.name, Err: err}
			}
			if n <= 0 {
				return nil, 0, io.EOF
			}
			d.pos, d.end = 0, n
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name.
		rec := d.buf[d.pos:d.end]
		if len(rec) < 19 {
			return nil, 0, io.EOF
		}
		reclen := int(binary.NativeEndian.Uint16(rec[16:18]))
		if reclen < 19 || reclen > len(rec) {
			return nil, 0, io.EOF
		}
		d.pos += reclen
		typ := rec[18]
		name := rec[19:reclen]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		if len(name) == 0 || name[0] == '.' && (len(name) == 1 || len(name) == 2 && name[1] == '.') {
			continue
		}
		switch typ {
		case unix.DT_REG:
			return name, 0, nil
		case unix.DT_DIR:
			return name, fs.ModeDir, nil
		case unix.DT_LNK:
			return name, fs.ModeSymlink, nil
		case unix.DT_FIFO:
			return name, fs.ModeNamedPipe, nil
		case unix.DT_SOCK:
			return name, fs.ModeSocket, nil
		case unix.DT_CHR:
			return name, fs.ModeDevice | fs.ModeCharDevice, nil
		case unix.DT_BLK:
			return name, fs.ModeDevice, nil
		}
		// DT_UNKNOWN (some file systems): ask.
		var st unix.Stat_t
		if unix.Fstatat(d.fd, string(name), &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
			continue // vanished
		}
		return name, linuxMode(st.Mode), nil
	}
}

// cstring copies name, NUL-terminated, into d.path.
func (d *linuxDir) cstring(name []byte) error {
	if len(name) >= len(d.path) {
		return unix.ENAMETOOLONG
	}
	copy(d.path[:], name)
	d.path[len(name)] = 0
	return nil
}

func (d *linuxDir) ReadFileInto(name []byte, buf []byte, limit int64) ([]byte, error) {
	if err := d.cstring(name); err != nil {
		return nil, err
	}
	var fd uintptr
	for {
		// openat(2) without converting the name to a Go string: no
		// allocation per file. O_NOFOLLOW: the walk decides about links.
		r, _, errno := unix.Syscall6(unix.SYS_OPENAT, uintptr(d.fd), uintptr(unsafe.Pointer(&d.path[0])),
			uintptr(unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOFOLLOW), 0, 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return nil, errno
		}
		fd = r
		break
	}
	data, _, err := readOpenFile(int(fd), buf, limit)
	unix.Close(int(fd))
	return data, err
}

func (d *linuxDir) Stat(name string) (fs.FileMode, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(d.fd, name, &st, 0); err != nil {
		return 0, err
	}
	return linuxMode(st.Mode), nil
}

func linuxMode(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	}
	return fs.ModeDevice
}
