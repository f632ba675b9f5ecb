// Package probe holds the checks of the probe/ area: functional probes that
// run only with `godx doctor --deep`. Where the other areas infer from
// settings, a probe observes: it builds, runs, tests and cross-compiles a
// hello-world module with the go command on PATH and the project's
// environment, and reports the tool's own error text and how long each
// step took (pass.Measure: durations go to --json and the OpenMetrics
// output).
//
// The scratch module lives under godx's cache folder and is removed
// afterwards; nothing is written into the project and nothing touches
// the network (GOPROXY=off: the module has no dependencies). Running
// commands and writing the module live in internal/probe; each check is
// one exported *check.Check value in its own file, listed once in
// internal/checks' registry, and session.go is the setup they share.
package probe
