package difftest

import "runtime"

// Regressions are the disagreements that earlier runs of the harness found
// (issue 12, section 2, items 1–15), each kept as a scenario that must
// agree completely. Names start with the item number.
func Regressions(v Versions) []Scenario {
	next := "go" + v.Next + ".0"
	mod := func(goLine string, extra ...string) map[string]string {
		files := map[string]string{
			"m/go.mod":  goMod("example.com/m", goLine, "", ""),
			"m/main.go": mainGo(`"fmt"`, `fmt.Println("hi")`),
		}
		for i := 0; i+1 < len(extra); i += 2 {
			files[extra[i]] = extra[i+1]
		}
		return files
	}
	subMain := mainGo(`"example.com/m/sub"`, `println(sub.X)`)
	cgoSub := "package csub\n\n// int three(void) { return 3; }\nimport \"C\"\n\nfunc Three() int { return int(C.three()) }\n"
	hostTools := runtime.GOOS + "_" + runtime.GOARCH
	oldTree := map[string]string{"oldgo/src": "$GOROOT/src", "oldgo/pkg/include": "$GOROOT/pkg/include"}
	for _, tool := range []string{"asm", "cgo", "link", "pack", "vet", "buildid"} {
		oldTree["oldgo/pkg/tool/"+hostTools+"/"+tool] = "$GOROOT/pkg/tool/" + hostTools + "/" + tool
	}
	cases := []Scenario{
		// 1. Availability before verification: GOPROXY=off cannot
		// download, whatever GOSUMDB says.
		{Name: "01-goproxy-off-not-downloaded", Files: mod(v.Next), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOPROXY": "off"}},
		{Name: "01-goproxy-off-cached", Files: mod(v.Next), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOPROXY": "off"}, Cached: []string{next}},
		// 2. The download error keeps its "download go1.X.Y: " prefix;
		// the verification of a cached toolchain has none.
		{Name: "02-verify-while-downloading", Files: mod(v.Next), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOPROXY": "$PROXY,off"}},
		{Name: "02-verify-cached", Files: mod(v.Next), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOPROXY": "$PROXY,off"}, Cached: []string{next}},
		// 3. A switched toolchain uses its own GOROOT.
		{Name: "03-goroot-missing-switch", Files: mod(v.Next), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOROOT": "$ROOT/go-removed"}, Cached: []string{next}},
		{Name: "03-goroot-missing-switch-toolchain-line", Files: mod(v.Old, "m/go.mod", goMod("example.com/m", v.Old, next, "")),
			Env: map[string]string{"GOTOOLCHAIN": "auto", "GOROOT": "$ROOT/go-removed"}, Cached: []string{next}},
		{Name: "03-goroot-not-go-switch", Files: mod(v.Old, "m/go.mod", goMod("example.com/m", v.Old, next, ""), "notgo/", ""),
			Env: map[string]string{"GOTOOLCHAIN": "auto", "GOROOT": "$ROOT/notgo"}, Cached: []string{next}},
		// 4. go.work older than a module it lists.
		{Name: "04-gowork-go-older-than-module", Files: mod(v.LocalLang, "go.work", goWork(v.Old, "", false, "./m"))},
		{Name: "04-gowork-without-go-line", Files: mod(v.LocalLang, "go.work", goWork("", "", false, "./m"))},
		// 5. go.work lists a directory without go.mod.
		{Name: "05-gowork-use-without-gomod", Files: map[string]string{
			"m/main.go": mainGo(`"fmt"`, `fmt.Println("hi")`), "go.work": goWork(v.LocalLang, "", false, "./m")}},
		// 6. Without a go line, vendor/ is not used by default.
		{Name: "06-no-go-line-vendor-without-modules-txt", Files: mod("none", "m/vendor/README", "x\n")},
		{Name: "06-no-go-line-vendor-flag", Files: mod("none", "m/vendor/README", "x\n"), Env: map[string]string{"GOFLAGS": "-mod=vendor"}},
		// 7. An unquoted GOFLAGS entry with a space: builds work, go env
		// does not.
		{Name: "07-goflags-ldflags-unquoted", Files: mod(v.LocalLang), Env: map[string]string{"GOFLAGS": "-ldflags=-s -w"}},
		{Name: "07-goflags-ldflags-unquoted-go-env-file", Files: mod(v.LocalLang, "home/.config/go/env", "GOFLAGS=-ldflags=-s -w\n")},
		{Name: "07-goflags-go-env-flag-and-bad-go111module", Files: mod(v.LocalLang, "home/.config/go/env", "GOFLAGS=-ldflags=-s -w\n"),
			Env: map[string]string{"GO111MODULE": "bogus"}},
		// 8. -modfile and -mod in and out of workspace mode.
		{Name: "08-modfile-missing", Files: mod(v.LocalLang), Env: map[string]string{"GOFLAGS": "-modfile=$ROOT/m/missing.mod"}},
		{Name: "08-modfile-in-workspace", Files: mod(v.LocalLang, "go.work", goWork(v.Local, "", false, "./m"), "m/alt.mod", goMod("example.com/m", v.LocalLang, "", "")),
			Env: map[string]string{"GOFLAGS": "-modfile=$ROOT/m/alt.mod"}},
		{Name: "08-modfile-replaces-broken-go-mod", Files: mod(v.LocalLang, "m/go.mod", goMod("example.com/m", v.LocalLang, "", "no-module-line"),
			"m/alt.mod", goMod("example.com/m", v.LocalLang, "", "")), Env: map[string]string{"GOFLAGS": "-modfile=$ROOT/m/alt.mod"}},
		{Name: "08-modfile-outside-module", Files: map[string]string{"m/main.go": mainGo(`"fmt"`, `fmt.Println("hi")`), "m/alt.mod": goMod("example.com/m", v.LocalLang, "", "")},
			Env: map[string]string{"GO111MODULE": "auto", "GOFLAGS": "-modfile=$ROOT/m/alt.mod"}},
		{Name: "08-modfile-modules-off", Files: mod(v.LocalLang, "m/alt.mod", goMod("example.com/m", v.LocalLang, "", "")),
			Env: map[string]string{"GO111MODULE": "off", "GOFLAGS": "-modfile=$ROOT/m/alt.mod"}},
		{Name: "08-mod-bogus-in-workspace", Files: mod(v.LocalLang, "go.work", goWork(v.Local, "", false, "./m")), Env: map[string]string{"GOFLAGS": "-mod=bogus"}},
		{Name: "08-mod-vendor-in-workspace", Files: mod(v.LocalLang, "go.work", goWork(v.Local, "", false, "./m")), Env: map[string]string{"GOFLAGS": "-mod=vendor"}},
		// 9. A cgo-only package nobody imports, with cgo off: ./... skips
		// it; one that is imported breaks the build.
		{Name: "09-cgo-only-unimported", Files: mod(v.LocalLang, "m/csub/c.go", cgoSub), Env: map[string]string{"CGO_ENABLED": "0"}},
		{Name: "09-cgo-only-main", Files: mod(v.LocalLang, "m/main.go", "package main\n\n// int two(void) { return 2; }\nimport \"C\"\n\nfunc main() { println(C.two()) }\n"),
			Env: map[string]string{"CGO_ENABLED": "0"}},
		{Name: "09-cgo-only-imported", Files: mod(v.LocalLang, "m/csub/c.go", cgoSub, "m/main.go", mainGo(`"example.com/m/csub"`, `println(csub.Three())`)),
			Env: map[string]string{"CGO_ENABLED": "0"}},
		// 10. GO111MODULE=off with a go.mod: std-only code builds, imports
		// of the module's own packages do not.
		{Name: "10-gopath-mode-std-only", Files: mod(v.LocalLang), Env: map[string]string{"GO111MODULE": "off"}},
		{Name: "10-gopath-mode-no-go-mod-own-import", Files: map[string]string{"m/main.go": subMain, "m/sub/sub.go": "package sub\n\nconst X = 1\n"},
			Env: map[string]string{"GO111MODULE": "off"}},
		{Name: "10-gopath-mode-own-import", Files: mod(v.LocalLang, "m/main.go", subMain, "m/sub/sub.go", "package sub\n\nconst X = 1\n"), Env: map[string]string{"GO111MODULE": "off"}},
		// 11. No C compiler, but the build needs cgo through net or
		// os/user.
		{Name: "11-cc-missing-net", Files: mod(v.LocalLang, "m/main.go", mainGo(`"net"`, `println(net.IPv4len)`)), Env: map[string]string{"CC": "nosuch-cc"}},
		{Name: "11-cc-missing-os-user", Files: mod(v.LocalLang, "m/main.go", mainGo(`"os/user"`, `user.Current()`)), Env: map[string]string{"CC": "nosuch-cc", "CGO_ENABLED": "1"}},
		{Name: "11-cc-missing-std-only", Files: mod(v.LocalLang), Env: map[string]string{"CC": "nosuch-cc", "CGO_ENABLED": "1"}},
		// 12. An old go line with a dependency that needs a newer Go.
		{Name: "12-old-go-line-newer-dependency", Files: map[string]string{
			"m/go.mod":   goMod("example.com/m", "1.13", "", "newer-dep"),
			"m/main.go":  mainGo(`"example.com/dep"`, `println(dep.X)`),
			"dep/go.mod": goMod("example.com/dep", v.Old, "", ""), "dep/dep.go": "package dep\n\nconst X = 1\n"}},
		{Name: "12-pruned-graph-dependency-not-imported", Files: map[string]string{
			"m/go.mod":   goMod("example.com/m", "1.21", "", "newer-dep"),
			"m/main.go":  mainGo(`"fmt"`, `fmt.Println("hi")`),
			"dep/go.mod": goMod("example.com/dep", v.Old, "", ""), "dep/dep.go": "package dep\n\nconst X = 1\n"}},
		// The go command also rewrites a toolchain line it has no use for.
		{Name: "12-toolchain-line-default", Files: mod(v.Old, "m/go.mod", goMod("example.com/m", v.Old, "default", ""))},
		{Name: "12-toolchain-line-equals-go-line", Files: mod(v.Old, "m/go.mod", goMod("example.com/m", v.Old, "go"+v.Old, ""))},
		// 13. Parse errors inside a workspace, and position prefixes.
		{Name: "13-syntax-error-in-workspace", Files: mod(v.LocalLang, "m/go.mod", goMod("example.com/m", v.LocalLang, "", "syntax"), "go.work", goWork(v.Local, "", false, "./m"))},
		{Name: "13-goroot-not-go-position", Files: mod(v.LocalLang, "notgo/", ""), Env: map[string]string{"GOROOT": "$ROOT/notgo"}},
		// 14. A GOROOT whose compiler cannot be run: an older tree (its
		// VERSION says so) whose compile lost its execute bit.
		{Name: "14-goroot-compiler-not-executable", Files: mod(v.LocalLang, "oldgo/VERSION", "go"+v.OldRel+"\ntime 2024-01-01T00:00:00Z\n",
			"oldgo/pkg/tool/"+hostTools+"/compile", "#!/bin/sh\necho compile version go"+v.OldRel+"\n"),
			Links: oldTree, Env: map[string]string{"GOROOT": "$ROOT/oldgo"}},
		// A relative GOWORK: with switching on, the go command reads it
		// while choosing the toolchain and says "go: " twice.
		{Name: "15-gowork-relative-switching", Files: mod(v.LocalLang), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOWORK": "go.work"}},
		{Name: "15-gowork-relative-local", Files: mod(v.LocalLang), Env: map[string]string{"GOTOOLCHAIN": "local", "GOWORK": "go.work"}},
		// 15. Toolchain selection comes before GOPATH, GOROOT and GOFLAGS.
		{Name: "15-switch-before-gopath", Files: mod(v.Next), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOPATH": "gp"}, Cached: []string{next}},
		{Name: "15-switch-before-goflags", Files: mod(v.Next), Env: map[string]string{"GOTOOLCHAIN": "auto", "GOFLAGS": "-bogus"}, Cached: []string{next}},
		{Name: "15-local-goflags-and-gopath", Files: mod(v.LocalLang), Env: map[string]string{"GOFLAGS": "-bogus", "GOPATH": "gp"}},
	}
	for i := range cases {
		if cases[i].Dir == "" {
			cases[i].Dir = "m"
		}
		if cases[i].Env == nil {
			cases[i].Env = map[string]string{}
		}
	}
	return cases
}
