// Package net holds the checks of the net/ area: whether the go command
// can download modules on this network — the module proxies in GOPROXY,
// the checksum database, and the settings that keep private modules away
// from both.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; parsing GOPROXY, GOSUMDB and GOPRIVATE and probing the
// network under one shared deadline live in internal/goproxy. How a
// failed request and a go env setting are worded is shared by the three
// checks (failurewords.go, settingwords.go).
package net
