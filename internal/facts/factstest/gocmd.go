package factstest

import (
	"context"
	"encoding/json"
	"path"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// AddGo installs a fake Go distribution at goroot: bin/go (answering
// `go env -json` with vars layered over sensible defaults, and `go version`),
// a VERSION file, and pkg/tool/GOOS_GOARCH/compile answering -V=full.
// It returns the path of bin/go; add its directory to PATH to make it win.
func (o *OS) AddGo(goroot, version string, vars map[string]string) string {
	exe := ""
	if o.OSName == "windows" {
		exe = ".exe"
	}
	bin := path.Join(goroot, "bin", "go"+exe)
	tooldir := path.Join(goroot, "pkg", "tool", o.OSName+"_"+o.Arch)
	o.AddFile(path.Join(goroot, "VERSION"), version+"\ntime 2026-01-01T00:00:00Z\n", 0o644)
	o.AddFile(path.Join(goroot, "go.env"), "GOPROXY=https://proxy.example.invalid,direct\nGOSUMDB=sum.example.invalid\nGOTOOLCHAIN=auto\n", 0o644)
	o.AddCommand(path.Join(tooldir, "compile"+exe), func(ctx context.Context, c facts.Command) facts.Result {
		return Output("compile version " + version + "\n")
	})
	o.AddCommand(bin, func(ctx context.Context, c facts.Command) facts.Result {
		if len(c.Args) > 0 && c.Args[0] == "version" {
			return Output("go version " + version + " " + o.OSName + "/" + o.Arch + "\n")
		}
		if len(c.Args) > 0 && c.Args[0] == "env" {
			home := envValue(c.Env, "HOME")
			if o.OSName == "windows" {
				home = envValue(c.Env, "USERPROFILE")
			}
			all := map[string]string{
				"GOROOT": goroot, "GOVERSION": version, "GOTOOLDIR": tooldir,
				"GOPATH": home + "/go", "GOBIN": "", "GOMODCACHE": home + "/go/pkg/mod",
				"GOCACHE": home + "/.cache/go-build", "GOENV": home + "/.config/go/env",
				"GOFLAGS": "", "GO111MODULE": "", "GOTOOLCHAIN": "local", "GOMOD": facts.DevNullFor(o.OSName),
				"GOWORK": "", "GOPROXY": "https://proxy.example.invalid,direct", "GOSUMDB": "sum.example.invalid",
				"CGO_ENABLED": "1", "CC": "gcc", "CXX": "g++", "GOOS": o.OSName, "GOARCH": o.Arch,
				"GOHOSTOS": o.OSName, "GOHOSTARCH": o.Arch, "GOEXE": exe,
			}
			for _, kv := range c.Env { // the process environment wins, like cmd/go
				k, v, _ := strings.Cut(kv, "=")
				if _, known := all[k]; known && v != "" && k != "GOVERSION" && k != "GOTOOLDIR" {
					all[k] = v
				}
			}
			for k, v := range vars {
				all[k] = v
			}
			out, _ := json.MarshalIndent(all, "", "\t")
			return Output(string(out) + "\n")
		}
		return Failure(2, "go "+strings.Join(c.Args, " ")+": unknown command (fake go)\n")
	})
	return bin
}

func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}
