package gotoolchain

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// TestSelect replays cases of cmd/go's
// testdata/script/gotoolchain_local.txt (local toolchain go1.500).
func TestSelect(t *testing.T) {
	file := func(goLine, tc string) *File {
		return &File{Kind: "go.mod", Short: "go.mod", Go: goLine, Toolchain: tc}
	}
	for _, c := range []struct {
		value string
		file  *File
		want  string
	}{
		{"", file("1.700", ""), "go1.500"}, // nothing sets GOTOOLCHAIN: never switches
		{"auto", nil, "go1.500"},
		{"path", nil, "go1.500"},
		{"go1.600", nil, "go1.600"},
		{"go1.400", nil, "go1.400"},
		{"go1.600+auto", nil, "go1.600"},
		{"go1.400.0+auto", nil, "go1.400.0"},
		{"go1.400+path", nil, "go1.400"},
		{"auto", file("1.700", ""), "go1.700.0"},
		{"auto", file("1.300", ""), "go1.500"},
		{"auto", file("1.700", "go1.300"), "go1.700.0"},
		{"auto", file("1.300", "default"), "go1.500"},
		{"auto", file("1.700", "default"), "go1.500"},
		{"go1.400+auto", file("1.300", "default"), "go1.400"},
		{"go1.600+auto", file("1.300", "default"), "go1.600"},
		{"go1.800-bigcorp", nil, "go1.800-bigcorp"},
		{"auto", file("1.999", "go1.800-bigcorp"), "go1.999.0"},
		{"auto", file("1.777", "go1.800-bigcorp"), "go1.800-bigcorp"},
		{"local", file("1.700", ""), "go1.500"},
		{"auto", file("1.22", ""), "go1.500"},
		{"go1.14", file("1.14", "go1.22"), "go1.14"},
		{"go1.14+auto", file("1.14", "go1.22"), "go1.22"},
		{"go1.14+auto", file("1.22", ""), "go1.22.0"},
		{"go1.14+auto", file("1.15", ""), "go1.15"},
		{"go1.14+auto", file("1.21rc1", ""), "go1.21rc1"},
	} {
		s := Select(c.value, "go1.500", c.file)
		if s.Fatal != "" || s.Chosen != c.want {
			t.Errorf("GOTOOLCHAIN=%s file=%+v: chosen %q (fatal %q), want %q", c.value, c.file, s.Chosen, s.Fatal, c.want)
		}
		if local := c.want == "go1.500"; s.Local != local {
			t.Errorf("GOTOOLCHAIN=%s file=%+v: local %v", c.value, c.file, s.Local)
		}
	}
}

// TestSelectErrors checks the go command's exact error texts.
func TestSelectErrors(t *testing.T) {
	for _, c := range []struct {
		value string
		file  *File
		want  string
	}{
		{"asdf", nil, `invalid GOTOOLCHAIN "asdf"`},
		{"1.22.5", nil, `invalid GOTOOLCHAIN "1.22.5"`},
		{"go1.x+auto", nil, `invalid GOTOOLCHAIN "go1.x+auto": invalid minimum toolchain "go1.x"`},
		{"local+x", nil, `invalid GOTOOLCHAIN "local+x": only version suffixes are +auto and +path`},
		{"go1.600+x", nil, `invalid GOTOOLCHAIN "go1.600+x": only version suffixes are +auto and +path`},
		{"go2.0", nil, `invalid GOTOOLCHAIN "go2.0"`},
		{"auto", &File{Short: "../go.work", Go: "1.22", Toolchain: "bogus"}, `invalid toolchain "bogus" in ../go.work`},
	} {
		if s := Select(c.value, "go1.500", c.file); s.Fatal != c.want {
			t.Errorf("GOTOOLCHAIN=%s: fatal %q, want %q", c.value, s.Fatal, c.want)
		}
	}
	// GOTOOLCHAIN=local ignores the toolchain line, even an invalid one.
	if s := Select("local", "go1.500", &File{Go: "1.22", Toolchain: "bogus"}); s.Fatal != "" || !s.Local {
		t.Errorf("local with a bad toolchain line: %+v", s)
	}
}

func TestSelectStartup(t *testing.T) {
	s := Select("auto", "go1.500", &File{Go: "1.600", Toolchain: "go1.550"})
	if s.Why != "go line" || s.AutoGo != "1.600" || s.AutoToolchain != "" || s.ChosenVers != "1.600.0" {
		t.Errorf("go line: %+v", s)
	}
	s = Select("go1.400+path", "go1.500", &File{Go: "1.300", Toolchain: "go1.550"})
	if s.Why != "toolchain line" || s.AutoToolchain != "go1.550" || !s.PathOnly || s.Mode != "path" || s.Default != "go1.400" {
		t.Errorf("toolchain line: %+v", s)
	}
	s = Select("auto", "go1.500", &File{Go: "1.600", Toolchain: "default"})
	if s.AutoToolchain != "default" || !s.Local {
		t.Errorf("toolchain default: %+v", s)
	}
}

func TestShortPath(t *testing.T) {
	fake := factstest.New()
	fake.AddDir("/home/u/m/sub")
	fx, err := facts.New(context.Background(), fake, facts.Options{Dir: "/home/u/m/sub"})
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"/home/u/m/sub/go.mod": "go.mod", "/home/u/m/go.work": "../go.work", "/etc/go.mod": "/etc/go.mod",
		"/home/u/m/sub": ".", "/home/u/m/sub/": ".", "/home/u/m": "..", "/home/u/m/other": "../other",
		"/home/u/m/SUB/go.mod": "../SUB/go.mod", // case matters outside Windows
	} {
		if got := ShortPath(fx, in); got != want {
			t.Errorf("ShortPath(%q) = %q, want %q", in, got, want)
		}
	}

	// On Windows, case does not matter (as for filepath.Rel there).
	win := factstest.New()
	win.OSName = "windows"
	win.AddDir("C:/Users/u/m")
	fx, err = facts.New(context.Background(), win, facts.Options{Dir: `C:\Users\u\m`})
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		`c:\users\U\M\go.mod`: "go.mod", `C:\Users\u\m`: ".", `C:\Users\u\go.work`: `..\go.work`, `D:\m\go.mod`: `D:\m\go.mod`,
	} {
		if got := ShortPath(fx, in); got != want {
			t.Errorf("windows: ShortPath(%q) = %q, want %q", in, got, want)
		}
	}
}
