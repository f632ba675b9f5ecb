package probe

import "strings"

// failureHint explains the commonest causes of a failing probe from the
// tool's own words, or says nothing: the quoted error stays the evidence.
func failureHint(out string) string {
	switch {
	case strings.Contains(out, "fork/exec") && (strings.Contains(out, "operation not permitted") || strings.Contains(out, "permission denied")):
		return "The system refused to start a program the go command had just built: usually a temporary directory mounted noexec " +
			"(the go command builds into GOTMPDIR, else TMPDIR) or security software blocking new executables."
	case strings.Contains(out, "Access is denied"):
		return "Windows refused to start or write a program the go command had just built: usually antivirus software " +
			"(Microsoft Defender's real-time protection) holding or blocking fresh executables; windows/defender says which folders are excluded."
	case strings.Contains(out, "build cache is required"), strings.Contains(out, "failed to initialize build cache"),
		strings.Contains(out, "build cache is disabled by GOCACHE=off"):
		return "The build cache (go env GOCACHE) cannot be used; go/caches says why."
	case strings.Contains(out, "C compiler") && strings.Contains(out, "not found"):
		return "cgo needs a C compiler: install one (gcc or clang) or set CC to one that exists; cgo/compiler has the details."
	case strings.Contains(out, "-race requires cgo"):
		return "The race detector needs cgo, which is off here (CGO_ENABLED=0, or no C compiler was found)."
	}
	return ""
}
