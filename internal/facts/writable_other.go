//go:build !unix

package facts

// WritableDir cannot be answered reliably without the OS's access checks
// (Windows ACLs); godx says it does not know.
func (System) WritableDir(dir string) (writable, known bool) { return false, false }
