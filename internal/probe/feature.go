package probe

import "github.com/godx-dev/godx/internal/goversion"

// FeatureFile is the name of the file WriteFeature adds to the scratch
// module for the gopls probe.
const FeatureFile = "feature.go"

// feature is a language feature new in a Go release, as a file of the
// scratch module's main package that uses it (and that compiles
// cleanly, so any diagnostic on it is the tool's misunderstanding).
type feature struct {
	minor int
	name  string
	src   string
}

// features, newest first.
var features = []feature{
	{26, "new with an expression (Go 1.26)", "package main\n\nfunc answer() *int { return new(42) }\n\nvar _ = answer\n"},
	{24, "generic type aliases (Go 1.24)", "package main\n\ntype Set[T comparable] = map[T]struct{}\n\nvar _ Set[string] = Set[string]{}\n"},
	{23, "range over a function (Go 1.23)", "package main\n\nfunc count(yield func(int) bool) {\n\tfor i := 0; i < 3 && yield(i); i++ {\n\t}\n}\n\nfunc sum() (n int) {\n\tfor i := range count {\n\t\tn += i\n\t}\n\treturn n\n}\n\nvar _ = sum\n"},
	{22, "range over an integer (Go 1.22)", "package main\n\nfunc sum() (n int) {\n\tfor i := range 3 {\n\t\tn += i\n\t}\n\treturn n\n}\n\nvar _ = sum\n"},
	{21, "the min and max built-ins (Go 1.21)", "package main\n\nvar _ = min(1, 2) + max(3, 4)\n"},
}

// Feature returns the newest language feature of the Go release
// goVersion (a GOVERSION), its name and the source of a file using it;
// ok is false for a Go older than any feature listed.
func Feature(goVersion string) (name, src string, ok bool) {
	minor := goversion.Minor(goversion.Local(goVersion))
	for _, f := range features {
		if minor >= f.minor {
			return f.name, f.src, true
		}
	}
	return "", "", false
}
