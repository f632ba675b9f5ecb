// Package envcmd implements `godx env`: every Go setting that matters, its
// effective value, and where that value comes from.
package envcmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/report"
)

// Document is the JSON form of `godx env --json`.
type Document struct {
	Schema        string          `json:"schema"`
	Dir           string          `json:"dir"`
	Go            string          `json:"go"`
	GoVersion     string          `json:"go_version"`
	EnvFile       string          `json:"env_file"`
	GorootEnvFile string          `json:"goroot_env_file"`
	Settings      []facts.Setting `json:"settings"`
	Project       *Project        `json:"project,omitempty"`
	// Error is set when `go env` failed (or there is no go command): the
	// settings then hold only what the environment, the go env -w file and
	// $GOROOT/go.env say, with source "unknown" for the rest.
	Error string `json:"error,omitempty"`
}

// unknownSource marks a setting whose value only a working go command knows.
const unknownSource facts.Source = "unknown"

// Project is what the go.mod/go.work in effect say about the Go version.
type Project struct {
	GoMod         string `json:"gomod,omitempty"`
	GoWork        string `json:"gowork,omitempty"`
	GoLine        string `json:"go_line,omitempty"`
	ToolchainLine string `json:"toolchain_line,omitempty"`
	LinesFrom     string `json:"lines_from,omitempty"` // the file the two lines were read from
	// LinesError says why LinesFrom's lines are not known (a sentence
	// naming the file): it could not be read (larger than godx reads,
	// unreadable) or parsed. The target Go is then the go command's, not
	// necessarily the project's.
	LinesError string `json:"lines_error,omitempty"`
	Target     string `json:"target"`
	TargetFrom string `json:"target_from"`
}

// NewCmd builds `godx env`.
func NewCmd(f *command.Factory) *cobra.Command {
	var asJSON bool
	var dir string
	cmd := &cobra.Command{
		Use:   "env [NAME...]",
		Short: "Show Go settings, their values and where each value comes from",
		Long: `Show every Go setting that matters, its effective value and its source: the
process environment, the 'go env -w' file (GOENV), $GOROOT/go.env, or the go
command's built-in default; plus the go.mod/go.work go and toolchain lines.
Name settings to show only those.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := Collect(cmd.Context(), f, dir)
			if err != nil {
				return err
			}
			if len(args) > 0 {
				var keep []facts.Setting
				for _, a := range args {
					found := false
					for _, s := range doc.Settings {
						if strings.EqualFold(s.Name, a) {
							keep, found = append(keep, s), true
						}
					}
					if !found {
						return command.Usagef("godx env does not track %q; known: %s", a, strings.Join(facts.SettingNames, " "))
					}
				}
				doc.Settings = keep
			}
			if asJSON {
				err = render.JSON(f.IO.Out, doc)
			} else {
				err = writeText(f, doc, len(args) == 0)
			}
			if err != nil {
				return err
			}
			if doc.Error != "" {
				// The go command is broken: a problem with the
				// environment (exit 1), not a godx failure.
				fmt.Fprintf(f.IO.ErrOut, "godx: %s (run `godx doctor` for a diagnosis)\n", printable.Text(doc.Error))
				return &command.ExitError{Code: report.ExitProblems}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON (schema godx.env/v1)")
	cmd.Flags().StringVar(&dir, "dir", "", "project `directory` (default: the current directory)")
	return cmd
}

// commandTimeout bounds the go commands godx env runs. It is the one
// thing the command waits for, so it may wait longer than the doctor's
// 4 s: a go.exe's first start on Windows can take seconds while Defender
// scans it, as can any start on a loaded machine or under Wine.
const commandTimeout = 30 * time.Second

// Collect gathers the settings document.
func Collect(ctx context.Context, f *command.Factory, dir string) (*Document, error) {
	fx, err := facts.New(ctx, f.OS, facts.Options{Dir: dir, CommandTimeout: commandTimeout})
	if err != nil {
		return nil, command.Usagef("%v", err)
	}
	ge, err := fx.GoEnv()
	if err != nil {
		return withoutGoEnv(fx, err), nil
	}
	if b := ge.Blocked; b != nil {
		// go env answered only with the blocking setting replaced (so
		// that the doctor can diagnose past it); with the user's real
		// value every go command fails, and that is what godx env says.
		msg := strings.TrimSpace(string(b.Failure.Stderr))
		if msg == "" && b.Failure.Err != nil {
			msg = b.Failure.Err.Error()
		}
		return withoutGoEnv(fx, fmt.Errorf("go env failed: %s", msg)), nil
	}
	st, err := fx.Settings()
	if err != nil {
		return nil, err
	}
	doc := &Document{
		Schema: "godx.env/v1", Dir: fx.Dir, Go: ge.Go.Path, GoVersion: ge.Get("GOVERSION"),
		EnvFile: st.EnvFile, GorootEnvFile: st.GorootEnvFile, Settings: st.List,
	}
	p := &Project{}
	if m, _ := fx.Module(); m != nil {
		p.GoMod = m.Path
	}
	file, _ := fx.Workspace()
	if file != nil {
		p.GoWork = file.Path
	} else {
		file, _ = fx.Module()
	}
	if file != nil {
		p.GoLine, p.ToolchainLine, p.LinesFrom = file.GoLine(), file.ToolchainLine(), file.Path
		switch {
		case errors.Is(file.Err, facts.ErrTooLarge):
			p.LinesError = fmt.Sprintf("godx did not read %s (larger than the %d MiB godx reads)", file.Path, facts.MaxFileSize>>20)
		case file.Err != nil:
			p.LinesError = file.Err.Error()
		}
	}
	if t, err := fx.TargetGo(); err == nil {
		p.Target, p.TargetFrom = t.Version, t.From
	}
	doc.Project = p
	return doc, nil
}

// withoutGoEnv is the document when `go env` fails or there is no go
// command: what the environment, the go env -w file and $GOROOT/go.env set,
// read the way the go command reads them. A bad value in one of them is
// often why `go env` fails, so this is when the sources matter most.
func withoutGoEnv(fx *facts.Facts, goEnvErr error) *Document {
	doc := &Document{Schema: "godx.env/v1", Dir: fx.Dir, Error: goEnvErr.Error()}
	envFile := fx.UserEnvFile()
	var fileVars map[string]string
	if envFile != "" {
		if data, err := fx.ReadFile(envFile); err == nil {
			fileVars = facts.ParseEnvFile(data)
		}
	}
	goroot := ""
	if g, err := fx.GoCommand(); err == nil {
		doc.Go = g.Path
		goroot = fx.ParentDir(fx.ParentDir(g.Resolved))
	}
	if v := fx.Getenv("GOROOT"); v != "" {
		goroot = v
	} else if v := fileVars["GOROOT"]; v != "" {
		goroot = v
	}
	var gorootVars map[string]string
	if goroot != "" {
		doc.GorootEnvFile = fx.JoinPath(goroot, "go.env")
		if data, err := fx.ReadFile(doc.GorootEnvFile); err == nil {
			gorootVars = facts.ParseGorootEnvFile(data)
		} else {
			doc.GorootEnvFile = ""
		}
	}
	doc.EnvFile = envFile
	for _, name := range facts.SettingNames {
		var defs []facts.Definition
		if v := fx.Getenv(name); v != "" {
			defs = append(defs, facts.Definition{Source: facts.FromEnvironment, Value: v})
		}
		if v, ok := fileVars[name]; ok && name != "GOENV" {
			defs = append(defs, facts.Definition{Source: facts.FromEnvFile, Origin: envFile, Value: v})
		}
		if v, ok := gorootVars[name]; ok && name != "GOROOT" {
			defs = append(defs, facts.Definition{Source: facts.FromGorootEnv, Origin: doc.GorootEnvFile, Value: v})
		}
		st := facts.Setting{Name: name}
		switch {
		case len(defs) > 0:
			st.Value, st.Definition, st.Overridden = defs[0].Value, defs[0], defs[1:]
		case name == "GOENV":
			st.Value, st.Definition = envFile, facts.Definition{Source: facts.FromDefault, Value: envFile}
			st.Note = "the user config directory + /go/env"
		default:
			st.Definition = facts.Definition{Source: unknownSource}
			st.Note = "not set in the environment or a go env file; its default needs a working go command"
		}
		doc.Settings = append(doc.Settings, st)
	}
	return doc
}

// WriteText writes the document as `godx env` prints it (no colour is
// involved), for reports that embed it.
func WriteText(w io.Writer, doc *Document) error {
	return writeText(&command.Factory{IO: &iostreams.IOStreams{Out: w}}, doc, true)
}

// writeText prints the document as text. Every value from the machine
// (setting values, paths, versions) is escaped with printable.Line, so a
// value holding terminal escapes or newlines cannot retitle the terminal or
// forge a line.
func writeText(f *command.Factory, doc *Document, header bool) error {
	w := f.IO.Out
	if header {
		goCmd := printable.Line(doc.Go)
		switch {
		case doc.Error != "" && goCmd == "":
			goCmd = "none on PATH"
		case doc.Error != "":
			goCmd += " (go env failed: only the values set in the environment and the go env files are known)"
		default:
			goCmd += " (" + printable.Line(doc.GoVersion) + ")"
		}
		fmt.Fprintf(w, "go command: %s\nproject:    %s\n\n", goCmd, printable.Line(doc.Dir))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	var unknown []string
	if slices.ContainsFunc(doc.Settings, func(s facts.Setting) bool { return s.Source != unknownSource }) {
		fmt.Fprintln(tw, "NAME\tVALUE\tSOURCE")
	}
	for _, s := range doc.Settings {
		value := printable.Line(s.Value)
		switch {
		case s.Source == unknownSource:
			unknown = append(unknown, s.Name)
			continue
		case value == "":
			value = "(empty)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, value, describe(s.Definition, s.Note))
		for _, o := range s.Overridden {
			fmt.Fprintf(tw, "\t\t  overrides %s: %s=%s\n", describe(o, ""), s.Name, printable.Line(o.Value))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(unknown) > 0 {
		fmt.Fprintf(w, "\nNot set in the environment or a go env file (their values need a working go command):\n  %s\n", strings.Join(unknown, " "))
	}
	if doc.Project != nil && header {
		p := *doc.Project
		for _, s := range []*string{&p.GoMod, &p.GoWork, &p.GoLine, &p.ToolchainLine, &p.LinesFrom, &p.LinesError, &p.Target, &p.TargetFrom} {
			*s = printable.Line(*s)
		}
		fmt.Fprintln(w)
		switch {
		case p.GoWork != "":
			fmt.Fprintf(w, "go.work:    %s\n", p.GoWork)
		case p.GoMod == "":
			fmt.Fprintf(w, "go.mod:     none (not inside a module)\n")
		}
		if p.GoMod != "" {
			fmt.Fprintf(w, "go.mod:     %s\n", p.GoMod)
		}
		switch {
		case p.LinesError != "":
			// Not "go (none)": nothing is known about the lines.
			fmt.Fprintf(w, "lines:      unknown: %s\n", p.LinesError)
		case p.LinesFrom != "":
			line := "go " + orNone(p.GoLine)
			if p.ToolchainLine != "" {
				line += ", toolchain " + p.ToolchainLine
			}
			fmt.Fprintf(w, "lines:      %s (from %s)\n", line, p.LinesFrom)
		}
		from := p.TargetFrom
		if p.LinesError != "" {
			from += "; the project's lines are unknown, they may ask for another Go"
		}
		fmt.Fprintf(w, "target Go:  %s (%s)\n", p.Target, from)
	}
	return nil
}

func describe(d facts.Definition, note string) string {
	s := string(d.Source)
	if d.Origin != "" {
		s += " (" + printable.Line(d.Origin) + ")"
	}
	if note != "" {
		s += ": " + printable.Line(note)
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
