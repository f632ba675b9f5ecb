//go:build !unix

package facts

import (
	"fmt"
	"io"
	"os"
)

// ReadFileInto reads into buf through an *os.File.
func (System) ReadFileInto(name string, buf []byte, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: name, Err: &NotRegularError{Mode: st.Mode()}}
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s: %w (%d bytes, over %d)", name, ErrTooLarge, st.Size(), limit)
	}
	buf = growBuffer(buf, int(st.Size()))
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	return buf[:n], nil
}
