//go:build cgo

package prestart

// A godx built with cgo on Linux starts go env earlier still: from a C
// constructor (prestart_linux.c), which the C library runs before main
// and so before the Go runtime has started. Measured on a 2-core VM
// (perf record of exec events), go env's exec comes 2–4 ms after godx's
// instead of 12–16 ms, and the doctor's run is about 6 ms shorter (see the
// README's performance section). Without cgo (CGO_ENABLED=0, or cross-compiled)
// the package's Go init is the only early start.
//
// The C code mirrors the Go decisions (plain doctor run, the go found on
// PATH, directory, environment); the tests in prestart_cgo_linux_test.go
// hold each mirror to its Go twin, and Take accepts the process only for
// exactly the command the doctor asks for, so a mirror that drifted would
// cost a wasted process, never a wrong answer.

/*
#include <stdlib.h>
#include "prestart_linux.h"
*/
import "C"

import (
	"os"
	"syscall"
	"time"
	"unsafe"
)

// adoptEarly returns what the C constructor started, or nil.
func adoptEarly() *Early {
	c := &C.godx_prestart_early
	if c.pid == 0 {
		return nil
	}
	p, err := os.FindProcess(int(c.pid))
	if err != nil {
		// Not on Linux today; were it to fail, nothing could wait for
		// the process: stop it rather than leave it behind.
		_ = syscall.Kill(-int(c.pid), syscall.SIGKILL)
		syscall.Close(int(c.out))
		syscall.Close(int(c.err))
		return nil
	}
	return &Early{
		Path: C.GoString(c.path), Args: []string{"env", "-json"}, Dir: C.GoString(c.dir), Env: goStrings(c.env),
		Process: p,
		Stdout:  os.NewFile(uintptr(c.out), "|0"),
		Stderr:  os.NewFile(uintptr(c.err), "|0"),
		Started: time.Unix(int64(c.sec), int64(c.nsec)),
	}
}

// goStrings copies a NULL-terminated array of C strings.
func goStrings(p **C.char) []string {
	var out []string
	for ; *p != nil; p = (**C.char)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(p))) {
		out = append(out, C.GoString(*p))
	}
	return out
}

// The functions below call the C mirrors, for the tests.

func startedFromC() bool { return C.godx_prestart_early.pid != 0 }

func cIsPlainDoctorRun(args []string) bool {
	argv := cStrings(args)
	defer freeStrings(argv)
	var p **C.char
	if len(argv) > 0 {
		p = &argv[0]
	}
	return C.godx_prestart_plain_doctor_run(C.int(len(args)), p) != 0
}

func cIsClean(p string) bool {
	cp := C.CString(p)
	defer C.free(unsafe.Pointer(cp))
	return C.godx_prestart_is_clean(cp) != 0
}

func cLookGo(list string) (string, bool) {
	cl := C.CString(list)
	defer C.free(unsafe.Pointer(cl))
	var out [4096]C.char
	if C.godx_prestart_look_go(cl, &out[0], C.size_t(len(out))) == 0 {
		return "", false
	}
	return C.GoString(&out[0]), true
}

func cEnv(env []string) ([]string, bool) {
	envp := cStrings(env)
	defer freeStrings(envp)
	envp = append(envp, nil)
	out := C.godx_prestart_env(&envp[0])
	if out == nil {
		return nil, false
	}
	defer C.free(unsafe.Pointer(out))
	return goStrings(out), true
}

func cGetwd() (string, bool) {
	var out [4096]C.char
	if C.godx_prestart_getwd(&out[0], C.size_t(len(out))) == 0 {
		return "", false
	}
	return C.GoString(&out[0]), true
}

func cDoctorFlags() map[string]bool {
	flags := map[string]bool{}
	var name *C.char
	var valued C.int
	for i := 0; C.godx_prestart_flag(C.int(i), &name, &valued) != 0; i++ {
		flags[C.GoString(name)] = valued != 0
	}
	return flags
}

func cStrings(ss []string) []*C.char {
	out := make([]*C.char, 0, len(ss)+1)
	for _, s := range ss {
		out = append(out, C.CString(s))
	}
	return out
}

func freeStrings(ps []*C.char) {
	for _, p := range ps {
		if p != nil {
			C.free(unsafe.Pointer(p))
		}
	}
}
