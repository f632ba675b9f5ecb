// Package filelock takes an exclusive, process-wide lock on a file, the
// way the go command's lockedfile.MutexAt does (flock on Unix, LockFileEx
// on Windows), so godx and the go command agree on the module cache's
// lock files, and two godx processes do not write godx's state at once.
// The operating system releases the lock when the process dies, even by
// kill -9.
package filelock
