//go:build !linux && !darwin && !(windows && (amd64 || arm64))

package procenv

// System is the reader of the running operating system: none here.
func System() Reader { return unsupported{} }

type unsupported struct{}

func (unsupported) Processes() ([]Process, error) { return nil, ErrUnsupported }
func (unsupported) Environ(pid int) ([]string, error) {
	return nil, &UnreadableError{PID: pid, What: "environment", Reason: ErrUnsupported}
}
func (unsupported) Cwd(pid int) (string, error) {
	return "", &UnreadableError{PID: pid, What: "working directory", Reason: ErrUnsupported}
}
