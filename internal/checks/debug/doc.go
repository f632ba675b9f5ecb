// Package debug holds the checks of the debug/ area: how debuggers are
// started for the project.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; finding Delve servers and their listen addresses in project
// files and running processes lives in internal/dlvlisten.
package debug
