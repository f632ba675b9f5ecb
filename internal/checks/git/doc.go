// Package git holds the checks of the git/ area: how git's own settings
// change the Go files it checks out.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; reading git's configuration and attribute files lives in the
// library package internal/gitconfig.
package git
