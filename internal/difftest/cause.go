package difftest

import (
	"regexp"
	"strings"
)

// Causes that belong to no check.
const (
	// CauseFake: a fake toolchain ran and its stand-in (the local go)
	// refused a go line newer than itself, which the real release would
	// accept. Nothing after the switch can be compared.
	CauseFake = "fake toolchain"
	// CauseNoModule: outside any module, package commands fail; godx
	// says so as a note, by design (a directory need not be a project).
	CauseNoModule = "no module"
	// CauseUnknown: a failure the harness cannot attribute.
	CauseUnknown = "unexplained"
)

var (
	requiresGo    = regexp.MustCompile(`requires go >= \S+ \(running go `)
	fileLine      = regexp.MustCompile(`(^|[\s/])go\.(mod|work):\d+`)
	notInGOROOT   = regexp.MustCompile(`is not in std \(\$GOROOT/`)
	gopathMissing = regexp.MustCompile(`cannot find package ".*" in any of`)
	openModfile   = regexp.MustCompile(`^go: open \S+\.mod: `)
	positionStart = regexp.MustCompile(`^[\w./$-]+\.(go|mod|work):\d+(:\d+)?: `)
)

// FirstError is the line of a failed go command's stderr that says why it
// failed: the first one that is not progress ("go: downloading"), a
// package header ("# runtime/cgo"), a warning or the fake's marker.
func FirstError(stderr string) string {
	lines := strings.Split(stderr, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "", strings.HasPrefix(t, "go: downloading "), strings.HasPrefix(t, "# "),
			strings.HasPrefix(t, "go: warning:"), strings.HasPrefix(t, "warning:"), strings.HasPrefix(t, FakeMarker):
			continue
		}
		// A line the next ones continue (they start with a tab, as in
		// "package m\n\timports m/c: build constraints exclude …").
		for _, next := range lines[i+1:] {
			if !strings.HasPrefix(next, "\t") {
				break
			}
			t += " " + strings.TrimSpace(next)
		}
		return t
	}
	return ""
}

// CauseOf names the check that owns a go command's failure, from the
// line it failed with (FirstError), or one of the Cause constants.
// localVersion ("1.26.8") tells the fake's refusals from real ones.
func CauseOf(r *GoRun, localVersion string, badGOROOT bool) string {
	line := FirstError(r.Stderr)
	fake := strings.Contains(r.Stderr, FakeMarker)
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(line, s) {
				return true
			}
		}
		return false
	}
	switch {
	case fake && has("(running go "+localVersion+"; GOTOOLCHAIN=local)"):
		return CauseFake
	case badGOROOT && has("updates to go.mod needed"):
		// Without a standard library every std import looks like a
		// missing module, which the go command would add to go.mod.
		return "go/goroot"
	case has("errors parsing go.mod", "errors parsing go.work", "error reading go.mod", "missing module declaration", "updates to go.mod needed") || fileLine.MatchString(line):
		return "module/gomod"
	case has("listed in go.work file requires go", "implicitly requires go", "invalid GOWORK", "reading go.work",
		"not one of the workspace modules", "outside modules listed in go.work", "listed in go.work file"):
		return "module/gowork"
	case has("invalid GOTOOLCHAIN", "invalid toolchain", `cannot find "go1`, "download go1", "toolchain not available",
		"golang.org/toolchain@", "invoked to provide") || requiresGo.MatchString(line):
		return "module/toolchain"
	case has("$GOFLAGS", "-mod may only", "-mod=", "inconsistent vendoring", "-modfile", "cannot use -json with",
		"no KEY=VALUE arguments", "-insecure flag") || (openModfile.MatchString(line) && !strings.Contains(line, "/go.mod: ")):
		return "module/goflags"
	case has("GO111MODULE", "modules disabled by") || notInGOROOT.MatchString(line) || gopathMissing.MatchString(line):
		return "module/mode"
	case has("go.mod file not found", "cannot find main module", "does not contain main module", "does not contain modules listed in go.work"):
		return CauseNoModule
	case has("GOPATH entry", "module cache not found"):
		return "go/gopath"
	case has("cannot find GOROOT", "does not match go tool version", "no such tool", "is not in std", "cannot find package", "/pkg/tool/"):
		return "go/goroot"
	case has("C compiler", "build constraints exclude all Go files", "requires cgo", `exec: "gcc"`):
		return "cgo/compiler"
	}
	return CauseUnknown
}

// Quotes are the go command's words a finding quotes: backquoted text and
// indented lines that look like a go error (go:, cgo:, package …,
// file:line: …), one string per line.
func Quotes(texts ...string) []string {
	var out []string
	add := func(s string) {
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); looksLikeGoError(l) {
				out = append(out, l)
			}
		}
	}
	for _, t := range texts {
		parts := strings.Split(t, "`")
		for i := 1; i < len(parts); i += 2 { // inside backquotes
			add(parts[i])
		}
		for i := 0; i < len(parts); i += 2 { // outside: indented lines
			for _, l := range strings.Split(parts[i], "\n") {
				if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
					add(l)
				}
			}
		}
	}
	return out
}

func looksLikeGoError(l string) bool {
	for _, p := range []string{"go: ", "cgo: ", "package ", "-mod=", "compile: ", "current directory ", "directory . "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return positionStart.MatchString(l)
}
