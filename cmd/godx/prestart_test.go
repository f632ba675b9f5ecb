package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Starting the doctor's go env early (package prestart) gains only if
// prestart is initialised before godx's heavy dependencies: the language
// orders package initialisation by import path among the packages whose
// imports are ready, so prestart must import nothing that sorts late. The
// test binary links the same packages as godx; its init trace shows the
// order.
func TestPrestartInitialisedEarly(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var order []string
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "init" {
			order = append(order, f[1])
		}
	}
	at := -1
	for i, p := range order {
		if p == "github.com/godx-dev/godx/internal/prestart" {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("prestart not in the init trace:\n%s", out)
	}
	for _, p := range order[:at] {
		for _, heavy := range []string{"google.golang.org/protobuf/", "github.com/moby/buildkit/frontend/dockerfile/parser", "github.com/moby/buildkit/util/stack", "go.yaml.in/", "github.com/spf13/", "net/http", "crypto/x509", "regexp", "github.com/godx-dev/godx/internal/facts"} {
			if strings.HasPrefix(p, heavy) {
				t.Errorf("%s is initialised before prestart (init order: %s)", p, strings.Join(order[:at+1], " "))
			}
		}
	}
}
