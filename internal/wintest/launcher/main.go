// Command launcher starts a program inside the Wine harness with exactly
// the environment a test asks for, and edits the registry for it.
//
// Wine builds a process's environment itself when it is started from
// Linux: USERPROFILE, APPDATA, PATH, TEMP and friends come from the
// prefix (its one user), and WINE* and Unix variables are added. A
// scenario needs its own user profile (a name with spaces or non-ASCII
// letters) and its own PATH, so the test starts this launcher, and the
// launcher starts the program with CreateProcess and the scenario's
// environment block, as Explorer or a terminal would.
//
//	launcher run SPEC.json   # {"env": [...], "dir": "C:\\...", "args": ["C:\\...\\godx.exe", ...]}
//	launcher reg OPS.json    # apply registry edits; print the edits that undo them
//	launcher query OPS.json  # print the current values of the ops' keys and names
//
// Run's exit status is the program's; 125 means the launcher failed.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/godx-dev/godx/internal/wintest/winreg"
)

// spec is what `launcher run` starts.
type spec struct {
	Env  []string `json:"env"`
	Dir  string   `json:"dir"`
	Args []string `json:"args"`
}

func main() {
	if len(os.Args) != 3 {
		fail(errors.New("usage: launcher run SPEC.json | launcher reg|query OPS.json"))
	}
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail(err)
	}
	switch os.Args[1] {
	case "run":
		var s spec
		if err := json.Unmarshal(data, &s); err != nil {
			fail(err)
		}
		os.Exit(run(s))
	case "reg", "query":
		var ops []winreg.Op
		if err := json.Unmarshal(data, &ops); err != nil {
			fail(err)
		}
		apply := winreg.Apply
		if os.Args[1] == "query" {
			apply = winreg.Query
		}
		out, err := apply(ops)
		if err != nil {
			fail(err)
		}
		if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
			fail(err)
		}
	default:
		fail(fmt.Errorf("unknown mode %q", os.Args[1]))
	}
}

// run starts s with its environment and no other, and returns its exit
// status.
func run(s spec) int {
	if len(s.Args) == 0 {
		fail(errors.New("no program"))
	}
	// Look the program up in the scenario's PATH and PATHEXT, not the
	// launcher's: exec.LookPath reads this process's environment.
	os.Clearenv()
	for _, kv := range s.Env {
		k, v, _ := strings.Cut(kv, "=")
		if err := os.Setenv(k, v); err != nil {
			fail(err)
		}
	}
	cmd := exec.Command(s.Args[0], s.Args[1:]...)
	cmd.Env = s.Env
	cmd.Dir = s.Dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode()
	case err != nil:
		fail(err)
	}
	return 0
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "launcher:", err)
	os.Exit(125)
}
