//go:build !unix

package facts

// CheckWrite cannot answer without writing on this platform (on Windows,
// ACLs decide, and a directory's read-only attribute does not stop file
// creation).
func (System) CheckWrite(path string) error { return ErrWriteUnknown }
