// Package gotoolchain replays the go command's toolchain selection
// (cmd/go/internal/toolchain/select.go Select): which Go toolchain a go
// command run in a module really executes, for a GOTOOLCHAIN value, the
// local go command's release and the go and toolchain lines of the go.work
// or go.mod in effect. It is shared by the module/toolchain check and
// `godx toolchain`, so that they cannot disagree. The version rules it
// applies (gover.FromToolchain, Compare, the release a go line names) are
// internal/goversion's.
package gotoolchain

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
)

// File is the go.work or go.mod file whose lines steer the selection.
type File struct {
	Kind      string // "go.work" or "go.mod"
	Path      string
	Short     string // the name the go command prints (base.ShortPath)
	Go        string // go line ("" when absent)
	Toolchain string // toolchain line ("" when absent)
	// GoLineNo and ToolchainLineNo are where those lines are (1-based; 0
	// when absent), for findings that point at them.
	GoLineNo, ToolchainLineNo int
}

// Selection is the outcome of cmd/go's toolchain.Select.
type Selection struct {
	Value       string // GOTOOLCHAIN as the go command reads it ("" when nothing sets it)
	Mode        string // "", "auto" or "path"
	PathOnly    bool   // path or <name>+path
	Default     string // default toolchain: the local one or GOTOOLCHAIN's <name>
	DefaultVers string
	Chosen      string // the toolchain that runs
	ChosenVers  string // its Go version
	Local       bool   // Chosen is the local go command
	Why         string // "", "go line" or "toolchain line"
	// AutoGo and AutoToolchain are gover.Startup's fields, which end the
	// go command's "requires go >=" message.
	AutoGo, AutoToolchain string
	// Fatal is the go command's error (without "go: ") when the selection
	// itself fails.
	Fatal string
}

// Select replays cmd/go's toolchain.Select for GOTOOLCHAIN value (""
// when nothing sets it: the go command then never switches), the local
// toolchain localTC (GOVERSION) and the go.work/go.mod lines (file is nil
// outside modules).
func Select(value, localTC string, file *File) Selection {
	localVers := goversion.Local(localTC)
	s := Selection{Value: value, Default: localTC, DefaultVers: localVers}
	if value == "" {
		// cfg.Getenv found nothing: Select returns and the local go runs.
		s.Chosen, s.ChosenVers, s.Local = localTC, localVers, true
		return s
	}
	switch value {
	case "auto":
		s.Mode = "auto"
	case "path":
		s.Mode = "path"
	default:
		min, suffix, plus := strings.Cut(value, "+")
		if min != "local" {
			v := goversion.FromToolchain(min)
			if v == "" {
				if plus {
					s.Fatal = fmt.Sprintf("invalid GOTOOLCHAIN %q: invalid minimum toolchain %q", value, min)
				} else {
					s.Fatal = fmt.Sprintf("invalid GOTOOLCHAIN %q", value)
				}
				return s
			}
			s.Default, s.DefaultVers = min, v
		}
		if plus && suffix != "auto" && suffix != "path" {
			s.Fatal = fmt.Sprintf("invalid GOTOOLCHAIN %q: only version suffixes are +auto and +path", value)
			return s
		}
		s.Mode = suffix
	}
	s.PathOnly = value == "path" || strings.HasSuffix(value, "+path")

	chosen, minVers := s.Default, s.DefaultVers
	if (s.Mode == "auto" || s.Mode == "path") && file != nil {
		if file.Toolchain == "default" {
			s.AutoToolchain = "default"
		} else {
			if tc := file.Toolchain; tc != "" {
				tv := goversion.FromToolchain(tc)
				if tv == "" || (!strings.HasPrefix(tc, "go") && !strings.Contains(tc, "-go")) {
					s.Fatal = fmt.Sprintf("invalid toolchain %q in %s", tc, file.Short)
					return s
				}
				if goversion.Compare(tv, minVers) > 0 {
					chosen, minVers = tc, tv
					s.Why, s.AutoToolchain = "toolchain line", tc
				}
			}
			if goversion.Compare(file.Go, minVers) > 0 {
				chosen = goversion.Release(file.Go)
				s.Why, s.AutoGo, s.AutoToolchain = "go line", file.Go, ""
			}
		}
	}
	s.Chosen = chosen
	if chosen == "local" || chosen == localTC {
		s.Chosen, s.ChosenVers, s.Local = localTC, localVers, true
		return s
	}
	if !strings.HasPrefix(chosen, "go1") && !strings.Contains(chosen, "-go1") {
		s.Fatal = fmt.Sprintf("invalid GOTOOLCHAIN %q", chosen)
		return s
	}
	s.ChosenVers = goversion.FromToolchain(chosen)
	return s
}

// ShortPath is cmd/go's base.ShortPath: p relative to the directory the go
// command runs in (f.Dir), when that is shorter ("." for that directory
// itself). Like filepath.Rel it ignores case on Windows.
func ShortPath(f *facts.Facts, p string) string {
	sep := "/"
	eq := func(a, b string) bool { return a == b }
	if f.GOOS() == "windows" {
		sep, eq = `\`, strings.EqualFold
	}
	cp, dir := f.CleanPath(p), f.CleanPath(f.Dir)
	up := ""
	for i := 0; i < 64; i++ {
		rel := ""
		prefix := strings.TrimSuffix(dir, sep) + sep
		switch {
		case eq(cp, dir):
			rel = strings.TrimSuffix(up, sep)
			if rel == "" {
				rel = "."
			}
		case len(cp) > len(prefix) && eq(cp[:len(prefix)], prefix):
			rel = up + cp[len(prefix):]
		}
		if rel != "" {
			if len(rel) < len(p) {
				return rel
			}
			return p
		}
		parent := f.ParentDir(dir)
		if parent == dir || parent == "" || parent == "." {
			break
		}
		dir, up = parent, up+".."+sep
	}
	return p
}
