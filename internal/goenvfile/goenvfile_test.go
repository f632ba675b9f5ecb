package goenvfile_test

import (
	"maps"
	"slices"
	"testing"

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
