package main

import (
	"archive/zip"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdGoproxy adds a module to a file:// GOPROXY directory, for scenarios
// that run the real go command without the network:
//
//	goproxy DIR mod MODULE VERSION PKGDIR [GOLINE]
//	    a module whose package PKGDIR ("." for the root) is an empty main
//	    program: a stand-in tool whose build information names MODULE@VERSION
//	goproxy DIR toolchain goX.Y.Z
//	    a golang.org/toolchain module for this platform whose bin/go runs
//	    the go command on PATH with GOTOOLCHAIN=local, so that builds
//	    after a toolchain switch work (and record that go's version)
//	goproxy DIR toolchain-stub goX.Y.Z
//	    the same, but bin/go only answers `go version` with goX.Y.Z
func cmdGoproxy(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: goproxy DIR mod MODULE VERSION PKGDIR [GOLINE] | goproxy DIR toolchain goX.Y.Z")
	}
	dir := ts.MkAbs(args[0])
	var mod, v string
	files := map[string]string{}
	switch {
	case args[1] == "mod" && (len(args) == 5 || len(args) == 6):
		mod, v = args[2], args[3]
		goLine := "1.21"
		if len(args) == 6 {
			goLine = args[5]
		}
		files["go.mod"] = "module " + mod + "\n\ngo " + goLine + "\n"
		files[path.Join(args[4], "main.go")] = "// A stand-in: only its build information matters.\npackage main\n\nfunc main() {}\n"
	case (args[1] == "toolchain" || args[1] == "toolchain-stub") && len(args) == 3:
		name := args[2]
		realGo := ""
		for _, d := range filepath.SplitList(ts.Getenv("PATH")) {
			if p := filepath.Join(d, "go"); isFile(p) {
				realGo = p
				break
			}
		}
		if realGo == "" {
			ts.Fatalf("no go command on PATH")
		}
		mod, v = "golang.org/toolchain", "v0.0.1-"+name+"."+runtime.GOOS+"-"+runtime.GOARCH
		files["VERSION"] = name + "\ntime 2026-01-01T00:00:00Z\n"
		files["go.env"] = "GOTOOLCHAIN=auto\n"
		// The switching go sets GOROOT to this module and says which Go
		// it asked for: the real go must use its own GOROOT and not
		// refuse to stand in. The go command checks that these exist.
		files["bin/go"] = "#!/bin/sh\nunset GOROOT GOTOOLCHAIN_INTERNAL_SWITCH_VERSION GOTOOLCHAIN_INTERNAL_SWITCH_COUNT\nGOTOOLCHAIN=local exec '" + realGo + "' \"$@\"\n"
		if args[1] == "toolchain-stub" {
			files["bin/go"] = "#!/bin/sh\necho \"go version " + name + " " + runtime.GOOS + "/" + runtime.GOARCH + "\"\n"
		}
		files["bin/gofmt"] = "#!/bin/sh\n"
		files["pkg/tool/x/compile"] = "#!/bin/sh\n"
		files["lib/time/README"] = "\n"
		files["src/_go.mod"] = "module std\n"
	default:
		ts.Fatalf("usage: goproxy DIR mod MODULE VERSION PKGDIR [GOLINE] | goproxy DIR toolchain goX.Y.Z")
	}
	at := filepath.Join(dir, filepath.FromSlash(mod), "@v")
	ts.Check(os.MkdirAll(at, 0o777))
	f, err := os.Create(filepath.Join(at, v+".zip"))
	ts.Check(err)
	zw := zip.NewWriter(f)
	for rel, data := range files {
		h := &zip.FileHeader{Name: mod + "@" + v + "/" + rel, Method: zip.Deflate}
		if strings.HasPrefix(rel, "bin/") {
			h.SetMode(0o755)
		}
		w, err := zw.CreateHeader(h)
		ts.Check(err)
		_, err = w.Write([]byte(data))
		ts.Check(err)
	}
	ts.Check(zw.Close())
	ts.Check(f.Close())
	gomod := "module " + mod + "\n"
	if m, ok := files["go.mod"]; ok {
		gomod = m
	}
	ts.Check(os.WriteFile(filepath.Join(at, v+".mod"), []byte(gomod), 0o666))
	ts.Check(os.WriteFile(filepath.Join(at, v+".info"), []byte(fmt.Sprintf(`{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, v)), 0o666))
	list, _ := os.ReadFile(filepath.Join(at, "list"))
	ts.Check(os.WriteFile(filepath.Join(at, "list"), append(list, v+"\n"...), 0o666))
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
