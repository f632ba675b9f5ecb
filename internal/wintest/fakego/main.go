// Command fakego is the go.exe of the small fake toolchains the Windows
// suite installs through a file:// GOPROXY (a real one is 250 MB and takes
// minutes to unpack under Wine). It answers `go version` from the
// toolchain's VERSION file, as `go version` of that release would, and
// fails anything else.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

func main() {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakego:", err)
		os.Exit(2)
	}
	data, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(exe)), "VERSION"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakego:", err)
		os.Exit(2)
	}
	name, _, _ := strings.Cut(string(data), "\n")
	if len(os.Args) == 2 && os.Args[1] == "version" {
		fmt.Printf("go version %s %s/%s\n", name, runtime.GOOS, runtime.GOARCH)
		return
	}
	fmt.Fprintf(os.Stderr, "fake %s: %s\n", name, strings.Join(os.Args[1:], " "))
	os.Exit(3)
}
