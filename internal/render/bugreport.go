package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/godx-dev/godx/internal/bugreport"
)

// BugReport writes a (redacted) bug report bundle as one Markdown
// document to paste into an issue: versions and system first, then how go
// was built, the settings with their sources, the Go environment
// variables, tools, editor settings, and the doctor's report. Long parts
// are folded in <details>.
func BugReport(w io.Writer, b *bugreport.Bundle) error {
	ew := &errWriter{w: w}
	ew.printf("# godx bug report\n\n")
	g := b.Godx
	ew.printf("| | |\n|---|---|\n")
	row := func(k, v string) {
		if v != "" {
			ew.printf("| %s | %s |\n", k, mdCodeCell(v))
		}
	}
	row("godx", strings.TrimSpace(g.Version+" "+g.Commit))
	row("godx built with", g.GoVersion)
	if b.Doctor != nil {
		row("go command", b.Doctor.Context.Go)
		row("go version", b.Doctor.Context.GoVersion)
	}
	s := b.System
	row("system", s.GOOS+"/"+s.GOARCH)
	if s.NativeArch != "" {
		native := s.NativeArch
		if s.Translated {
			native += " (godx runs emulated)"
		}
		row("native CPU", native)
	}
	if s.WSL > 0 {
		row("WSL", fmt.Sprintf("WSL %d %s", s.WSL, s.WSLDistro))
		row("kernel", s.Kernel)
	}

	ew.printf("\n## How go was built\n\n")
	if len(b.GoBuild) == 0 {
		ew.printf("Unknown: `go env` did not work.\n")
	}
	for _, bin := range b.GoBuild {
		ew.printf("**%s** %s", mdText(bin.Name), mdCode(bin.Path))
		if bin.Error != "" {
			ew.printf(": %s\n\n", mdText(bin.Error))
			continue
		}
		var lines []string
		lines = append(lines, bin.Package+" built with "+bin.GoVersion)
		for _, kv := range bin.Settings {
			lines = append(lines, kv.Key+"="+kv.Value)
		}
		ew.printf("\n\n%s\n", mdFence("text", strings.Join(lines, "\n")))
	}

	ew.printf("## Go settings and where they come from (`godx env`)\n\n")
	if b.EnvText != "" {
		ew.printf("%s\n", mdFence("text", b.EnvText))
	}
	ew.printf("<details><summary>Environment variables (%d on the Go allowlist; the values of %d others are left out)</summary>\n\n", len(b.Variables.Go), b.Variables.Omitted)
	var vars []string
	for _, kv := range b.Variables.Go {
		vars = append(vars, kv.Key+"="+kv.Value)
	}
	ew.printf("%s\n</details>\n\n", mdFence("sh", strings.Join(vars, "\n")))
	switch {
	case b.Netrc.Exists:
		ew.printf("netrc: %s lists %d machines (its content is left out).\n\n", mdCode(b.Netrc.Path), b.Netrc.Machines)
	case b.Netrc.Path != "":
		ew.printf("netrc: none (%s does not exist).\n\n", mdCode(b.Netrc.Path))
	}

	ew.printf("## Tools\n\n")
	if len(b.Tools) == 0 {
		ew.printf("None of %s is installed.\n\n", strings.Join(bugreport.Tools, ", "))
	} else {
		ew.printf("| Tool | Version | Built with | Found |\n|---|---|---|---|\n")
		for _, t := range b.Tools {
			version := strings.TrimSpace(t.Module + " " + t.Version)
			if t.Error != "" {
				version = t.Error
			}
			where := t.Found
			if t.Path != "" {
				where += ": " + t.Path
			}
			ew.printf("| %s | %s | %s | %s |\n", mdCell(t.Name), mdCodeCell(version), mdCodeCell(t.BuiltWith), mdCodeCell(where))
		}
		ew.printf("\n")
	}

	ew.printf("## Editor\n\n")
	if len(b.Editor) == 0 {
		ew.printf("No VS Code settings files.\n\n")
	}
	for _, e := range b.Editor {
		ew.printf("%s (%s)", mdCode(e.Path), mdText(e.Scope))
		if e.Error != "" {
			ew.printf(": %s\n\n", mdText(e.Error))
			continue
		}
		var lines []string
		for _, kv := range e.Settings {
			lines = append(lines, fmt.Sprintf("%q: %s", kv.Key, kv.Value))
		}
		ew.printf(", %d other settings left out:\n\n%s\n", e.Omitted, mdFence("jsonc", strings.Join(lines, ",\n")))
	}

	if b.Doctor != nil {
		if err := MarkdownSection(w, b.Doctor, "##"); err != nil {
			return err
		}
	}
	return ew.err
}
