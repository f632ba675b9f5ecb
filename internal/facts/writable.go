package facts

// dirWritabler is implemented by OS values that can ask the OS whether the
// current user may create entries in a directory (System on Unix).
type dirWritabler interface {
	WritableDir(dir string) (writable, known bool)
}

// WritableDir reports whether the current user may create files in dir.
// known is false when godx cannot tell (then callers must not complain).
// An OS without an access check (fakes) answers from the owner write bit.
func (f *Facts) WritableDir(dir string) (writable, known bool) {
	if w, ok := f.OS.(dirWritabler); ok {
		return w.WritableDir(dir)
	}
	st, err := f.OS.Stat(dir)
	if err != nil || !st.IsDir() {
		return false, err == nil
	}
	return st.Mode().Perm()&0o200 != 0, true
}
