package gotoolchain

import "strings"

// WithoutExperiments drops the experiment suffix of a GOVERSION or
// `go tool compile -V` version ("go1.26.8 X:nodwarf5" -> "go1.26.8"), so
// that two builds of one release compare equal whatever GOEXPERIMENT they
// were built with.
func WithoutExperiments(goversion string) string {
	if i := strings.Index(goversion, " X:"); i >= 0 {
		goversion = goversion[:i]
	}
	return strings.TrimSpace(goversion)
}
