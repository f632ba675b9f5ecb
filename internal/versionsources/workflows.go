package versionsources

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/setupgo"
)

// mapGet is the value of key in a YAML mapping node (nil when n is not a
// mapping or has no such key; the last one wins, as for GitHub).
func mapGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	var v *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v = n.Content[i+1]
		}
	}
	if v != nil && v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	return v
}

func scalar(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// yamlValue fills s from a scalar node: Text as written (without quotes),
// Version as the consumer receives it. GitHub passes an unquoted number to
// an action as the number's shortest form, so `go-version: 1.20` reaches
// setup-go as "1.2" (its README warns about exactly this).
func yamlValue(s *Source, n *yaml.Node) {
	s.Line, s.Text, s.Version = n.Line, n.Value, n.Value
	s.Quoted = n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
	s.Column = n.Column
	if s.Quoted {
		s.Column++
	}
	if !s.Quoted && (n.Tag == "!!float" || n.Tag == "!!int") {
		s.YAMLNumber = true
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			if v := strconv.FormatFloat(f, 'f', -1, 64); v != n.Value {
				s.Version = v
				s.Note = "the unquoted YAML number " + n.Value + " is " + v
			}
		}
	}
}

var exprRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{\{\s*(matrix|env)\.([A-Za-z0-9_-]+)\s*\}\}`) })

// envValue is the GOTOOLCHAIN an env mapping sets, and where.
func envValue(p string, env *yaml.Node) (string, string) {
	if v := mapGet(env, "GOTOOLCHAIN"); v != nil {
		if s, ok := scalar(v); ok {
			return s, p + ":" + strconv.Itoa(v.Line)
		}
	}
	return "", ""
}

// workflow reads a GitHub Actions workflow: each job's actions/setup-go
// steps (go-version, with ${{ matrix.KEY }} expanded to the matrix's
// values and include entries, and go-version-file read as setup-go
// reads it), its container image, and golangci-lint-action's version.
func workflow(f *facts.Facts, root, p string, data []byte) ([]Source, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	rel, _ := f.RelPath(root, p)
	rel = strings.ReplaceAll(rel, `\`, "/")
	wfTC, wfTCWhere := envValue(p, mapGet(&doc, "env"))
	wfWD, _ := scalar(mapGet(mapGet(mapGet(&doc, "defaults"), "run"), "working-directory"))
	jobs := mapGet(&doc, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return nil, nil
	}
	var out []Source
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		id, job := jobs.Content[i].Value, jobs.Content[i+1]
		name := rel + " job " + id
		tc, tcWhere := wfTC, wfTCWhere
		if v, w := envValue(p, mapGet(job, "env")); w != "" {
			tc, tcWhere = v, w
		}
		dir := root
		wd, ok := scalar(mapGet(mapGet(mapGet(job, "defaults"), "run"), "working-directory"))
		if !ok {
			wd, ok = wfWD, wfWD != ""
		}
		steps := mapGet(job, "steps")
		if !ok && steps != nil {
			// Steps that all run in one directory: that is the module.
			seen := map[string]bool{}
			for _, st := range steps.Content {
				if w, ok := scalar(mapGet(st, "working-directory")); ok {
					seen[w] = true
				}
			}
			if len(seen) == 1 {
				for w := range seen {
					wd, ok = w, true
				}
			}
		}
		if ok && !strings.Contains(wd, "${{") {
			dir = f.CleanPath(f.JoinPath(root, wd))
		}
		base := Source{Path: p, Dir: dir, Workflow: name, GOTOOLCHAIN: tc, GOTOOLCHAINWhere: tcWhere}
		if c := mapGet(job, "container"); c != nil {
			img, ok := scalar(c)
			n := c
			if !ok {
				n = mapGet(c, "image")
				img, ok = scalar(n)
			}
			if ok {
				if kind, v := GoImage(img); kind != NotGoImage {
					s := base
					s.Kind, s.Image, s.Line, s.Text, s.Version = JobContainer, img, n.Line, v, v
					out = append(out, s)
				}
			}
		}
		if steps == nil {
			continue
		}
		matrix := mapGet(mapGet(job, "strategy"), "matrix")
		for _, st := range steps.Content {
			uses, _ := scalar(mapGet(st, "uses"))
			action, _, _ := strings.Cut(strings.ToLower(uses), "@")
			with := mapGet(st, "with")
			s := base
			s.Action = uses
			if v, w := envValue(p, mapGet(st, "env")); w != "" {
				s.GOTOOLCHAIN, s.GOTOOLCHAINWhere = v, w
			}
			switch action {
			case "actions/setup-go":
				if n := mapGet(with, "go-version"); n != nil {
					out = append(out, goVersionInput(s, n, matrix, []*yaml.Node{mapGet(st, "env"), mapGet(job, "env"), mapGet(&doc, "env")})...)
				} else if n := mapGet(with, "go-version-file"); n != nil {
					s.Kind = SetupGoFile
					yamlValue(&s, n)
					s.Version = ""
					vf := f.JoinPath(root, s.Text)
					if data, err := f.OS.ReadFile(vf, maxSize); err == nil {
						s.Version = setupgo.ParseVersionFile(s.Text, data, s.GOTOOLCHAIN == "local")
						s.VersionFile = vf
					} else if facts.IsNotExist(err) {
						s.Note = "missing"
					}
					out = append(out, s)
				}
			case "golangci/golangci-lint-action":
				// Without a version the action installs the latest release
				// of the golangci-lint major it supports.
				s.Kind, s.Line = GolangciLintAction, st.Line
				if n := mapGet(with, "version"); n != nil {
					yamlValue(&s, n)
				}
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// goVersionInput is setup-go's go-version: one source, or one per
// matrix value. ${{ matrix.KEY }} (one key) and ${{ env.NAME }} (from the
// step's, job's or workflow's env, in that order) are substituted, also
// inside a longer value such as 1.${{ matrix.minor }}.x; the source then
// points at the matrix value or env line, and is Templated when the
// value was more than the reference. Any other expression is left
// unresolved.
func goVersionInput(s Source, n *yaml.Node, matrix *yaml.Node, envs []*yaml.Node) []Source {
	s.Kind = SetupGo
	raw := n.Value
	if !strings.Contains(raw, "${{") {
		yamlValue(&s, n)
		return []Source{s}
	}
	unresolved := func(note string) []Source {
		yamlValue(&s, n)
		s.Version, s.Note = "", note
		return []Source{s}
	}
	refs := exprRef().FindAllStringSubmatch(raw, -1)
	if strings.Count(raw, "${{") != len(refs) {
		return unresolved("an expression godx does not evaluate")
	}
	whole := len(refs) == 1 && strings.TrimSpace(raw) == refs[0][0]
	// Substitute env first; remember the node of the last one.
	var envNode *yaml.Node
	key := ""
	for _, r := range refs {
		switch r[1] {
		case "env":
			var v *yaml.Node
			for _, e := range envs {
				if v = mapGet(e, r[2]); v != nil {
					break
				}
			}
			if v == nil || v.Kind != yaml.ScalarNode {
				return unresolved("env." + r[2] + " is not set in the workflow")
			}
			envNode = v
			raw = strings.ReplaceAll(raw, r[0], v.Value)
		case "matrix":
			if key != "" && key != r[2] {
				return unresolved("an expression godx does not evaluate")
			}
			key = r[2]
		}
	}
	if key == "" {
		e := s
		yamlValue(&e, envNode)
		if !whole {
			e.Version, e.Templated = raw, true
			e.Note = "go-version " + n.Value + " with env substituted"
		}
		return []Source{e}
	}
	var out []Source
	add := func(v *yaml.Node) {
		if v == nil || v.Kind != yaml.ScalarNode {
			return
		}
		e := s
		e.MatrixKey = key
		yamlValue(&e, v)
		if !whole {
			e.Version = exprRef().ReplaceAllStringFunc(raw, func(string) string { return e.Version })
			e.Templated = true
			e.Note = "go-version " + n.Value
		}
		if strings.Contains(e.Text, "${{") {
			e.Version, e.Note = "", "an expression godx does not evaluate"
		}
		out = append(out, e)
	}
	vals := mapGet(matrix, key)
	switch {
	case vals != nil && vals.Kind == yaml.SequenceNode:
		for _, v := range vals.Content {
			add(v)
		}
	case vals != nil:
		add(vals)
	}
	if inc := mapGet(matrix, "include"); inc != nil && inc.Kind == yaml.SequenceNode {
		for _, e := range inc.Content {
			add(mapGet(e, key))
		}
	}
	if len(out) == 0 {
		return unresolved("matrix." + key + " has no values godx can read")
	}
	return out
}
