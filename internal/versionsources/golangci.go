package versionsources

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/godx-dev/godx/internal/golangciconfig"
)

// golangci reads a .golangci.yml (or .yaml, or .json: JSON is YAML): its
// `version` key (golangci-lint v2 loads only files that say "2") and
// run.go, the Go version its linters target (golangciconfig.YAMLKeys, the
// reader tools/golangci-lint uses too).
func golangci(p, dir string, data []byte) ([]Source, error) {
	version, runGo, err := golangciconfig.YAMLKeys(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	// The version source is there even without the key (Line 0, no
	// Version): such a file is a v1 configuration.
	cfg := Source{Kind: GolangciConfig, Path: p, Dir: dir}
	if version != nil && version.Kind == yaml.ScalarNode {
		yamlValue(&cfg, version)
	}
	out := []Source{cfg}
	if runGo != nil && runGo.Kind == yaml.ScalarNode {
		s := Source{Kind: GolangciRunGo, Path: p, Dir: dir}
		yamlValue(&s, runGo)
		out = append(out, s)
	}
	return out, nil
}
