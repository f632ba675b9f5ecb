// Package prestart starts the one program a doctor run is sure to need,
// `go env -json`, while godx itself is still starting.
//
// A run of the doctor cannot answer before `go env -json` has answered,
// and on a typical machine godx's own start-up (the Go runtime and the
// initialisation of every package it links) takes half as long again as
// that command. This package's init runs as soon as the os package is
// ready (it imports nothing that sorts after it in the language's
// package-initialisation order, so it is initialised before almost every
// other package), reads the command line, and when the run is a plain
// doctor run it starts `go env -json` exactly as the doctor will ask for
// it: same program found on PATH, same arguments, directory and
// environment. The doctor's first request for that exact command takes
// the running process instead of starting another (facts.System.Run calls
// Take for every command); the same command with another directory or
// environment stops the early process and runs normally, so the answer is
// always that of the command the doctor asked for.
//
// Only an allow-list of doctor invocations starts early: flags that change
// the directory or the environment (--dir, --context), that may not need
// go env at all (--only, --help), or anything unknown (a test binary's
// -test.* flags) start nothing. A run that never takes the process stops
// it when it ends (Discard); the process runs in its own process group,
// as every command godx runs, so stopping it stops what it started.
// Windows starts nothing early (starting a process there costs more than
// it saves, and the job object that bounds it needs x/sys/windows).
//
// On Linux, a build with cgo starts the same command sooner still, from C
// code that runs before the Go runtime (prestart_cgo_linux.go); this init
// then takes over what it started and starts nothing itself.
package prestart

import (
	"os"
	"sync"
	"time"
)

// Early is a process started before it was asked for.
type Early struct {
	Path    string
	Args    []string // not including the program name
	Dir     string
	Env     []string // as the process received it
	Process *os.Process
	// Stdout and Stderr are the read ends of the process's output pipes.
	Stdout, Stderr *os.File
	Started        time.Time
}

var slot struct {
	sync.Mutex
	early *Early
}

// Take returns the early process if it is exactly the command path args
// run in dir with env (env compared after the duplicate removal os/exec
// applies, so that "GOTOOLCHAIN=local" appended to an environment that
// already sets GOTOOLCHAIN matches). Another program, or other arguments,
// leave it for a later request; the same command in another directory or
// environment stops it (the run wants a different go env), and later
// calls return nil.
func Take(path string, args []string, dir string, env []string) *Early {
	slot.Lock()
	e := slot.early
	if e == nil || e.Path != path || !equal(e.Args, args) {
		slot.Unlock()
		return nil
	}
	slot.early = nil
	slot.Unlock()
	if e.Dir == dir && env != nil && equal(e.Env, DedupEnv(env)) {
		return e
	}
	e.stop()
	return nil
}

// Discard stops the early process if nothing took it. godx calls it when
// it exits; it is safe to call any number of times.
func Discard() {
	slot.Lock()
	e := slot.early
	slot.early = nil
	slot.Unlock()
	if e != nil {
		e.stop()
	}
}

func (e *Early) stop() {
	killGroup(e.Process)
	_, _ = e.Process.Wait()
	e.Stdout.Close()
	e.Stderr.Close()
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// DedupEnv removes earlier duplicates of a key, keeping the last, as
// os/exec does before it starts a program on Unix (the go command would
// otherwise see the first). Entries without "=" are kept as they are.
func DedupEnv(env []string) []string {
	out := make([]string, 0, len(env))
	saw := make(map[string]bool, len(env))
	for i := len(env) - 1; i >= 0; i-- {
		kv := env[i]
		k, ok := key(kv)
		if !ok {
			if kv != "" {
				out = append(out, kv)
			}
			continue
		}
		if saw[k] {
			continue
		}
		saw[k] = true
		out = append(out, kv)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// doctorFlags are the doctor's flags that change neither the directory,
// the environment nor whether go env runs; valued ones take the next
// argument unless written --flag=value.
var doctorFlags = map[string]bool{
	"--deep": false, "--json": false, "--offline": false, "--strict": false,
	"-v": false, "--verbose": false,
	"--format": true, "-o": true, "--output": true, "--timeout": true, "--skip": true,
}

// DoctorFlags lists the flags IsPlainDoctorRun accepts, each with whether
// it takes a value (for a test that holds the list to the doctor's own).
func DoctorFlags() map[string]bool {
	out := make(map[string]bool, len(doctorFlags))
	for k, v := range doctorFlags {
		out[k] = v
	}
	return out
}

// IsPlainDoctorRun reports whether args (os.Args[1:]) run the doctor in
// the working directory with the process's environment: nothing, or
// "doctor", followed only by doctorFlags.
func IsPlainDoctorRun(args []string) bool {
	if len(args) > 0 && args[0] == "doctor" {
		args = args[1:]
	}
	for i := 0; i < len(args); i++ {
		name, hasValue := key(args[i])
		if !hasValue {
			name = args[i]
		}
		valued, ok := doctorFlags[name]
		if !ok || (hasValue && !valued) {
			return false
		}
		if valued && !hasValue {
			i++
			if i == len(args) {
				return false
			}
		}
	}
	return true
}

// GoEnvCommand is the go env the doctor runs, as facts builds it: the
// first absolute PATH entry holding an executable "go", arguments
// "env -json", the process environment with GOTOOLCHAIN=local appended.
// ok is false when there is no such go or the environment holds entries
// whose handling could differ (a NUL byte, an entry without "=").
func goEnvCommand() (path string, args []string, dir string, env []string, ok bool) {
	env = os.Environ()
	if !usableEnv(env) {
		return "", nil, "", nil, false
	}
	path, ok = lookGo(os.Getenv("PATH"))
	if !ok {
		return "", nil, "", nil, false
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", nil, "", nil, false
	}
	if !isClean(dir) {
		return "", nil, "", nil, false
	}
	return path, []string{"env", "-json"}, dir, DedupEnv(append(env, "GOTOOLCHAIN=local")), true
}

// usableEnv reports whether every entry of env is KEY=value without a
// NUL byte (others could be handled differently by the two starts).
func usableEnv(env []string) bool {
	for _, kv := range env {
		if _, ok := key(kv); !ok || hasNUL(kv) {
			return false
		}
	}
	return true
}

// The helpers below stand in for package strings and path: importing
// either would put this package's initialisation after theirs, which the
// language orders after most of godx's dependencies (see the package
// comment).

// key is the part of kv before the first "=" (ok is false without one).
func key(kv string) (k string, ok bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], true
		}
	}
	return kv, false
}

func hasNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

func init() {
	if e := adoptEarly(); e != nil {
		slot.early = e
		return
	}
	if !IsPlainDoctorRun(os.Args[1:]) {
		return
	}
	path, args, dir, env, ok := goEnvCommand()
	if !ok {
		return
	}
	if e := start(path, args, dir, env); e != nil {
		slot.Lock()
		slot.early = e
		slot.Unlock()
	}
}
