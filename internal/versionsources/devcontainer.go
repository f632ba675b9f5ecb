package versionsources

import (
	"encoding/json"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// devcontainer reads devcontainer.json (JSON with comments, read with the
// same JSONC reader as VS Code's settings): its image when that is a Go
// image, and the version option of the Go feature
// (ghcr.io/devcontainers/features/go, any tag). "latest", "none" and an
// absent version name no version. The Dockerfile it builds (build.dockerfile,
// with build.args overriding its ARG defaults) is the dev container's image:
// its golang images are devcontainer images.
func devcontainer(f *facts.Facts, p, dir string, data []byte) ([]Source, error) {
	j := facts.ParseJSONC(p, data)
	if j.Err != nil {
		return nil, j.Err
	}
	var out []Source
	var image string
	if raw, ok := j.Root["image"]; ok && json.Unmarshal(raw, &image) == nil {
		if kind, v := GoImage(image); kind != NotGoImage {
			out = append(out, Source{Kind: DevcontainerImage, Path: p, Line: j.Line("/image"), Text: v, Version: v, Image: image, Dir: dir})
		}
	}
	var build struct {
		Dockerfile string            `json:"dockerfile"`
		Context    string            `json:"context"`
		Args       map[string]string `json:"args"`
	}
	if raw, ok := j.Root["build"]; ok && json.Unmarshal(raw, &build) == nil && build.Dockerfile != "" {
		lines := strings.Split(string(data), "\n")
		args := map[string]BuildArg{}
		for k, v := range build.Args {
			l := j.Line("/build/args/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"))
			text := ""
			if l > 0 && l <= len(lines) {
				text = lines[l-1]
			}
			args[k] = BuildArg{Value: v, Path: p, Line: l, Text: text}
		}
		df := f.JoinPath(dir, build.Dockerfile)
		if ddata, err := f.OS.ReadFile(df, maxSize); err == nil {
			srcs, err := dockerfileArgs(df, f.ParentDir(df), ddata, args)
			if err != nil {
				return out, err
			}
			for _, s := range srcs {
				// The workspace is mounted into the dev container: its go
				// commands read the project's go.mod.
				s.Kind, s.UsesModule, s.Dir = DevcontainerImage, true, f.ParentDir(dir)
				if f.BaseName(dir) != ".devcontainer" {
					s.Dir = dir
				}
				out = append(out, s)
			}
		}
	}
	var features map[string]json.RawMessage
	if raw, ok := j.Root["features"]; ok && json.Unmarshal(raw, &features) == nil {
		for id, raw := range features {
			name, _, _ := strings.Cut(id, "@")
			if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
				name = name[:i]
			}
			if !strings.HasSuffix(name, "devcontainers/features/go") {
				continue
			}
			ptr := "/features/" + strings.ReplaceAll(strings.ReplaceAll(id, "~", "~0"), "/", "~1")
			var opts struct {
				Version string `json:"version"`
			}
			var v string
			line := j.Line(ptr)
			if json.Unmarshal(raw, &v) != nil { // "go:1": "1.22" is the short form
				v = ""
				if json.Unmarshal(raw, &opts) == nil {
					v = opts.Version
					if l := j.Line(ptr + "/version"); l > 0 {
						line = l
					}
				}
			}
			out = append(out, Source{Kind: DevcontainerFeature, Path: p, Line: line, Text: v, Version: managerVersion(v), Dir: dir, Image: id})
		}
	}
	return out, nil
}
