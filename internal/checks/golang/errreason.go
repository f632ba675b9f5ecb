package golang

import "errors"

// errReason is the OS's reason without the path it names ("permission
// denied" rather than "open /x/y: permission denied"): go/caches and
// go/env-file quote it where the sentence already names the path.
func errReason(err error) string {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap().Error()
	}
	return err.Error()
}
