package soak

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// UsageDirEnv names the folder where the `go test -exec` wrapper writes
// one usage record per test binary it ran.
const UsageDirEnv = "GODX_SOAK_USAGE_DIR"

// wrapperRecord is one test binary's usage, written by RunWrapped.
type wrapperRecord struct {
	Dir   string `json:"dir"` // the binary's working folder: its package's folder
	Usage Usage  `json:"usage"`
	Exit  int    `json:"exit"`
}

// RunWrapped runs a test binary for `go test -exec`: args are the binary
// and its arguments. It passes the standard streams through untouched,
// outlives the binary when the run is stopped (see runTestBinary), writes
// the binary's wall time, CPU time and peak memory into
// $GODX_SOAK_USAGE_DIR, and exits as the binary did.
func RunWrapped(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: exec-wrapper BINARY [ARGS...]")
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	u, code, err := runTestBinary(cmd)
	if err != nil {
		fmt.Fprintf(os.Stderr, "godx soak: running %s: %v\n", args[0], err)
		return 1
	}
	if dir := os.Getenv(UsageDirEnv); dir != "" {
		wd, _ := os.Getwd()
		data, _ := json.Marshal(wrapperRecord{Dir: wd, Usage: u, Exit: code})
		name := fmt.Sprintf("%d-%d.json", os.Getpid(), time.Now().UnixNano())
		_ = os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	if code < 0 {
		return 1
	}
	return code
}

// readWrapperRecords reads and removes the records in dir, keyed by the
// package folder.
func readWrapperRecords(dir string) map[string]Usage {
	out := map[string]Usage{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(p)
		_ = os.Remove(p)
		if err != nil {
			continue
		}
		var r wrapperRecord
		if json.Unmarshal(data, &r) == nil {
			out[filepath.Clean(r.Dir)] = r.Usage
		}
	}
	return out
}
