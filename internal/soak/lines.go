package soak

import (
	"bufio"
	"bytes"
	"io"
)

// MaxLine is the most of one output line soak keeps: a go test -json
// event is a few hundred bytes (test2json cuts long output into several
// events), so a longer line is not an event; its first MaxLine bytes are
// kept and the rest is skipped, so a test that prints gigabytes without a
// newline costs no more memory than this.
const MaxLine = 1 << 20

// eachLine calls fn with each line of r (without its line ending), a line
// longer than limit cut to limit bytes. The slice is valid only during
// the call.
func eachLine(r io.Reader, limit int, fn func(line []byte)) {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte // a line longer than the reader's buffer
	inLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if room := limit - len(long); room > 0 {
				long = append(long, chunk[:min(room, len(chunk))]...)
			}
			inLong = true
			continue
		}
		line := chunk
		if inLong {
			if room := limit - len(long); room > 0 {
				long = append(long, chunk[:min(room, len(chunk))]...)
			}
			line, long, inLong = long, long[:0], false
		} else if len(line) > limit {
			line = line[:limit]
		}
		if len(line) > 0 {
			fn(bytes.TrimRight(line, "\r\n"))
		}
		if err != nil {
			return
		}
	}
}

// Consume reads a whole go test -json stream, line by line (each line
// bounded by MaxLine).
func (s *TestStream) Consume(r io.Reader) {
	eachLine(r, MaxLine, s.Line)
}
