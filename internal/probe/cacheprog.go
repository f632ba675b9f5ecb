package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// CacheProgHello is the first message of a GOCACHEPROG program (the
// go command's cmd/go/internal/cacheprog.Response with ID 0): it must
// come unasked, and list the commands the program supports.
type CacheProgHello struct {
	ID            int64
	Err           string   `json:",omitempty"`
	KnownCommands []string `json:",omitempty"`
}

// ErrNoHello means the program wrote nothing on its standard output.
var ErrNoHello = errors.New("the program wrote no message on its standard output")

// ParseCacheProgHello reads the first JSON message a GOCACHEPROG program
// wrote and judges it the way the go command does: it must decode, have
// ID 0 (the go command waits for that ID), and declare at least one
// command. The errors use the go command's own words where it has them.
func ParseCacheProgHello(stdout []byte) (*CacheProgHello, error) {
	if len(bytes.TrimSpace(stdout)) == 0 {
		return nil, ErrNoHello
	}
	var h CacheProgHello
	if err := json.NewDecoder(bytes.NewReader(stdout)).Decode(&h); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("error reading JSON from GOCACHEPROG: %v (the first message is cut short)", err)
		}
		return nil, fmt.Errorf("error reading JSON from GOCACHEPROG: %v", err)
	}
	if h.ID != 0 {
		return &h, fmt.Errorf("GOCACHEPROG sent response for unknown request ID %v (the first message must have ID 0)", h.ID)
	}
	if len(h.KnownCommands) == 0 {
		return &h, errors.New("GOCACHEPROG declared no supported commands")
	}
	return &h, nil
}
