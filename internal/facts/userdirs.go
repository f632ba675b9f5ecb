package facts

// UserHomeDir is os.UserHomeDir of the inspected machine: %USERPROFILE%
// on Windows, $HOME elsewhere, cleaned; "" when it is not set or not an
// absolute path (the go command and most tools then have no home).
func (f *Facts) UserHomeDir() string {
	k := "HOME"
	if f.GOOS() == "windows" {
		k = "USERPROFILE"
	}
	if v := f.Getenv(k); v != "" && f.IsAbs(v) {
		return f.CleanPath(v)
	}
	return ""
}

// TempDir is os.TempDir of the inspected machine: the first of %TMP%,
// %TEMP% and %USERPROFILE% that is set on Windows ("" when none is),
// $TMPDIR or /tmp elsewhere. The go command compares module roots with
// it ("ignoring go.mod in system temp root").
func (f *Facts) TempDir() string {
	if f.GOOS() == "windows" {
		for _, k := range []string{"TMP", "TEMP", "USERPROFILE"} {
			if v := f.Getenv(k); v != "" {
				return f.CleanPath(v)
			}
		}
		return ""
	}
	if v := f.Getenv("TMPDIR"); v != "" {
		return f.CleanPath(v)
	}
	return "/tmp"
}
