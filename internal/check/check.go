// Package check defines what a doctor check is and what it reports.
//
// The shape follows golang.org/x/tools/go/analysis: a check is a plain value
// (ID, title, documentation, run function), the engine that runs checks knows
// none of them by name, and a check talks to the outside world only through
// the Pass it is given (its facts layer and its Report method). That is what
// lets the same check run against the real machine and against fakes.
package check

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// Check is one diagnosis. Values are declared in their own files under
// internal/checks and listed once in that package's registry.
type Check struct {
	// ID is stable and part of godx's interface: "area/name", lower case.
	ID string
	// Title is a short noun phrase shown in the catalogue and the report.
	Title string
	// Doc is the text behind `godx explain ID`.
	Doc Doc
	// Network says whether and how the check uses the network.
	Network NetworkUse
	// Timeout bounds one run; zero means DefaultTimeout.
	Timeout time.Duration
	// Deep marks an expensive check that runs only with `godx doctor --deep`.
	Deep bool
	// Requires lists the computed facts the check reads with ResultOf:
	// the results it shares with other checks, declared like a
	// go/analysis Analyzer's Requires.
	Requires []facts.Requirement
	// Run inspects the environment through pass.Facts and calls pass.Report.
	// It returns Skip(...) when the check does not apply, and another error
	// only when godx itself could not do its job.
	Run func(pass *Pass) error
}

// DefaultTimeout bounds a check that does not set its own.
const DefaultTimeout = 5 * time.Second

// Area is the part of the ID before the slash ("go", "module", "cgo").
func (c *Check) Area() string {
	area, _, _ := strings.Cut(c.ID, "/")
	return area
}

// Doc is the explanation of a check, in the order `godx explain` prints it.
type Doc struct {
	What   string   // what the check looks at
	Why    string   // why it matters
	How    string   // how it decides (thresholds, sources, severities)
	Fix    string   // how to fix what it finds
	Errors []string // real error texts from the Go toolchain the check prevents
}

// NetworkUse declares a check's relation to the network so the engine can
// honour --offline without knowing any check by name.
type NetworkUse int

const (
	// NoNetwork: the check never touches the network.
	NoNetwork NetworkUse = iota
	// OptionalNetwork: the check uses the network when allowed and has an
	// offline fallback (facts.Fetch fails fast with facts.ErrOffline).
	OptionalNetwork
	// RequiresNetwork: the check is skipped under --offline.
	RequiresNetwork
)

// Pass is everything a check run can see and do.
type Pass struct {
	Context context.Context
	Facts   *facts.Facts
	Check   *Check

	report   func(Finding)
	mu       sync.Mutex
	summary  string
	evidence Evidence
	measured []Measurement
}

// NewPass is used by the engine and by tests that run one check directly.
func NewPass(ctx context.Context, c *Check, f *facts.Facts, report func(Finding)) *Pass {
	return &Pass{Context: ctx, Facts: f, Check: c, report: report}
}

// ResultOf returns a computed fact the running check declared in its
// Requires. Reading an undeclared fact is a programming error: it fails
// the check (and its tests) instead of hiding a dependency.
func ResultOf[T any](pass *Pass, fact *facts.Fact[T]) (T, error) {
	if err := pass.requires(fact); err != nil {
		var zero T
		return zero, err
	}
	return fact.Get(pass.Facts)
}

// ResultFor is ResultOf for a FactFamily member.
func ResultFor[A comparable, T any](pass *Pass, family *facts.FactFamily[A, T], arg A) (T, error) {
	if err := pass.requires(family); err != nil {
		var zero T
		return zero, err
	}
	return family.Get(pass.Facts, arg)
}

func (p *Pass) requires(r facts.Requirement) error {
	if p.Check == nil {
		return nil
	}
	for _, d := range p.Check.Requires {
		if d == r {
			return nil
		}
	}
	return fmt.Errorf("check %s reads the fact %q without listing it in Requires", p.Check.ID, r.FactName())
}

// Report records a finding (a problem or a notable fact).
func (p *Pass) Report(f Finding) { p.report(f) }

// Observe records what the check saw when things are fine: a one-line
// summary for the report header and the evidence behind it (printed with -v).
func (p *Pass) Observe(summary string, evidence ...Field) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.summary = summary
	p.evidence = append(p.evidence, evidence...)
}

// Observed returns what Observe recorded.
func (p *Pass) Observed() (string, Evidence) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.summary, append(Evidence(nil), p.evidence...)
}

// Severity of a finding. Errors break builds; warnings will bite later or
// surprise; infos are worth knowing and never change the exit code.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// MarshalText makes severities appear as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText accepts what MarshalText produces.
func (s *Severity) UnmarshalText(b []byte) error {
	switch string(b) {
	case "info":
		*s = Info
	case "warning":
		*s = Warning
	case "error":
		*s = Error
	default:
		return fmt.Errorf("unknown severity %q", b)
	}
	return nil
}

// Finding is one observation a user should read: what is wrong (Summary),
// why it matters (Detail, usually with the error the Go toolchain prints),
// what godx saw (Evidence), and one concrete way out (Fix).
type Finding struct {
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
	Detail   string   `json:"detail,omitempty"`
	Evidence Evidence `json:"evidence,omitempty"`
	Fix      *Fix     `json:"fix,omitempty"`
	// Position is the place in a file the finding is about, when the
	// check knows one (a go.mod line, a settings.json key, a byte in a
	// source file): GitHub annotations and SARIF locations point there.
	Position *Position `json:"position,omitempty"`
}

// Position is a place in a file. Line and Column are 1-based; 0 means
// unknown (Column counts bytes, as the go command's file:line:col does).
type Position struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// At is the position of line:column in file (0 = unknown). It returns nil
// for an empty file name, so a check can pass what it has.
func At(file string, line, column int) *Position {
	if file == "" {
		return nil
	}
	return &Position{File: file, Line: max(line, 0), Column: max(column, 0)}
}

// Fix tells the user how to resolve a finding.
type Fix struct {
	Description string   `json:"description"`
	Commands    []string `json:"commands,omitempty"`
	// Auto is set when `godx fix` can apply this fix itself. The fix
	// engine applies it without knowing which check proposed it.
	Auto *AutoFix `json:"auto,omitempty"`
}

// AutoFix is a change godx can make on the user's behalf: either a file
// edit (Path + Rewrite) or a command (Argv). Both must be idempotent:
// applying the fix to an already fixed state changes nothing.
type AutoFix struct {
	// Kind is "edit" or "command".
	Kind string `json:"kind"`
	// Path is the file an edit rewrites.
	Path string `json:"path,omitempty"`
	// Rewrite returns the new content for the old one (pure; no I/O).
	// Returning the input unchanged means there is nothing to do.
	Rewrite func(old []byte) ([]byte, error) `json:"-"`
	// Argv is the command a command fix runs (Argv[0] is looked up on
	// PATH); Env is added to the process environment.
	Argv []string `json:"argv,omitempty"`
	Env  []string `json:"env,omitempty"`
	Dir  string   `json:"dir,omitempty"`
	// More are further commands of the same fix, run after this one in
	// order (one finding about several programs reinstalls each).
	More []*AutoFix `json:"more,omitempty"`
}

// EditFix builds a file-edit AutoFix.
func EditFix(path string, rewrite func(old []byte) ([]byte, error)) *AutoFix {
	return &AutoFix{Kind: "edit", Path: path, Rewrite: rewrite}
}

// CommandFix builds a command AutoFix.
func CommandFix(dir string, argv ...string) *AutoFix {
	return &AutoFix{Kind: "command", Dir: dir, Argv: argv}
}

// Skip is returned by a check's Run when the check does not apply here.
func Skip(format string, args ...any) error {
	return &SkipError{Reason: fmt.Sprintf(format, args...)}
}

// SkipError carries the reason a check was skipped.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return "skipped: " + e.Reason }

// IsSkip reports whether err asks for the check to be marked skipped, and why.
func IsSkip(err error) (string, bool) {
	var s *SkipError
	if errors.As(err, &s) {
		return s.Reason, true
	}
	return "", false
}

var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9]*/[a-z][a-z0-9-]*$`) })

// Validate reports the first problem with a set of checks: they are
// programming errors, so godx refuses to start (and tests catch them).
func Validate(checks []*Check) error {
	seen := map[string]bool{}
	for _, c := range checks {
		switch {
		case !idPattern().MatchString(c.ID):
			return fmt.Errorf("check ID %q is not of the form area/name", c.ID)
		case seen[c.ID]:
			return fmt.Errorf("check ID %q is registered twice", c.ID)
		case c.Title == "":
			return fmt.Errorf("check %s has no title", c.ID)
		case c.Run == nil:
			return fmt.Errorf("check %s has no Run function", c.ID)
		case c.Doc.What == "" || c.Doc.Why == "" || c.Doc.How == "" || c.Doc.Fix == "":
			return fmt.Errorf("check %s has incomplete documentation (What, Why, How and Fix are required)", c.ID)
		}
		if err := ValidateRequires(c); err != nil {
			return err
		}
		seen[c.ID] = true
	}
	// Fact names appear in error messages and documentation: two facts of
	// one name would make "check X reads the fact Y" ambiguous.
	names := map[string]facts.Requirement{}
	for _, c := range checks {
		for _, r := range c.Requires {
			if other, ok := names[r.FactName()]; ok && other != r {
				return fmt.Errorf("two different facts are named %q (one is required by %s)", r.FactName(), c.ID)
			}
			names[r.FactName()] = r
		}
	}
	return nil
}

// ValidateRequires reports a nil fact in c.Requires: a Fact variable
// that was never set, which would otherwise fail only when read.
func ValidateRequires(c *Check) error {
	for i, r := range c.Requires {
		if r == nil {
			return fmt.Errorf("check %s: Requires[%d] is nil", c.ID, i)
		}
		if v := reflect.ValueOf(r); v.Kind() == reflect.Pointer && v.IsNil() {
			return fmt.Errorf("check %s: Requires[%d] is a nil %T", c.ID, i, r)
		}
	}
	return nil
}
