// Package winjob puts a started process into a new Windows job object, so
// that terminating the job ends the process and everything it starts
// afterwards, and the job's accounting covers them all. It is the one
// place godx does this: facts (every command the doctor runs) and soak
// (test binaries) both use it. On other systems the package is empty.
package winjob
