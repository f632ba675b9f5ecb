// Package ctxcheck holds the checks of the context/ area: the
// environments Go runs under besides godx's own shell — the running
// editors with their gopls and dlv, and what a new terminal would get —
// compared with the shell. (Named ctxcheck so that it never shadows the
// standard library's context package.)
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. Finding and comparing contexts lives
// in internal/contexts; reading other processes in internal/procenv.
package ctxcheck
