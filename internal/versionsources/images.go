package versionsources

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// ImageKind says which Go image an image reference names.
type ImageKind int

const (
	NotGoImage ImageKind = iota
	// OfficialGolang is the Docker official image golang (any registry
	// mirror of library/golang): its Dockerfile sets ENV
	// GOTOOLCHAIN=local, so the go command in it never switches.
	OfficialGolang
	// DevcontainersGo is mcr.microsoft.com/devcontainers/go (and the older
	// vscode/devcontainers/go).
	DevcontainersGo
)

var (
	golangTag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+(?:\.\d+){0,2}(?:rc\d+|beta\d+)?)(?:-|$)`) })
	devGoTag  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:dev-|\d+-)?(\d+\.\d+(?:\.\d+)?)(?:-|$)`) })
)

// GoImage reads an image reference: which Go image it is and the Go
// version its tag names ("" for latest, a bare variant such as alpine,
// or a tag godx cannot read).
func GoImage(ref string) (ImageKind, string) {
	ref, _, _ = strings.Cut(ref, "@") // a digest pins the tag's content
	name, tag := ref, ""
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		name, tag = ref[:i], ref[i+1:]
	}
	name = strings.ToLower(name)
	switch {
	case name == "golang" || name == "library/golang" || strings.HasSuffix(name, "/library/golang") ||
		name == "docker.io/golang" || name == "index.docker.io/golang":
		if m := golangTag().FindStringSubmatch(tag); m != nil {
			return OfficialGolang, m[1]
		}
		return OfficialGolang, ""
	case strings.HasSuffix(name, "devcontainers/go"):
		if m := devGoTag().FindStringSubmatch(tag); m != nil {
			return DevcontainersGo, m[1]
		}
		return DevcontainersGo, ""
	}
	return NotGoImage, ""
}

var argRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))`)
})

// dockerfile reads the golang images of a Dockerfile's FROM lines, with
// BuildKit's own parser (line continuations, the escape directive,
// heredocs). ARG defaults declared before the first FROM are substituted,
// as BuildKit does for FROM; the source then points at the ARG line when
// the version is written there.
func dockerfile(p, dir string, data []byte) ([]Source, error) {
	return dockerfileArgs(p, dir, data, nil)
}

// BuildArg is a build argument given from outside the Dockerfile
// (devcontainer.json's build.args), with where it is written.
type BuildArg struct {
	Value, Path string
	Line        int
	Text        string // the line, to find the version on
}

// dockerfileArgs is dockerfile with build arguments that override the
// ARG defaults, as `docker build --build-arg` does.
func dockerfileArgs(p, dir string, data []byte, buildArgs map[string]BuildArg) ([]Source, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	type arg struct {
		val  string
		line int
		set  bool
		from *BuildArg // set when a build argument overrides the default
	}
	args := map[string]arg{}
	seenFrom := false
	lines := strings.Split(string(data), "\n")
	var out []Source
	stage := -1 // index in out of the current stage's golang source
	names := map[string]int{}
	copies, runsGo := map[int]bool{}, map[int]bool{}
	for _, n := range res.AST.Children {
		switch strings.ToLower(n.Value) {
		case "copy", "add":
			from := false
			for _, fl := range n.Flags {
				from = from || strings.HasPrefix(fl, "--from")
			}
			if stage >= 0 && !from {
				copies[stage] = true
			}
		case "run":
			if stage < 0 {
				continue
			}
			for _, fl := range n.Flags {
				if strings.HasPrefix(fl, "--mount") && (strings.Contains(fl, "type=bind") || !strings.Contains(fl, "type=")) {
					copies[stage] = true
				}
			}
			if goCommand().MatchString(n.Original) {
				runsGo[stage] = true
			}
		case "env":
			// ENV GOTOOLCHAIN=auto in the stage overrides the image's local.
			for a := n.Next; a != nil && a.Next != nil; a = a.Next.Next {
				if a.Value == "GOTOOLCHAIN" && stage >= 0 {
					out[stage].GOTOOLCHAIN = strings.Trim(a.Next.Value, `"'`)
					out[stage].GOTOOLCHAINWhere = p + ":" + strconv.Itoa(n.StartLine)
				}
			}
		case "arg":
			if seenFrom {
				continue
			}
			for a := n.Next; a != nil; a = a.Next {
				k, v, ok := strings.Cut(a.Value, "=")
				args[k] = arg{val: strings.Trim(v, `"'`), line: n.StartLine, set: ok}
				if b, over := buildArgs[k]; over {
					b := b
					args[k] = arg{val: b.Value, line: n.StartLine, set: true, from: &b}
				}
			}
		case "from":
			seenFrom = true
			stage = -1
			if n.Next == nil {
				continue
			}
			raw := n.Next.Value
			if i, ok := names[strings.ToLower(raw)]; ok {
				stage = i // FROM an earlier golang stage: its go runs here too
				continue
			}
			unresolved := false
			image := argRef().ReplaceAllStringFunc(raw, func(m string) string {
				sm := argRef().FindStringSubmatch(m)
				name := sm[1] + sm[4]
				a, ok := args[name]
				switch sm[2] {
				case ":-", "-":
					if !ok || !a.set || (sm[2] == ":-" && a.val == "") {
						return sm[3]
					}
				case ":+", "+":
					if ok && a.set && (sm[2] == "+" || a.val != "") {
						return sm[3]
					}
					return ""
				}
				if !ok || !a.set {
					unresolved = true
				}
				return a.val
			})
			kind, v := GoImage(image)
			if kind == NotGoImage {
				continue
			}
			stage = len(out)
			if as := n.Next.Next; as != nil && strings.EqualFold(as.Value, "as") && as.Next != nil {
				names[strings.ToLower(as.Next.Value)] = stage
			}
			s := Source{Kind: Dockerfile, Path: p, Line: n.StartLine, Image: image, Dir: dir}
			if unresolved {
				s.Note = "FROM " + raw + " uses a build argument without a default"
				out = append(out, s)
				continue
			}
			s.Text, s.Version = v, v
			if v != "" && findToken(lineAt(lines, n.StartLine), v, 0) < 0 {
				// Written in an ARG default: point there.
				for name, a := range args {
					switch {
					case a.from != nil && findToken(a.from.Text, v, 0) >= 0:
						s.Path, s.Line = a.from.Path, a.from.Line
						s.Note = "build argument " + name + " of " + path.Base(strings.ReplaceAll(p, `\`, "/"))
					case a.from == nil && a.set && findToken(lineAt(lines, a.line), v, 0) >= 0:
						s.Line = a.line
						s.Note = "the version comes from ARG on line " + strconv.Itoa(a.line)
					}
				}
			}
			out = append(out, s)
		}
	}
	for i := range out {
		out[i].UsesModule = copies[i] && runsGo[i]
	}
	return out, nil
}

// goCommand is a go command that reads the go.mod of its directory: not
// `go install pkg@version`, which ignores it, nor `go version`/`go env`.
var goCommand = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[\s;&|(])go\s+(?:build|test|run|vet|generate|list|mod|work|get|tool|fmt|install(?:\s+-\S+)*\s+(?:\.|\S*\.\.\.|\./\S*)(?:\s|$))`)
})

func lineAt(lines []string, n int) string {
	if n < 1 || n > len(lines) {
		return ""
	}
	return lines[n-1]
}
