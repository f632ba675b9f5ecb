package gotoolchain

import (
	"fmt"

	"github.com/godx-dev/godx/internal/goversion"
)

// TooNewError is the error every go command prints when the toolchain the
// selection runs (sel.ChosenVers) is older than the go line of file:
// gover.TooNewError, ended by toolchain.Startup's explanation of why no
// switch happened ("; GOTOOLCHAIN=local", "; go.mod sets toolchain
// default"). Toolchains before Go 1.21 print no such error: they do not
// enforce the go line.
func TooNewError(sel Selection, file *File) string {
	explain := ""
	if sel.Value != "" && sel.Value != "auto" {
		explain = "; GOTOOLCHAIN=" + sel.Value
	}
	if (sel.Mode == "auto" || sel.Mode == "path") && (sel.AutoGo != "" || sel.AutoToolchain != "") {
		if sel.AutoToolchain != "" {
			explain += "; " + file.Short + " sets toolchain " + sel.AutoToolchain
		} else {
			explain += "; " + file.Short + " sets go " + sel.AutoGo
		}
	}
	return fmt.Sprintf("go: %s requires go >= %s (running go %s%s)", file.Short, file.Go, sel.ChosenVers, explain)
}

// IsLanguageVersion reports a toolchain name such as go1.22 that names a
// language version of Go 1.21 or later, not a release: the go command
// finds no such toolchain to switch to.
func IsLanguageVersion(name string) bool {
	v := goversion.FromToolchain(name)
	return v != "" && name == goversion.WithGo(v) && goversion.IsLang(v)
}

// LanguageVersionError is the error the go command stops with when it
// must switch to name, a language version (see IsLanguageVersion).
func LanguageVersionError(name string) string {
	return fmt.Sprintf("go: invalid toolchain: %s is a language version but not a toolchain version (%s.x)", name, name)
}
