// Command cacheprog is a GOCACHEPROG program for probe/gocacheprog's
// tests. Its first argument says how it behaves:
//
//	good   a working cache (in memory, bodies in the directory of the
//	       second argument)
//	exit   prints an error and exits 1 before its first message
//	log    prints a log line on stdout before its first message
//	none   declares no commands
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

type request struct {
	ID       int64
	Command  string
	ActionID []byte
	OutputID []byte
	BodySize int64
}

type response struct {
	ID            int64
	Err           string   `json:",omitempty"`
	KnownCommands []string `json:",omitempty"`
	Miss          bool     `json:",omitempty"`
	OutputID      []byte   `json:",omitempty"`
	Size          int64    `json:",omitempty"`
	DiskPath      string   `json:",omitempty"`
}

type entry struct {
	outputID []byte
	size     int64
	path     string
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	send := func(r response) { enc.Encode(r); out.Flush() }
	switch os.Args[1] {
	case "exit":
		fmt.Fprintln(os.Stderr, "cacheprog: cannot open cache store: permission denied")
		os.Exit(1)
	case "log":
		fmt.Println("cacheprog: starting up")
	case "none":
		send(response{ID: 0})
		return
	}
	send(response{ID: 0, KnownCommands: []string{"get", "put", "close"}})
	dir := os.Args[2]
	cache := map[string]entry{}
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for n := 0; ; n++ {
		var req request
		if err := dec.Decode(&req); err != nil {
			return // end of input: the go command is gone
		}
		switch req.Command {
		case "put":
			var body []byte
			if req.BodySize > 0 {
				if err := dec.Decode(&body); err != nil {
					send(response{ID: req.ID, Err: err.Error()})
					continue
				}
			}
			path := filepath.Join(dir, fmt.Sprintf("obj-%d", n))
			if err := os.WriteFile(path, body, 0o644); err != nil {
				send(response{ID: req.ID, Err: err.Error()})
				continue
			}
			cache[string(req.ActionID)] = entry{req.OutputID, int64(len(body)), path}
			send(response{ID: req.ID, DiskPath: path})
		case "get":
			e, ok := cache[string(req.ActionID)]
			if !ok {
				send(response{ID: req.ID, Miss: true})
				continue
			}
			send(response{ID: req.ID, OutputID: e.outputID, Size: e.size, DiskPath: e.path})
		case "close":
			send(response{ID: req.ID})
			return
		}
	}
}
