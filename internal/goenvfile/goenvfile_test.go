package goenvfile_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goenvfile"
)

func TestLines(t *testing.T) {
	data := "GOPROXY=https://proxy.example\r\n" +
		"\n" +
		"# a comment\n" +
		"  GOFLAGS=-mod=mod\n" +
		"export GOPRIVATE=example.com\n" +
		"gobin=/x\n" +
		"NOEQUALS\n" +
		"GOSUMDB=\"off\"\n" +
		"GOPROXY=direct\n" +
		"GOTOOLCHAIN=local"
	want := []goenvfile.Line{
		{N: 1, Text: "GOPROXY=https://proxy.example\r", Key: "GOPROXY", Value: "https://proxy.example\r", Used: true},
		{N: 4, Text: "  GOFLAGS=-mod=mod"},
		{N: 5, Text: "export GOPRIVATE=example.com"},
		{N: 6, Text: "gobin=/x"},
		{N: 7, Text: "NOEQUALS"},
		{N: 8, Text: `GOSUMDB="off"`, Key: "GOSUMDB", Value: `"off"`, Used: true},
		{N: 9, Text: "GOPROXY=direct", Key: "GOPROXY", Value: "direct", Used: true},
		{N: 10, Text: "GOTOOLCHAIN=local", Key: "GOTOOLCHAIN", Value: "local", Used: true},
	}
	got := goenvfile.Lines([]byte(data))
	if !slices.Equal(got, want) {
		t.Errorf("Lines:\n got %+v\nwant %+v", got, want)
	}

	// The used lines, last one winning, are exactly what facts reads.
	vars := map[string]string{}
	for _, l := range got {
		if l.Used {
			vars[l.Key] = l.Value
		}
	}
	if fv := facts.ParseEnvFile([]byte(data)); !maps.Equal(vars, fv) {
		t.Errorf("Lines gives %v, facts.ParseEnvFile %v", vars, fv)
	}
}

func TestKnownAndIgnored(t *testing.T) {
	names := goenvfile.KnownNames()
	if !slices.IsSorted(names) || !slices.Contains(names, "GOPROXY") || slices.Contains(names, "GODEBUG") {
		t.Errorf("KnownNames = %v", names)
	}
	names[0] = "changed"
	if goenvfile.KnownNames()[0] == "changed" {
		t.Error("KnownNames shares its slice")
	}
	for name, want := range map[string]string{
		"GOENV":     "can only be set using the OS environment",
		"GODEBUG":   "can only be set using the OS environment",
		"GOVERSION": "cannot be modified",
		"GOPROXY":   "",
	} {
		why, ok := goenvfile.Ignored(name)
		if why != want || ok != (want != "") {
			t.Errorf("Ignored(%s) = %q, %v", name, why, ok)
		}
	}
}

func TestUnsetAndSet(t *testing.T) {
	const file = "# mine\nGOROOT=/gone/go\nGOPATH=~/gp\r\nGOFLAGS=-mod=vendor\nGOPATH=/first/overridden\n  GOROOT=/not/read\nGOPATH=~/gp"
	for _, tc := range []struct {
		name string
		edit func([]byte) ([]byte, error)
		want string
	}{
		{"unset GOROOT", func(b []byte) ([]byte, error) { return goenvfile.Unset(b, "GOROOT"), nil },
			"# mine\nGOPATH=~/gp\r\nGOFLAGS=-mod=vendor\nGOPATH=/first/overridden\n  GOROOT=/not/read\nGOPATH=~/gp"},
		{"unset GOPATH: every line", func(b []byte) ([]byte, error) { return goenvfile.Unset(b, "GOPATH"), nil },
			"# mine\nGOROOT=/gone/go\nGOFLAGS=-mod=vendor\n  GOROOT=/not/read\n"},
		{"set GOPATH: the last line, earlier ones go", func(b []byte) ([]byte, error) { return goenvfile.Set(b, "GOPATH", "/home/u/gp") },
			"# mine\nGOROOT=/gone/go\nGOFLAGS=-mod=vendor\n  GOROOT=/not/read\nGOPATH=/home/u/gp\n"},
		{"set a new name: appended", func(b []byte) ([]byte, error) { return goenvfile.Set(b, "GOBIN", "/b") },
			file + "\nGOBIN=/b\n"},
		{"unset a name not there: unchanged", func(b []byte) ([]byte, error) { return goenvfile.Unset(b, "GOBIN"), nil }, file},
	} {
		got, err := tc.edit([]byte(file))
		if err != nil || string(got) != tc.want {
			t.Errorf("%s:\n got %q, %v\nwant %q", tc.name, got, err, tc.want)
			continue
		}
		// What the go command then reads agrees, and a second edit changes nothing.
		again, _ := tc.edit(got)
		if string(again) != string(got) {
			t.Errorf("%s: not idempotent: %q", tc.name, again)
		}
	}
	same := []byte("GOPATH=/x\n")
	if got, _ := goenvfile.Set(same, "GOPATH", "/x"); &got[0] != &same[0] {
		t.Error("Set to the current value did not return its input")
	}
	if got, _ := goenvfile.Set(nil, "GOPATH", "/x"); string(got) != "GOPATH=/x\n" {
		t.Errorf("Set in an empty file: %q", got)
	}
	for _, bad := range [][2]string{{"GOPATH", "/a\n/b"}, {"GOPATH", "/a\r"}, {"gopath", "/a"}, {"GO=X", "/a"}, {"", "/a"}} {
		if _, err := goenvfile.Set(nil, bad[0], bad[1]); err == nil {
			t.Errorf("Set(%q, %q): no error", bad[0], bad[1])
		}
	}
}

// TestSetAndUnset_AsTheGoCommandDoes edits one copy of a go env file with
// the real `go env -w`/`go env -u` and another with Set/Unset: the go
// command reads the same settings from both.
func TestSetAndUnset_AsTheGoCommandDoes(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	// The go command refuses a relative GOPATH, and /second is relative on
	// Windows (no drive): absolute paths of the OS the test runs on.
	abs := func(name string) string { return filepath.Join(dir, name) }
	file := "GOFLAGS=-count=1\nGOPATH=" + abs("first") + "\nGOTOOLCHAIN=local\nGOPATH=" + abs("second") + "\nGOBIN=" + abs("b") + "\n"
	read := func(goenv string, args ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), checktest.TestCommandTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, gocmd, args...)
		cmd.Env = append(os.Environ(), "GOENV="+goenv, "GOFLAGS=", "GOPATH=", "GOBIN=", "GOTOOLCHAIN=local", "GOROOT=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	for i, tc := range []struct {
		argv []string
		edit func([]byte) ([]byte, error)
	}{
		{[]string{"env", "-w", "GOPATH=" + abs("third")}, func(b []byte) ([]byte, error) { return goenvfile.Set(b, "GOPATH", abs("third")) }},
		{[]string{"env", "-w", "GOMODCACHE=" + abs("mc")}, func(b []byte) ([]byte, error) { return goenvfile.Set(b, "GOMODCACHE", abs("mc")) }},
		{[]string{"env", "-u", "GOPATH"}, func(b []byte) ([]byte, error) { return goenvfile.Unset(b, "GOPATH"), nil }},
		{[]string{"env", "-u", "GOBIN"}, func(b []byte) ([]byte, error) { return goenvfile.Unset(b, "GOBIN"), nil }},
	} {
		byGo, byUs := filepath.Join(dir, fmt.Sprint(i, "go")), filepath.Join(dir, fmt.Sprint(i, "us"))
		edited, err := tc.edit([]byte(file))
		if err != nil {
			t.Fatal(err)
		}
		if os.WriteFile(byGo, []byte(file), 0o644) != nil || os.WriteFile(byUs, edited, 0o644) != nil {
			t.Fatal("cannot write the files")
		}
		read(byGo, tc.argv...)
		names := []string{"env", "GOFLAGS", "GOPATH", "GOTOOLCHAIN", "GOBIN", "GOMODCACHE"}
		if a, b := read(byGo, names...), read(byUs, names...); a != b {
			t.Errorf("after go %v: the go command reads\n%s\nfrom its own edit and\n%s\nfrom ours:\n%s", tc.argv, a, b, edited)
		}
	}
}
