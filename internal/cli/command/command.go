// Package command holds what every godx command shares: the Factory of
// dependencies (streams, operating system, check registry) and the error
// types that decide the exit code.
package command

import (
	"errors"
	"fmt"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
)

// Factory gives commands their dependencies; tests substitute them.
type Factory struct {
	IO     *iostreams.IOStreams
	OS     facts.OS
	Checks func() []*check.Check
}

// ExitError ends the process with Code after the command has printed its
// own output (nothing more is printed).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// UsageError is a command-line mistake: printed, then exit status 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef builds a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// IsUsage reports whether err is a usage error.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}
