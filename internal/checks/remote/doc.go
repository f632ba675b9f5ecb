// Package remote holds the checks of the remote/ area: the connections an
// editor or a terminal keeps open to the machines you develop on.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; reading and evaluating what it judges lives in library
// packages (the SSH client configuration in internal/sshconfig).
package remote
