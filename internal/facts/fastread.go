package facts

// FastReader is an optional extension of OS for hot loops that read many
// files (the source scanner reads every .go file of a module on each doctor
// run): it reads into a buffer the caller reuses, so reading a file costs
// no allocation for its content. System implements it; an OS without it
// (the test fakes) is read through ReadFile.
type FastReader interface {
	// ReadFileInto reads the regular file name into buf, growing it when
	// needed, and returns the content (which aliases the buffer). A file
	// over limit bytes is ErrTooLarge, found without reading it; anything
	// but a regular file is refused, so that a FIFO cannot block the read.
	ReadFileInto(name string, buf []byte, limit int64) ([]byte, error)
}

// ReadFileInto reads a file of at most MaxFileSize bytes, reusing buf when
// the OS supports it (see FastReader). Callers keep the returned slice's
// storage for the next call: buf = data[:0].
func (f *Facts) ReadFileInto(name string, buf []byte) ([]byte, error) {
	if r, ok := f.OS.(FastReader); ok {
		return r.ReadFileInto(name, buf, MaxFileSize)
	}
	return f.OS.ReadFile(name, MaxFileSize)
}

// growBuffer returns buf with room for n bytes (length n).
func growBuffer(buf []byte, n int) []byte {
	if cap(buf) >= n {
		return buf[:n]
	}
	c := 64 << 10
	for c < n {
		c *= 2
	}
	return make([]byte, n, c)
}
