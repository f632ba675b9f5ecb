// Package msbuild reads what godx needs from MSBuild project files
// (.vcxproj, .csproj and the like): the items that name Go files, and the
// Exec tasks that run the go command, each with its line. Visual Studio
// writes these files as UTF-8 (often with a byte order mark) or UTF-16;
// both are read. A malformed file is an error with its line, never a
// panic. The editor/visualstudio check decides what the findings mean.
package msbuild

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf16"
)

// Item is an item of an ItemGroup, such as <ClCompile Include="main.go"/>.
type Item struct {
	Kind    string // the element name: ClCompile, Compile, None, ...
	Include string
	Line    int
}

// Exec is an <Exec> task.
type Exec struct {
	Command         string
	ContinueOnError string // the attribute as written ("" when absent)
	IgnoreExitCode  string
	Target          string // the enclosing Target's Name
	TargetOutputs   string // the enclosing Target's Outputs attribute
	Line            int
}

// Project is what godx reads of one project file.
type Project struct {
	Encoding string // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE"
	Items    []Item
	Execs    []Exec
}

// SyntaxError is a malformed project file.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Decode returns data as UTF-8 text and the encoding it was in, from its
// byte order mark (UTF-8, UTF-16 LE or BE), else UTF-8.
func Decode(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), "UTF-8 with BOM", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		le := data[0] == 0xFF
		body := data[2:]
		if len(body)%2 != 0 {
			return "", "", errors.New("UTF-16 file with an odd number of bytes")
		}
		u := make([]uint16, len(body)/2)
		for i := range u {
			if le {
				u[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		enc := "UTF-16BE"
		if le {
			enc = "UTF-16LE"
		}
		return string(utf16.Decode(u)), enc, nil
	}
	return string(data), "UTF-8", nil
}

// Parse reads a project file's content.
func Parse(data []byte) (*Project, error) {
	text, enc, err := Decode(data)
	if err != nil {
		return nil, &SyntaxError{Line: 1, Msg: err.Error()}
	}
	p := &Project{Encoding: enc}
	d := xml.NewDecoder(strings.NewReader(text))
	// The text is UTF-8 by now, whatever the XML declaration says
	// (Visual Studio writes encoding="utf-8" or "utf-16").
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "utf-16", "utf16", "unicode", "utf-16le", "utf-16be":
			return r, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	type target struct{ name, outputs string }
	var targets []target
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		line, _ := d.InputPos()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return p, &SyntaxError{Line: se.Line, Msg: se.Msg}
			}
			return p, &SyntaxError{Line: line, Msg: err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := t.Name.Local
			switch name {
			case "Target":
				targets = append(targets, target{attr(t, "Name"), attr(t, "Outputs")})
			case "Exec":
				e := Exec{Command: attr(t, "Command"), ContinueOnError: attr(t, "ContinueOnError"), IgnoreExitCode: attr(t, "IgnoreExitCode"), Line: line}
				if n := len(targets); n > 0 {
					e.Target, e.TargetOutputs = targets[n-1].name, targets[n-1].outputs
				}
				p.Execs = append(p.Execs, e)
			default:
				if inc := attr(t, "Include"); inc != "" && depth == 3 {
					p.Items = append(p.Items, Item{Kind: name, Include: inc, Line: line})
				}
			}
		case xml.EndElement:
			depth--
			if t.Name.Local == "Target" && len(targets) > 0 {
				targets = targets[:len(targets)-1]
			}
		}
	}
	if depth != 0 {
		return p, &SyntaxError{Line: 0, Msg: "unexpected end of file"}
	}
	return p, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// GoItems are the items that hand .go files to a compiler (ClCompile:
// cl.exe; Compile: the C# or VB compiler), whatever their Include's
// separators and case. An Include may list several files (a;b).
func (p *Project) GoItems() []Item {
	var out []Item
	for _, it := range p.Items {
		if it.Kind != "ClCompile" && it.Kind != "Compile" {
			continue
		}
		for _, f := range strings.Split(it.Include, ";") {
			f = strings.TrimSpace(f)
			if strings.EqualFold(path.Ext(strings.ReplaceAll(f, `\`, "/")), ".go") || strings.HasSuffix(strings.ToLower(f), "*.go") {
				out = append(out, Item{Kind: it.Kind, Include: f, Line: it.Line})
			}
		}
	}
	return out
}

// RunsGo reports whether an Exec's command runs the go command (go,
// go.exe, or a path ending in either, as the first word of any of its
// lines or after && or ;).
func RunsGo(command string) bool {
	for _, line := range strings.FieldsFunc(command, func(r rune) bool { return r == '\n' || r == '&' || r == ';' || r == '|' }) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var w string
		if q := line[0]; q == '"' || q == '\'' {
			w, _, _ = strings.Cut(line[1:], string(q))
		} else {
			w = strings.Fields(line)[0]
		}
		w = strings.ToLower(w)
		w = w[strings.LastIndexAny(w, `/\`)+1:]
		if w == "go" || w == "go.exe" {
			return true
		}
	}
	return false
}
