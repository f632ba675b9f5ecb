package probe

import (
	"github.com/godx-dev/godx/internal/goversion"
)

// Hello is what the scratch module's program prints, and CgoHello what
// its cgo program prints: a probe compares the output, so a binary that
// ran but was not the one just built (or printed nothing) is caught.
const (
	Hello     = "hello from godx probe"
	CgoHello  = "hello from godx probe via cgo: 42"
	ModPath   = "godx.invalid/probe"
	CgoSubdir = "cgo"
)

// Writer is what writing the scratch module needs (a facts.OS has both).
type Writer interface {
	WriteFile(name string, data []byte) error
	MkdirAll(name string) error
}

// WriteModule writes the scratch module into dir: a hello-world main
// package with one test, and a cgo main package in the cgo subdirectory.
// goVersion is the go command's GOVERSION; go.mod declares its language
// version, so that the module needs no other toolchain. join joins paths
// the inspected system's way.
func WriteModule(w Writer, dir, goVersion string, join func(...string) string) error {
	gomod := "module " + ModPath + "\n"
	if lang := goversion.Lang(goversion.Local(goVersion)); lang != "" {
		gomod += "\ngo " + lang + "\n"
	}
	files := []struct{ name, data string }{
		{"go.mod", gomod},
		{"main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(greeting()) }\n\nfunc greeting() string { return \"" + Hello + "\" }\n"},
		{"main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestGreeting(t *testing.T) {\n\tif got := greeting(); got != \"" + Hello + "\" {\n\t\tt.Fatalf(\"greeting() = %q\", got)\n\t}\n}\n"},
	}
	for _, f := range files {
		if err := w.WriteFile(join(dir, f.name), []byte(f.data)); err != nil {
			return err
		}
	}
	cgoDir := join(dir, CgoSubdir)
	if err := w.MkdirAll(cgoDir); err != nil {
		return err
	}
	cgo := "package main\n\n// static int answer(void) { return 42; }\nimport \"C\"\n\nimport \"fmt\"\n\nfunc main() { fmt.Printf(\"" + Hello + " via cgo: %d\\n\", int(C.answer())) }\n"
	return w.WriteFile(join(cgoDir, "main.go"), []byte(cgo))
}
