package versionsources

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// gitlabReserved are the top-level keys of .gitlab-ci.yml that are not
// jobs.
var gitlabReserved = map[string]bool{
	"stages": true, "variables": true, "include": true, "workflow": true, "default": true,
	"image": true, "services": true, "before_script": true, "after_script": true, "cache": true,
}

// gitlabCI reads the golang images of .gitlab-ci.yml: the top-level and
// default image and each job's, with $VAR and ${VAR} taken from the
// top-level and the job's variables.
func gitlabCI(p, root string, data []byte) ([]Source, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	top := &doc
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	if top.Kind != yaml.MappingNode {
		return nil, nil
	}
	vars := gitlabVars(mapGet(top, "variables"), nil)
	var out []Source
	image := func(where string, n *yaml.Node, vars map[string]yaml.Node) {
		if n != nil && n.Kind == yaml.MappingNode {
			n = mapGet(n, "name")
		}
		ref, ok := scalar(n)
		if !ok {
			return
		}
		line := n.Line
		expanded := ref
		for k, v := range vars {
			for _, form := range []string{"${" + k + "}", "$" + k} {
				if strings.Contains(expanded, form) {
					expanded = strings.ReplaceAll(expanded, form, v.Value)
					if !strings.Contains(ref, v.Value) {
						line = v.Line // the version is written in the variable
					}
				}
			}
		}
		kind, ver := GoImage(expanded)
		if kind == NotGoImage {
			return
		}
		s := Source{Kind: GitLabImage, Path: p, Line: line, Text: ver, Version: ver, Image: expanded, Dir: root, Workflow: ".gitlab-ci.yml " + where}
		if strings.Contains(expanded, "$") {
			s.Text, s.Version, s.Note = "", "", "the image uses a variable godx cannot resolve"
		}
		out = append(out, s)
	}
	// The top-level or default image matters only when some job runs in
	// it: one without an image of its own (or of a template it extends).
	usesDefault := false
	for i := 0; i+1 < len(top.Content); i += 2 {
		name, job := top.Content[i].Value, top.Content[i+1]
		if gitlabReserved[name] || strings.HasPrefix(name, ".") || job.Kind != yaml.MappingNode {
			continue
		}
		if mapGet(job, "image") == nil && mapGet(job, "extends") == nil {
			usesDefault = true
		}
		image("job "+name, mapGet(job, "image"), gitlabVars(mapGet(job, "variables"), vars))
	}
	if usesDefault {
		image("image", mapGet(top, "image"), vars)
		image("default image", mapGet(mapGet(top, "default"), "image"), vars)
	}
	return out, nil
}

// gitlabVars are the variables of a variables mapping over base (a
// variable may be a scalar or a {value: ...} mapping).
func gitlabVars(n *yaml.Node, base map[string]yaml.Node) map[string]yaml.Node {
	out := map[string]yaml.Node{}
	for k, v := range base {
		out[k] = v
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		v := n.Content[i+1]
		if v.Kind == yaml.MappingNode {
			v = mapGet(v, "value")
		}
		if v != nil && v.Kind == yaml.ScalarNode {
			out[n.Content[i].Value] = *v
		}
	}
	return out
}
