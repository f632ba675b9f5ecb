// Package buildgraph asks the go command what `go build ./...` would
// compile in the project directory, and what it could not load: the one
// place godx runs `go list -deps`, for the checks that must say exactly
// which package breaks a build and how the go command words it.
package buildgraph

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goflags"
)

// GraphPackage is one package of `go build ./...`'s build graph.
type GraphPackage struct {
	ImportPath string
	Standard   bool
	Cgo        bool   // it has cgo files for this build (cgo on, and runtime/cgo, net, os/user...)
	Err        string // why it cannot be loaded, as `go build` prints it ("" when it can)
}

// Graph is the build graph of `go build ./...` in the project directory,
// dependencies first (the go command's order).
type Graph struct {
	Pkgs []GraphPackage
}

// Cgo lists the packages of the graph with cgo files, in the go
// command's order.
func (g *Graph) Cgo() []GraphPackage {
	var out []GraphPackage
	for _, p := range g.Pkgs {
		if p.Cgo {
			out = append(out, p)
		}
	}
	return out
}

// Find is the package with that import path, or nil.
func (g *Graph) Find(importPath string) *GraphPackage {
	for i := range g.Pkgs {
		if g.Pkgs[i].ImportPath == importPath {
			return &g.Pkgs[i]
		}
	}
	return nil
}

// Errs are the packages that cannot be loaded, in the graph's order.
func (g *Graph) Errs() []GraphPackage {
	var out []GraphPackage
	for _, p := range g.Pkgs {
		if p.Err != "" {
			out = append(out, p)
		}
	}
	return out
}

// Of asks the go command which packages `go build ./...` in the
// project directory compiles, with the settings of this environment
// (CGO_ENABLED, CC, GOFLAGS' tags): `go list -e -deps ./...`. Looking
// never changes or downloads anything: GOTOOLCHAIN=local, GOPROXY=off
// (a module missing from the cache is a load error), and -mod=mod is
// replaced by -mod=readonly. It costs a package load, so only checks that
// need it in an unusual situation ask (cgo/compiler with no C compiler, or
// with cgo off and a package that has only cgo files; module/mode with
// modules off). The error says
// why the go command could not tell.
var Of = facts.NewFact("build graph of go build ./...", func(f *facts.Facts) (*Graph, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return nil, err
	}
	const sep, end = "\x1f", "\x1e"
	format := `{{.ImportPath}}` + `{{"\x1f"}}{{.Standard}}{{"\x1f"}}{{len .CgoFiles}}{{"\x1f"}}{{with .Error}}{{.}}{{end}}{{"\x1e"}}`
	env := append(f.Environ(), "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS="+readonlyFlags(ge.Get("GOFLAGS")))
	res := f.Run(f.Context(), facts.Command{Path: ge.Go.Path, Args: []string{"list", "-e", "-deps", "-f", format, "./..."}, Dir: f.Dir, Env: env})
	if res.Err != nil {
		msg := strings.TrimSpace(string(res.Stderr))
		if msg == "" {
			msg = res.Err.Error()
		}
		return nil, errors.New(msg)
	}
	g := &Graph{}
	for _, rec := range bytes.Split(res.Stdout, []byte(end)) {
		rec = bytes.TrimLeft(rec, "\n")
		if len(rec) == 0 {
			continue
		}
		fields := strings.Split(string(rec), sep)
		if len(fields) != 4 {
			return nil, fmt.Errorf("unexpected go list output %q", rec)
		}
		g.Pkgs = append(g.Pkgs, GraphPackage{ImportPath: fields[0], Standard: fields[1] == "true", Cgo: fields[2] != "0", Err: fields[3]})
	}
	return g, nil
})

// readonlyFlags is GOFLAGS with -mod=mod made -mod=readonly: go list
// with -mod=mod may rewrite go.mod and go.sum, and godx only looks.
func readonlyFlags(value string) string {
	words, err := goflags.SplitWords(value)
	if err != nil {
		return value // the go command refuses it; go list says so
	}
	for i, w := range words {
		if w == "-mod=mod" || w == "--mod=mod" {
			words[i] = "-mod=readonly"
		}
	}
	if s, err := goflags.JoinWords(words...); err == nil {
		return s
	}
	return value
}
