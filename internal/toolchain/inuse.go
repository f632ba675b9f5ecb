package toolchain

import "strings"

// InUse says why t must not be removed without --force ("" when it may
// be): go commands in the inventory's directory run it, it is the go
// command on PATH, GOTOOLCHAIN names it, or a command on PATH other than a
// `godx toolchain link` wrapper runs it.
func (e *Env) InUse(inv *Inventory, t Toolchain) string {
	if t.Active && inv.Choice != nil {
		return "go commands in " + inv.Dir + " run it (" + inv.Choice.Why + ")"
	}
	if gr := e.Get("GOROOT"); gr != "" && e.key(gr) == e.key(t.Dir) {
		return "it is the go command on PATH (GOROOT " + gr + ")"
	}
	if v := e.gotoolchain(); v != "" {
		min, _, _ := strings.Cut(v, "+")
		if min == t.Name && (t.GOOS == "" || t.GOOS == e.GOOS() && t.GOARCH == e.GOARCH()) {
			return "GOTOOLCHAIN=" + v + " selects it"
		}
	}
	for _, c := range t.Commands {
		if e.linkTarget(c) == "" {
			return "the command " + c + " runs it"
		}
	}
	return ""
}
