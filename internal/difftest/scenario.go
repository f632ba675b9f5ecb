// Package difftest is godx's differential test: it generates situations
// (a project tree and a Go environment) from a seed, runs the real go
// command in each (`go version`, `go env`, `go env -json`,
// `go build ./...`, `go list ./...`) and godx's doctor through its real
// pipeline, and
// measures whether they agree: godx reports an error exactly when the go
// command fails for that cause, the toolchain godx says will run is the
// one that ran, and every go error godx quotes is a line the go command
// printed. Newer Go releases are small fake toolchains served from a local
// file:// GOPROXY (they answer `go version` and hand every other command to
// the local go command), so nothing touches the network.
package difftest

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/godx-dev/godx/internal/goversion"
)

// Scenario is one situation: files under a fresh root and an environment
// built from nothing (no variable of the test process leaks in). Values
// may use the placeholders $ROOT (the scenario's root), $HOME ($ROOT/home),
// $GOROOT (the local go command's installation) and $PROXY (the file://
// GOPROXY of fake toolchains).
type Scenario struct {
	Name string
	// Dims are the choices that made the scenario, for reports.
	Dims []string
	// Files are relative to the root, with forward slashes; a directory
	// is a name ending in "/".
	Files map[string]string
	// Links are symbolic links (name: target), made after Files.
	Links map[string]string
	// Dir is the working directory, relative to the root.
	Dir string
	// Env is added to the base environment (Base); Unset removes base
	// variables.
	Env   map[string]string
	Unset []string
	// Cached toolchains are in the module cache before anything runs;
	// OnPath ones are goX.Y.Z commands in a PATH directory.
	Cached, OnPath []string
	// NoCC leaves the directories holding the C compiler off PATH.
	NoCC bool
}

// BadGOROOT reports whether the scenario points GOROOT (environment or go
// env -w file) at a directory that is not a complete Go installation.
func (s Scenario) BadGOROOT() bool {
	for _, v := range []string{s.Env["GOROOT"], s.Files["home/.config/go/env"]} {
		for _, dir := range []string{"$ROOT/notgo", "$ROOT/oldgo", "$ROOT/go-removed"} {
			if strings.Contains(v, dir) {
				return true
			}
		}
	}
	return false
}

// Versions are the Go versions scenarios name, relative to the local go
// command, so the harness keeps working when the local Go is upgraded.
type Versions struct {
	Local     string // "1.26.8"
	LocalLang string // "1.26"
	Next      string // "1.27": its release go1.27.0 is a fake toolchain
	Next2     string // "1.28.1": a fake toolchain
	Old       string // "1.22": older language version
	OldRel    string // "1.22.5": a fake toolchain
	Missing   string // "1.29.0": no such toolchain in the proxy
}

// NewVersions derives the versions from the local go's "1.M.P".
func NewVersions(local string) (Versions, error) {
	var major, minor, patch int
	if _, err := fmt.Sscanf(local, "%d.%d.%d", &major, &minor, &patch); err != nil || major != 1 || minor < 21 {
		return Versions{}, fmt.Errorf("local Go version %q is not a release 1.21.0 or later", local)
	}
	return Versions{
		Local:     local,
		LocalLang: fmt.Sprintf("1.%d", minor),
		Next:      fmt.Sprintf("1.%d", minor+1),
		Next2:     fmt.Sprintf("1.%d.1", minor+2),
		Old:       fmt.Sprintf("1.%d", minor-4),
		OldRel:    fmt.Sprintf("1.%d.5", minor-4),
		Missing:   fmt.Sprintf("1.%d.0", minor+3),
	}, nil
}

// Fakes are the fake toolchains the proxy serves.
func (v Versions) Fakes() []string {
	return []string{"go" + v.Next + ".0", "go" + v.Next2, "go" + v.OldRel}
}

// choice is one value of a dimension with its weight.
type choice struct {
	w int
	v string
}

// dimensions are the names a scenario varies; each has plain values (what
// most setups have) and trouble values.
var dimensions = []string{
	"go.mod", "go", "toolchain", "go.mod-flaw", "vendor", "go.work", "go.work-go", "GOTOOLCHAIN", "GOPROXY",
	"on-PATH", "GOWORK", "GO111MODULE", "GOFLAGS", "GOPATH", "GOROOT", "CGO_ENABLED", "CC", "no-C-compiler",
}

type gen struct {
	r    *rand.Rand
	s    *Scenario
	vers Versions
	// trouble holds the dimensions that take a trouble value: zero to
	// three per scenario, so that problems meet but do not pile up.
	trouble map[string]bool
	// newest go line of the go.mod and go.work ("" when none)
	newestGo string
}

// pick chooses a value of dimension name, among the trouble values when
// the scenario perturbs it, else among the plain ones; "" is recorded as
// nothing.
func (g *gen) pick(name string, plain []choice, trouble ...choice) string {
	cs := plain
	if g.trouble[name] && len(trouble) > 0 {
		cs = trouble
	}
	total := 0
	for _, c := range cs {
		total += c.w
	}
	if total == 0 {
		cs, total = plain, 0
		for _, c := range cs {
			total += c.w
		}
	}
	n := g.r.IntN(total)
	for _, c := range cs {
		if n < c.w {
			if c.v != "" {
				g.s.Dims = append(g.s.Dims, name+"="+c.v)
			}
			return c.v
		}
		n -= c.w
	}
	panic("unreachable")
}

func plain(vs ...string) []choice {
	cs := make([]choice, len(vs))
	for i, v := range vs {
		cs[i] = choice{1, v}
	}
	return cs
}

func (g *gen) chance(pct int) bool { return g.r.IntN(100) < pct }

// Generate builds the scenario of one seed.
func Generate(seed uint64, v Versions) Scenario {
	s := Scenario{
		Name:  fmt.Sprintf("seed-%d", seed),
		Files: map[string]string{},
		Dir:   "m",
		Env:   map[string]string{},
	}
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), s: &s, vers: v, trouble: map[string]bool{}}
	k := []int{0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3}[g.r.IntN(20)]
	for _, i := range g.r.Perm(len(dimensions))[:k] {
		g.trouble[dimensions[i]] = true
	}
	g.project()
	g.environment()
	sort.Strings(s.Dims)
	return s
}

// project writes the module, its sources, vendor directory and go.work.
func (g *gen) project() {
	v, s := g.vers, g.s
	hasMod := g.pick("go.mod", plain(""), choice{1, "none"}) == ""
	goLine := g.pick("go", plain("1.21", v.Old, v.Old+".0", v.LocalLang, v.Local),
		choice{8, "none"}, choice{6, "1.13"}, choice{10, v.Next}, choice{6, v.Next + ".0"}, choice{3, v.Next2}, choice{3, v.Missing})
	tc := g.pick("toolchain", plain(""), choice{10, "go" + v.Next + ".0"}, choice{6, "go" + v.Next2},
		choice{4, "go" + v.Old}, choice{5, "default"}, choice{4, "go" + v.OldRel}, choice{3, "go" + v.Missing})
	flaw := g.pick("go.mod-flaw", plain(""), choice{5, "syntax"}, choice{3, "bom"}, choice{3, "no-module-line"}, choice{5, "newer-dep"})
	src := g.pick("src", []choice{{46, "std"}, {14, "sub"}, {10, "net"}, {5, "os/user"}, {10, "cgo"}, {10, "cgo-only-sub"}, {5, "cgo-fallback"}})
	vendor := g.pick("vendor", plain(""), choice{7, "no-modules.txt"}, choice{4, "consistent"}, choice{3, "inconsistent"})
	work := g.pick("go.work", []choice{{80, ""}, {20, "lists-m"}}, choice{5, "lists-other"}, choice{5, "in-module"}, choice{3, "syntax"}, choice{3, "lists-m-toolchain"})
	workGo := ""
	if work != "" {
		workGo = g.pick("go.work-go", plain(v.Local), choice{15, "none"}, choice{4, "1.18"}, choice{8, "1.21"}, choice{12, v.Old}, choice{6, v.Next})
	}
	for _, l := range []string{goLine, workGo} {
		if l != "none" && l != "" && (g.newestGo == "" || goversion.Compare(l, g.newestGo) > 0) {
			g.newestGo = l
		}
	}
	if hasMod {
		s.Files["m/go.mod"] = goMod("example.com/m", goLine, tc, flaw)
		if flaw == "newer-dep" {
			// A dependency whose go line is newer than the main module's,
			// replaced by a local directory (no download, no checksum).
			s.Files["dep/go.mod"] = goMod("example.com/dep", v.Old, "", "")
			s.Files["dep/dep.go"] = "package dep\n\nconst X = 1\n"
		}
	}
	switch src {
	case "std":
		s.Files["m/main.go"] = mainGo(`"fmt"`, `fmt.Println("hi")`)
	case "sub":
		s.Files["m/main.go"] = mainGo(`"example.com/m/sub"`, `println(sub.X)`)
		s.Files["m/sub/sub.go"] = "package sub\n\nconst X = 1\n"
	case "net":
		s.Files["m/main.go"] = mainGo(`"net"`, `println(net.IPv4len)`)
	case "os/user":
		s.Files["m/main.go"] = mainGo(`"os/user"`, `user.Current()`)
	case "cgo":
		s.Files["m/main.go"] = "package main\n\n// int two(void) { return 2; }\nimport \"C\"\n\nfunc main() { println(C.two()) }\n"
	case "cgo-only-sub":
		s.Files["m/main.go"] = mainGo(`"fmt"`, `fmt.Println("hi")`)
		s.Files["m/csub/c.go"] = "package csub\n\n// int three(void) { return 3; }\nimport \"C\"\n\nfunc Three() int { return int(C.three()) }\n"
	case "cgo-fallback":
		s.Files["m/main.go"] = mainGo(`"fmt"`, `fmt.Println("hi")`)
		s.Files["m/csub/c.go"] = "package csub\n\n// int three(void) { return 3; }\nimport \"C\"\n\nfunc Three() int { return int(C.three()) }\n"
		s.Files["m/csub/pure.go"] = "//go:build !cgo\n\npackage csub\n\nfunc Three() int { return 3 }\n"
	}
	switch vendor {
	case "no-modules.txt":
		s.Files["m/vendor/README"] = "vendored code was here\n"
	case "consistent":
		s.Files["m/vendor/modules.txt"] = ""
	case "inconsistent":
		s.Files["m/vendor/modules.txt"] = "# example.com/gone v1.0.0\n## explicit\nexample.com/gone\n"
	}
	switch work {
	case "lists-m", "syntax":
		s.Files["go.work"] = goWork(workGo, "", work == "syntax", "./m")
	case "lists-m-toolchain":
		s.Files["go.work"] = goWork(workGo, "go"+v.Next+".0", false, "./m")
	case "lists-other":
		s.Files["other/go.mod"] = goMod("example.com/other", v.Old, "", "")
		s.Files["other/other.go"] = "package other\n"
		s.Files["go.work"] = goWork(workGo, "", false, "./other")
	case "in-module":
		s.Files["m/go.work"] = goWork(workGo, "", false, ".")
	}
}

// environment picks the variables.
func (g *gen) environment() {
	v, s := g.vers, g.s
	inFile := map[string]string{} // the go env -w file
	set := func(name, value string) {
		if value != "" {
			s.Env[name] = value
		}
	}
	setSomewhere := func(name, value string) {
		if value == "" {
			return
		}
		if g.chance(15) {
			inFile[name] = value
			s.Dims = append(s.Dims, name+"-in-go-env-file")
			return
		}
		set(name, value)
	}

	// The fake of an older release is the local go under another name:
	// it cannot refuse a go line newer than itself as the real one would,
	// so it is only chosen where the real one would run.
	oldOK := 3
	if g.newestGo != "" && goversion.Compare(g.newestGo, v.OldRel) > 0 {
		oldOK = 0
	}
	setSomewhere("GOTOOLCHAIN", g.pick("GOTOOLCHAIN", []choice{{50, ""}, {20, "local"}, {30, "auto"}}, choice{5, "path"},
		choice{6, "go" + v.Next + ".0"}, choice{5, "go" + v.Next + ".0+auto"}, choice{oldOK, "go" + v.OldRel}, choice{3, "local+path"},
		choice{2, "go1.x"}, choice{2, "local+foo"}, choice{2, "go" + v.Next2 + "+path"}))
	// GOSUMDB stays off: with it on, the go command asks the checksum
	// database about every toolchain it downloads, even from a file://
	// proxy, and the harness never reaches the network.
	switch g.pick("GOPROXY", plain(""), choice{70, "off"}, choice{30, "file-then-off"}) {
	case "off":
		set("GOPROXY", "off")
	case "file-then-off":
		set("GOPROXY", "$PROXY,off")
	}
	if g.chance(40) {
		s.Cached = append(s.Cached, "go"+v.Next+".0")
		s.Dims = append(s.Dims, "cached=go"+v.Next+".0")
	}
	if g.pick("on-PATH", plain(""), choice{1, "go" + v.Next + ".0"}) != "" {
		s.OnPath = append(s.OnPath, "go"+v.Next+".0")
	}
	switch g.pick("GOWORK", plain(""), choice{6, "off"}, choice{4, "missing"}, choice{3, "relative"}, choice{3, "other-file"}) {
	case "off":
		set("GOWORK", "off")
	case "missing":
		set("GOWORK", "$ROOT/nowhere/go.work")
	case "relative":
		set("GOWORK", "go.work")
	case "other-file":
		s.Files["ws/go.work"] = goWork(v.Local, "", false, "../m")
		set("GOWORK", "$ROOT/ws/go.work")
	}
	setSomewhere("GO111MODULE", g.pick("GO111MODULE", []choice{{85, ""}, {15, "on"}}, choice{10, "off"}, choice{6, "auto"}, choice{3, "bogus"}))
	flags := g.pick("GOFLAGS", []choice{{80, ""}, {7, "-buildvcs=false"}, {7, "-tags=x"}, {6, "-trimpath -v"}},
		choice{7, "-mod=vendor"}, choice{5, "-mod=mod"}, choice{3, "-mod=readonly"}, choice{3, "-mod=bogus"},
		choice{3, "-modfile=missing.mod"}, choice{2, "-modfile=alt.mod"}, choice{3, "-ldflags=-s -w"}, choice{2, `"-ldflags=-s -w"`},
		choice{3, "-bogus"}, choice{2, "-tags x"}, choice{1, "-insecure"}, choice{2, "-race"})
	switch flags {
	case "-modfile=missing.mod":
		flags = "-modfile=$ROOT/m/missing.mod"
	case "-modfile=alt.mod":
		flags = "-modfile=$ROOT/m/alt.mod"
		s.Files["m/alt.mod"] = goMod("example.com/m", v.Old, "", "")
	}
	setSomewhere("GOFLAGS", flags)
	switch g.pick("GOPATH", []choice{{85, ""}, {15, "absolute"}}, choice{6, "relative"}, choice{4, "tilde"}, choice{4, "goroot"}, choice{3, "abs:relative"}, choice{3, "inside-goroot"}) {
	case "absolute":
		setSomewhere("GOPATH", "$HOME/gp")
	case "relative":
		setSomewhere("GOPATH", "gp")
	case "tilde":
		setSomewhere("GOPATH", "~/go")
	case "goroot":
		set("GOPATH", "$GOROOT")
	case "abs:relative":
		set("GOPATH", "$HOME/gp:gp")
	case "inside-goroot":
		set("GOPATH", "$GOROOT/gopath-inside")
	}
	switch g.pick("GOROOT", plain(""), choice{8, "own"}, choice{9, "missing"}, choice{5, "not-go"}, choice{4, "missing-in-go-env-file"}) {
	case "own":
		set("GOROOT", "$GOROOT")
	case "missing":
		set("GOROOT", "$ROOT/go-removed")
	case "not-go":
		s.Files["notgo/"] = ""
		set("GOROOT", "$ROOT/notgo")
	case "missing-in-go-env-file":
		inFile["GOROOT"] = "$ROOT/go-removed"
	}
	set("CGO_ENABLED", g.pick("CGO_ENABLED", []choice{{60, ""}, {20, "0"}, {20, "1"}}, choice{1, "yes"}))
	switch g.pick("CC", []choice{{80, ""}, {8, "gcc"}, {6, "absolute"}, {6, "with-flags"}}, choice{1, "nosuch-cc"}) {
	case "nosuch-cc":
		set("CC", "nosuch-cc")
	case "gcc":
		set("CC", "gcc")
	case "absolute":
		set("CC", "/usr/bin/gcc")
	case "with-flags":
		set("CC", "gcc -O2")
	}
	// Without the system directories on PATH, a CC given as an absolute
	// path still starts but finds no assembler: host/c-toolchain's
	// business, not compared here.
	if g.pick("no-C-compiler", plain(""), choice{1, "on-PATH"}) != "" {
		if s.Env["CC"] == "/usr/bin/gcc" {
			s.Dims = s.Dims[:len(s.Dims)-1]
		} else {
			s.NoCC = true
		}
	}
	if len(inFile) > 0 {
		var b strings.Builder
		keys := make([]string, 0, len(inFile))
		for k := range inFile {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s=%s\n", k, inFile[k])
		}
		s.Files["home/.config/go/env"] = b.String()
	}
}

func mainGo(imp, body string) string {
	return "package main\n\nimport " + imp + "\n\nfunc main() { " + body + " }\n"
}

// goMod writes a go.mod; goLine "none" leaves the go line out.
func goMod(path, goLine, toolchain, flaw string) string {
	var b strings.Builder
	if flaw == "bom" {
		b.WriteString("\ufeff")
	}
	if flaw != "no-module-line" {
		b.WriteString("module " + path + "\n")
	}
	if goLine != "none" && goLine != "" {
		b.WriteString("\ngo " + goLine + "\n")
	}
	if toolchain != "" {
		b.WriteString("\ntoolchain " + toolchain + "\n")
	}
	switch flaw {
	case "syntax":
		b.WriteString("\nbogus directive\n")
	case "newer-dep":
		b.WriteString("\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep\n")
	}
	return b.String()
}

// goWork writes a go.work; goLine "none" or "" leaves the go line out.
func goWork(goLine, toolchain string, syntax bool, uses ...string) string {
	var b strings.Builder
	if goLine != "none" && goLine != "" {
		b.WriteString("go " + goLine + "\n\n")
	}
	if toolchain != "" {
		b.WriteString("toolchain " + toolchain + "\n\n")
	}
	for _, u := range uses {
		b.WriteString("use " + u + "\n")
	}
	if syntax {
		b.WriteString("\nbogus directive\n")
	}
	return b.String()
}
