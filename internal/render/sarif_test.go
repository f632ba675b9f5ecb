package render

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/godx-dev/godx/internal/report"
)

// sarifValidator compiles the official SARIF 2.1.0 schema (errata 01,
// from the OASIS sarif-spec repository's sarif-2.1/schema folder),
// vendored in testdata, with format assertions on (uri, date-time).
func sarifValidator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	doc, err := jsonschema.UnmarshalJSON(fh)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SARIFSchema, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SARIFSchema)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

func renderSARIF(t *testing.T, r *report.Report, root string) ([]byte, sarifLog) {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r, ReportOptions{Root: root}); err != nil {
		t.Fatal(err)
	}
	var doc sarifLog
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), doc
}

func TestSARIFValidAgainstSchema(t *testing.T) {
	sch := sarifValidator(t)
	// The validator must be able to say no: a level SARIF does not have.
	bad := []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"godx"}},"results":[{"message":{"text":"x"},"level":"fatal"}]}]}`)
	if err := validateSARIF(t, sch, bad); err == nil {
		t.Fatal("the schema accepted an invalid level: the validator is not validating")
	}

	empty := ciSample()
	empty.Checks = nil
	empty.Tally()
	outside := ciSample()
	outside.Context.GoMod = ""
	for name, r := range map[string]*report.Report{"sample": ciSample(), "no checks": empty, "no go.mod": outside} {
		out, _ := renderSARIF(t, r, "")
		if err := validateSARIF(t, sch, out); err != nil {
			t.Errorf("%s: SARIF does not match the 2.1.0 schema: %v\n%s", name, err, out)
		}
	}
}

func TestSARIFRulesResultsLocations(t *testing.T) {
	r := ciSample()
	_, doc := renderSARIF(t, r, ciRoot)
	run := doc.Runs[0]
	if doc.Version != "2.1.0" || doc.Schema != SARIFSchema || run.Tool.Driver.Name != "godx" || run.Tool.Driver.Version != "v1.2.3" {
		t.Errorf("header: %+v", doc)
	}
	if len(run.Tool.Driver.Rules) != len(r.Checks) {
		t.Fatalf("%d rules for %d checks", len(run.Tool.Driver.Rules), len(r.Checks))
	}
	rule := run.Tool.Driver.Rules[1]
	if rule.ID != "module/gomod" || rule.Name != "ModuleGomod" || rule.ShortDescription.Text != "go.mod syntax" ||
		rule.Help == nil || !strings.Contains(rule.Help.Text, "How to fix\nEdit it.") || !strings.Contains(rule.Help.Markdown, "**How to fix**") {
		t.Errorf("rule: %+v help %+v", rule, rule.Help)
	}
	if got := run.OriginalURIBaseIDs["SRCROOT"].URI; got != fileURI(ciRoot, true) || !strings.HasSuffix(got, "/") {
		t.Errorf("SRCROOT = %q", got)
	}
	if len(run.Results) != 4 {
		t.Fatalf("%d results, want 4", len(run.Results))
	}
	levels := []string{"error", "warning", "note", "warning"}
	for i, res := range run.Results {
		if res.Level != levels[i] {
			t.Errorf("result %d (%s) level %q, want %q", i, res.RuleID, res.Level, levels[i])
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %d (%s) has %d locations: GitHub code scanning rejects a result without one", i, res.RuleID, len(res.Locations))
		}
	}
	loc := run.Results[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "go.mod" || loc.ArtifactLocation.URIBaseID != "SRCROOT" || loc.Region == nil || loc.Region.StartLine != 3 {
		t.Errorf("go.mod error location: %+v %+v", loc.ArtifactLocation, loc.Region)
	}
	// Outside the checkout: anchored at go.mod, the real file related.
	w := run.Results[1]
	if a := w.Locations[0].PhysicalLocation; a.ArtifactLocation.URI != "go.mod" || a.Region.StartLine != 1 {
		t.Errorf("anchor: %+v", a)
	}
	if len(w.RelatedLocations) != 1 || !strings.HasPrefix(w.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI, "file:///") ||
		!strings.HasSuffix(w.RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI, "/settings.json") ||
		w.RelatedLocations[0].PhysicalLocation.Region.StartColumn != 5 {
		t.Errorf("related location: %+v", w.RelatedLocations)
	}
	if !strings.Contains(w.Message.Text, `\x1b[31m`) || strings.Contains(w.Message.Text, "\x1b") {
		t.Errorf("message not escaped: %q", w.Message.Text)
	}
}

// Outside a module nothing anchors a finding without a file: those
// results have no location (valid SARIF; documented).
func TestSARIFNoAnchorOutsideAModule(t *testing.T) {
	r := ciSample()
	r.Context.GoMod = ""
	_, doc := renderSARIF(t, r, ciRoot)
	res := doc.Runs[0].Results
	if len(res[0].Locations) != 1 || len(res[2].Locations) != 0 {
		t.Errorf("locations: %+v / %+v", res[0].Locations, res[2].Locations)
	}
	if u := res[1].Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(u, "file:///") {
		t.Errorf("a file outside the checkout keeps its absolute location: %q", u)
	}
}

func TestFileURI(t *testing.T) {
	for _, c := range []struct {
		path string
		dir  bool
		want string
	}{
		{"/home/me/a b/go.mod", false, "file:///home/me/a%20b/go.mod"},
		{"/work/repo", true, "file:///work/repo/"},
		{"C:/Users/me/go.mod", false, "file:///C:/Users/me/go.mod"},
		{"/x/100%/#1", false, "file:///x/100%25/%231"},
	} {
		if got := fileURI(filepath.FromSlash(c.path), c.dir); got != c.want {
			t.Errorf("fileURI(%q) = %q, want %q", c.path, got, c.want)
		}
	}
	if got := relativeURI("a b/c#d.go"); got != "a%20b/c%23d.go" {
		t.Errorf("relativeURI = %q", got)
	}
}
