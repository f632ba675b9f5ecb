// Command cacheprog is a GOCACHEPROG program for probe/gocacheprog's
// tests. Its first argument says how it behaves:
//
//	good   a working cache (in memory, bodies in the directory of the
//	       second argument); with a third argument, a go build cache
//	       directory (GOCACHE's layout) it also answers hits from, read
//	       only, as a shared remote cache would: the tests point it at the
//	       warm build cache so that a build through it need not compile
//	       the standard library again. Each request's command and
//	       whether it hit is appended to the file named by
//	       CACHEPROG_LOG, when set.
//	exit   prints an error and exits 1 before its first message
//	log    prints a log line on stdout before its first message
//	none   declares no commands
package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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
	seed := ""
	if len(os.Args) > 3 {
		seed = os.Args[3]
	}
	var log *os.File
	if name := os.Getenv("CACHEPROG_LOG"); name != "" {
		f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cacheprog:", err)
			os.Exit(1)
		}
		defer f.Close()
		log = f
	}
	note := func(s string) {
		if log != nil {
			fmt.Fprintln(log, s)
		}
	}
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
			note("put")
			send(response{ID: req.ID, DiskPath: path})
		case "get":
			e, ok := cache[string(req.ActionID)]
			if !ok && seed != "" {
				e, ok = lookup(seed, req.ActionID)
			}
			if !ok {
				note("get miss")
				send(response{ID: req.ID, Miss: true})
				continue
			}
			note("get hit")
			send(response{ID: req.ID, OutputID: e.outputID, Size: e.size, DiskPath: e.path})
		case "close":
			send(response{ID: req.ID})
			return
		}
	}
}

// lookup finds an action in a go build cache directory: its entry file
// <dir>/<xx>/<action hex>-a holds "v1 <action hex> <output hex> <size>
// <time>", and the output is <dir>/<yy>/<output hex>-d.
func lookup(dir string, action []byte) (entry, bool) {
	id := hex.EncodeToString(action)
	data, err := os.ReadFile(filepath.Join(dir, id[:2], id+"-a"))
	if err != nil {
		return entry{}, false
	}
	f := bytes.Fields(data)
	if len(f) != 5 || string(f[0]) != "v1" || string(f[1]) != id {
		return entry{}, false
	}
	out, err := hex.DecodeString(string(f[2]))
	size, serr := strconv.ParseInt(string(f[3]), 10, 64)
	if err != nil || serr != nil || len(f[2]) < 2 {
		return entry{}, false
	}
	path := filepath.Join(dir, string(f[2][:2]), string(f[2])+"-d")
	if st, err := os.Stat(path); err != nil || st.Size() != size {
		return entry{}, false
	}
	return entry{out, size, path}, true
}
