// Package goenvfile reads go env files — the file `go env -w` writes (go
// env GOENV) and $GOROOT/go.env — line by line the way cmd/go does, and
// knows which variable names cmd/go takes from such a file.
//
// facts.ParseEnvFile gives the resulting NAME=value map; Lines keeps what
// that map hides: line numbers, the lines cmd/go skips, and earlier lines
// a later one overrides.
package goenvfile

import (
	"slices"
	"strings"
)

// Line is one line of a go env file as cmd/go reads it.
type Line struct {
	N          int    // line number, from 1
	Text       string // the line as written, without its "\n" (a "\r" stays)
	Key, Value string // the name and value cmd/go reads, when Used
	Used       bool   // cmd/go reads the line as Key=Value
}

// Lines splits data the way cmd/go's cfg.readEnvFile does: a line is used
// when it starts with an upper-case ASCII letter and has an '=', and its
// value is everything after the first '=', unchanged (quotes, spaces and a
// trailing "\r" included). Blank lines and '#' comments are left out:
// cmd/go skips them too, and they are no mistake.
func Lines(data []byte) []Line {
	var out []Line
	for i, text := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		l, _ := parse(text)
		l.N = i + 1
		out = append(out, l)
	}
	return out
}

// parse reads one line (without its "\n") as cmd/go does; ok says it is
// used.
func parse(text string) (l Line, ok bool) {
	l.Text = text
	if eq := strings.IndexByte(text, '='); eq >= 0 && text != "" && text[0] >= 'A' && text[0] <= 'Z' {
		l.Key, l.Value, l.Used = text[:eq], text[eq+1:], true
	}
	return l, l.Used
}

// known is cmd/go's list of variables (internal/cfg.KnownEnv in Go
// 1.26.8).
var known = strings.Fields(`AR CC CGO_CFLAGS CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_CPPFLAGS
	CGO_CPPFLAGS_ALLOW CGO_CPPFLAGS_DISALLOW CGO_CXXFLAGS CGO_CXXFLAGS_ALLOW CGO_CXXFLAGS_DISALLOW
	CGO_ENABLED CGO_FFLAGS CGO_FFLAGS_ALLOW CGO_FFLAGS_DISALLOW CGO_LDFLAGS CGO_LDFLAGS_ALLOW
	CGO_LDFLAGS_DISALLOW CXX FC GCCGO GO111MODULE GO386 GOAMD64 GOARCH GOARM GOARM64 GOAUTH GOBIN
	GOCACHE GOCACHEPROG GOENV GOEXE GOEXPERIMENT GOFIPS140 GOFLAGS GOGCCFLAGS GOHOSTARCH GOHOSTOS
	GOINSECURE GOMIPS GOMIPS64 GOMODCACHE GONOPROXY GONOSUMDB GOOS GOPATH GOPPC64 GOPRIVATE GOPROXY
	GORISCV64 GOROOT GOSUMDB GOTMPDIR GOTOOLCHAIN GOTOOLDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED PKG_CONFIG`)

// KnownNames returns cmd/go's list of variables (internal/cfg.KnownEnv in
// Go 1.26.8), sorted; the caller may keep and change it. A newer go knows
// more: add the names its `go env -json` prints.
func KnownNames() []string { return slices.Clone(known) }

// ignored are the names cmd/go does not take from a go env file, with the
// reason `go env -w` gives when refusing them (checked with go1.26.8;
// `go env` shows the computed value whatever the file says).
var ignored = map[string]string{
	"GOENV":          "can only be set using the OS environment",
	"GODEBUG":        "can only be set using the OS environment",
	"GOEXE":          "cannot be modified",
	"GOGCCFLAGS":     "cannot be modified",
	"GOHOSTARCH":     "cannot be modified",
	"GOHOSTOS":       "cannot be modified",
	"GOMOD":          "cannot be modified",
	"GOTOOLDIR":      "cannot be modified",
	"GOVERSION":      "cannot be modified",
	"GOTELEMETRY":    "cannot be modified",
	"GOTELEMETRYDIR": "cannot be modified",
}

// Ignored reports whether cmd/go ignores name in a go env file: GOENV and
// GODEBUG it reads only from the OS environment, the others it computes.
// why is the reason `go env -w NAME=…` gives when refusing it ("can only
// be set using the OS environment", "cannot be modified").
func Ignored(name string) (why string, ok bool) {
	why, ok = ignored[name]
	return why, ok
}
