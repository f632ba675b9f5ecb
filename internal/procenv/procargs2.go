package procenv

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ParseProcArgs2 decodes the answer of macOS's sysctl
// {CTL_KERN, KERN_PROCARGS2, pid}: a 32-bit argc (host byte order, little
// endian on every Mac godx runs on), the executable path, NUL padding,
// argc NUL-terminated arguments, then the environment strings up to an
// empty string (after it come the "apple" strings, which are not
// environment).
func ParseProcArgs2(b []byte) (exe string, args, env []string, err error) {
	if len(b) < 4 {
		return "", nil, nil, errors.New("KERN_PROCARGS2: answer shorter than argc")
	}
	argc := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	exe, b, ok := cutNUL(b)
	if !ok {
		return "", nil, nil, errors.New("KERN_PROCARGS2: executable path not terminated")
	}
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	if argc < 0 || argc > len(b) {
		return "", nil, nil, fmt.Errorf("KERN_PROCARGS2: argc %d does not fit in %d bytes", argc, len(b))
	}
	for i := 0; i < argc; i++ {
		var a string
		a, b, ok = cutNUL(b)
		if !ok {
			return "", nil, nil, fmt.Errorf("KERN_PROCARGS2: argument %d not terminated", i)
		}
		args = append(args, a)
	}
	for len(b) > 0 {
		var e string
		e, b, ok = cutNUL(b)
		if e == "" || !ok {
			// The empty string ends the environment; an unterminated
			// last string is a cut answer, and is not trusted.
			break
		}
		env = append(env, e)
	}
	return exe, args, env, nil
}

func cutNUL(b []byte) (string, []byte, bool) {
	for i, c := range b {
		if c == 0 {
			return string(b[:i]), b[i+1:], true
		}
	}
	return string(b), nil, false
}
