package versionsources

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// golangci reads a .golangci.yml: its `version` key (golangci-lint v2 loads
// only files that say "2") and run.go, the Go version its linters target.
func golangci(p, dir string, data []byte) ([]Source, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	// The version source is there even without the key (Line 0, no
	// Version): such a file is a v1 configuration.
	cfg := Source{Kind: GolangciConfig, Path: p, Dir: dir}
	if n := mapGet(&doc, "version"); n != nil && n.Kind == yaml.ScalarNode {
		yamlValue(&cfg, n)
	}
	out := []Source{cfg}
	if n := mapGet(mapGet(&doc, "run"), "go"); n != nil && n.Kind == yaml.ScalarNode {
		s := Source{Kind: GolangciRunGo, Path: p, Dir: dir}
		yamlValue(&s, n)
		out = append(out, s)
	}
	return out, nil
}
