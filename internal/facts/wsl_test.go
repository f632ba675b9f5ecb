package facts_test

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestParseWSLConf(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       facts.WSLConf
	}{
		{"empty", "", facts.WSLConf{Exists: true}},
		{"other sections only", "[boot]\nsystemd=true\n", facts.WSLConf{Exists: true}},
		{"interop without the key", "[boot]\nsystemd=true\n\n[interop]\nenabled = true\n", facts.WSLConf{Exists: true, HasInterop: true}},
		{"off", "[interop]\nappendWindowsPath = false\n", facts.WSLConf{Exists: true, HasInterop: true, AppendWindowsPath: "false"}},
		{"case and spaces", "[ Interop ]\n  AppendWindowsPath=TRUE  \r\n", facts.WSLConf{Exists: true, HasInterop: true, AppendWindowsPath: "true"}},
		{"last wins", "[interop]\nappendWindowsPath=true\n[interop]\nappendWindowsPath=false\n", facts.WSLConf{Exists: true, HasInterop: true, AppendWindowsPath: "false"}},
		{"comments", "[interop]\n# appendWindowsPath=false\n; appendWindowsPath=false\n", facts.WSLConf{Exists: true, HasInterop: true}},
		{"key in another section", "[automount]\nappendWindowsPath=false\n", facts.WSLConf{Exists: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := facts.ParseWSLConf([]byte(tc.data)); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestReadWSLConf(t *testing.T) {
	o := factstest.New()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := f.ReadWSLConf(); c.Exists {
		t.Errorf("without the file: %+v", c)
	}
	o.AddFile(facts.WSLConfFile, "[interop]\nappendWindowsPath=false\n", 0)
	if c := f.ReadWSLConf(); !c.Exists || c.AppendWindowsPath != "false" {
		t.Errorf("with the file: %+v", c)
	}
}
