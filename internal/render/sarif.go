package render

import (
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// SARIFSchema is the official SARIF 2.1.0 schema (errata 01), which the
// output names and is tested against.
const SARIFSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// sarifRoot names the checkout in artifact locations, as GitHub code
// scanning expects relative URIs to be resolved.
const sarifRoot = "SRCROOT"

type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		Invocations        []sarifInvocation           `json:"invocations,omitempty"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string          `json:"id"`
		Name             string          `json:"name"`
		ShortDescription sarifText       `json:"shortDescription"`
		FullDescription  *sarifText      `json:"fullDescription,omitempty"`
		Help             *sarifText      `json:"help,omitempty"`
		Properties       sarifProperties `json:"properties"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifProperties struct {
		Tags []string `json:"tags,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful bool   `json:"executionSuccessful"`
		EndTimeUTC          string `json:"endTimeUtc,omitempty"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifText       `json:"message"`
		Locations        []sarifLocation `json:"locations,omitempty"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifText    `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           *sarifRegion     `json:"region,omitempty"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
)

// SARIF writes the report as a SARIF 2.1.0 log: one rule per check in the
// report (its title, and `godx explain`'s text as help), one result per
// finding with level error, warning or note (info).
//
// Locations: a finding whose position is inside root (the checkout) points
// there, relative to SRCROOT. GitHub code scanning rejects a whole upload
// if any result has no location, so a finding without one (GOROOT, PATH)
// or about a file outside the checkout (the user's settings.json) is
// anchored at line 1 of the project's go.mod when it is inside root; the
// real file, if any, is then a related location and its path is in the
// message. Outside a module such results have no location (valid SARIF).
func SARIF(w io.Writer, r *report.Report, opts ReportOptions) error {
	root := opts.root(r)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: "godx", Version: r.GodxVersion, InformationURI: "https://github.com/godx-dev/godx",
			Rules: []sarifRule{},
		}},
		Results: []sarifResult{},
	}
	if root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{sarifRoot: {URI: fileURI(root, true)}}
	}
	if !r.Finished.IsZero() {
		run.Invocations = []sarifInvocation{{ExecutionSuccessful: true, EndTimeUTC: r.Finished.UTC().Format(time.RFC3339)}}
	}
	var anchor *sarifLocation
	if rel, ok := relativePosition(root, check.At(r.Context.GoMod, 1, 0)); ok {
		anchor = &sarifLocation{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifactLoc{URI: relativeURI(rel), URIBaseID: sarifRoot},
			Region:           &sarifRegion{StartLine: 1},
		}}
	}
	for i, c := range r.Checks {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(c))
		for _, f := range c.Findings {
			res := sarifResult{RuleID: c.ID, RuleIndex: i, Level: sarifLevel(f.Severity), Message: sarifText{Text: findingText(f)}}
			switch rel, inside := relativePosition(root, f.Position); {
			case inside:
				res.Locations = []sarifLocation{sarifLocationAt(sarifArtifactLoc{URI: relativeURI(rel), URIBaseID: sarifRoot}, f.Position)}
			case anchor != nil:
				res.Locations = []sarifLocation{*anchor}
				if f.Position != nil {
					id := 1
					loc := sarifLocationAt(sarifArtifactLoc{URI: fileURI(f.Position.File, false)}, f.Position)
					loc.ID, loc.Message = &id, &sarifText{Text: "where the finding is (outside the checkout)"}
					res.RelatedLocations = []sarifLocation{loc}
				}
			case f.Position != nil:
				res.Locations = []sarifLocation{sarifLocationAt(sarifArtifactLoc{URI: fileURI(f.Position.File, false)}, f.Position)}
			}
			run.Results = append(run.Results, res)
		}
	}
	return JSON(w, sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifLocationAt(art sarifArtifactLoc, p *check.Position) sarifLocation {
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: art}}
	if p.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: p.Line, StartColumn: p.Column}
	}
	return loc
}

func sarifRuleOf(c report.CheckResult) sarifRule {
	rule := sarifRule{
		ID: c.ID, Name: sarifRuleName(c.ID),
		ShortDescription: sarifText{Text: printable.Text(c.Title)},
		Properties:       sarifProperties{Tags: []string{"go-environment", c.Area}},
	}
	d := c.Doc
	if d.What != "" {
		rule.FullDescription = &sarifText{Text: printable.Text(d.What)}
	}
	var text, md strings.Builder
	for _, s := range [][2]string{{"What it looks at", d.What}, {"Why it matters", d.Why}, {"How it decides", d.How}, {"How to fix", d.Fix}} {
		if s[1] == "" {
			continue
		}
		text.WriteString(s[0] + "\n" + s[1] + "\n\n")
		md.WriteString("**" + s[0] + "**\n\n" + mdText(s[1]) + "\n\n")
	}
	if len(d.Errors) > 0 {
		text.WriteString("Errors it prevents\n" + strings.Join(d.Errors, "\n") + "\n")
		md.WriteString("**Errors it prevents**\n\n" + mdFence("text", strings.Join(d.Errors, "\n")))
	}
	if text.Len() > 0 {
		rule.Help = &sarifText{Text: printable.Text(strings.TrimSpace(text.String())), Markdown: strings.TrimSpace(md.String())}
	}
	return rule
}

// sarifRuleName is a check ID as the identifier-like name SARIF viewers
// show next to the ID: "go/goroot" → "GoGoroot".
func sarifRuleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '/' || r == '-' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func sarifLevel(s check.Severity) string {
	switch s {
	case check.Error:
		return "error"
	case check.Warning:
		return "warning"
	}
	return "note"
}

// fileURI is the file: URI of an absolute path (a folder's ends in "/",
// as a SARIF base URI must).
func fileURI(path string, dir bool) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users → /C:/Users
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// relativeURI is a slash-separated relative path as a URI reference.
func relativeURI(rel string) string {
	return (&url.URL{Path: rel}).String()
}
