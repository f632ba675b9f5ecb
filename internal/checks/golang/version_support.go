package golang

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goreleases"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/toolversion"
)

// VersionSupport compares the local go with the newest Go releases.
var VersionSupport = &check.Check{
	ID:    "go/version-support",
	Title: "Go release support",
	Doc: check.Doc{
		What: "Compares the version of the go command on PATH (`go env GOVERSION`, run with GOTOOLCHAIN=local) with the newest Go releases. " +
			"The list of releases comes from the module proxy in GOPROXY (the versions of the golang.org/toolchain module, the same list `go list -m -versions golang.org/toolchain` prints), " +
			"cached for a day in godx's cache directory; offline, or when the proxy cannot be reached, godx uses a table of releases built into it.",
		Why: "Go supports only the two newest major releases: each major release gets security fixes and critical bug fixes until there are two newer ones. " +
			"An older go gets no more fixes, cannot build modules whose go line asks for a newer Go, and tools such as gopls support only the go command of the two newest releases. " +
			"Within a supported release, only the newest patch release has all published fixes.",
		How: "Warning when the local go is older than the two newest major releases (with go1.27.x the newest, go1.26.x is still supported and go1.25.x is not). " +
			"Info when a newer patch release of the local major release exists, when the local go is a release candidate or beta, and when it is a development build. " +
			"The release list is read from the first proxy URL in GOPROXY (entries separated by ',' or '|'; the search stops at \"direct\" or \"off\", as the go command's does) at <proxy>/golang.org/toolchain/@v/list, " +
			"counting only final releases; the answer is cached for 24 hours, and a failed query is not retried for an hour. " +
			"A proxy that cannot be reached is not a finding of this check: the built-in table is used instead and the evidence says so. The evidence always names where the release list came from.",
		Fix: "Install the newest release from https://go.dev/dl/ the same way the current one was installed (on Linux, remove /usr/local/go before unpacking the new archive; do not unpack over it), " +
			"or use your package manager (`brew upgrade go`, `winget upgrade --id GoLang.Go`). " +
			"To try a release without replacing the installed one: `go install golang.org/dl/go1.N.P@latest` then `go1.N.P download`.",
		Errors: []string{
			"go: go.mod requires go >= 1.27.0 (running go 1.25.3; GOTOOLCHAIN=local)",
			"go: golang.org/x/tools/gopls@latest: golang.org/x/tools/gopls@v0.24.0 requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)",
		},
	},
	Network: check.OptionalNetwork,
	// go env (bounded by the command timeout) plus one proxy request
	// (bounded by the 3s fetch timeout) plus a small cache file.
	Timeout:  10 * time.Second,
	Requires: []facts.Requirement{goreleases.Known},
	Run:      runGoVersionSupport,
}

func runGoVersionSupport(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("no working go command (see go/installed)")
	}
	gover := ge.Get("GOVERSION")
	local := goversion.TrimExperiments(gover) // "go1.26.8 X:nodwarf5" -> "go1.26.8"
	ev := check.Evidence{
		check.F("go command", ge.Go.Path),
		check.F("local Go (go env GOVERSION)", gover),
	}
	if strings.HasPrefix(gover, "devel") {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("The go command at %s is a development build (%s).", ge.Go.Path, gover),
			Detail:   "Development builds of Go are not releases: Go's release support policy (security fixes for the two newest major releases) does not apply to them, and godx cannot compare them with the release list.",
			Evidence: ev,
			Fix: &check.Fix{
				Description: "If this is not on purpose, put an official release first on PATH (https://go.dev/dl/).",
			},
		})
		return nil
	}
	if !goversion.IsValid(local) {
		return check.Skip("unrecognised Go version %q", gover)
	}

	rel, err := check.ResultOf(pass, goreleases.Known)
	if err != nil {
		return err
	}
	ev = append(ev, check.F("release list", rel.Source))
	ev = append(ev, rel.Notes...)
	newest := rel.Newest()
	newer, older := goversion.Supported(newest)
	supported := []string{newer, older}
	ev = append(ev,
		check.F("newest Go release", newest),
		check.F("supported major releases", strings.Join(supported, " and ")),
	)
	latestPatch := ""
	for _, v := range rel.Versions {
		if goversion.Lang(v) == goversion.Lang(local) {
			latestPatch = v
		}
	}
	if latestPatch != "" {
		ev = append(ev, check.F("newest "+goversion.Lang(local)+" release", latestPatch))
	}
	localShort := goversion.TrimGo(local)

	if !goversion.IsSupported(local, newest) {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("Go %s is no longer supported: the newest release is %s, and Go supports only the two newest major releases (%s).",
				localShort, newest, strings.Join(supported, " and ")),
			Detail: fmt.Sprintf("Each major Go release gets security fixes and critical bug fixes only until there are two newer major releases, so %s gets no more fixes. "+
				"Modules and tools that need a newer Go do not build with it: `go: go.mod requires go >= %s.0 (running go %s; GOTOOLCHAIN=local)`. "+
				"gopls supports only the go command of the two newest major releases.",
				goversion.Lang(local), goversion.TrimGo(goversion.Lang(newest)), localShort),
			Evidence: ev,
			Fix:      goVersionSupportFix(f, ge, newest),
		})
		return nil
	}
	if !goversion.IsStable(local) { // a release candidate or beta
		detail := "Release candidates and betas are for testing the next release; security fixes go into the final release and its patch releases."
		if latestPatch != "" {
			detail += fmt.Sprintf(" The final release is out: the newest %s release is %s.", goversion.Lang(local), latestPatch)
		}
		fix := &check.Fix{Description: fmt.Sprintf("Install %s.0 from https://go.dev/dl/ when it is released.", goversion.Lang(local))}
		if latestPatch != "" {
			fix = goVersionSupportFix(f, ge, latestPatch)
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("The local go is a pre-release (%s).", local),
			Detail:   detail,
			Evidence: ev,
			Fix:      fix,
		})
		return nil
	}
	if latestPatch != "" && goversion.Compare(local, latestPatch) < 0 {
		lang := goversion.Lang(local)
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("A newer %s patch release exists: %s (local go is %s).", lang, latestPatch, local),
			Detail: fmt.Sprintf("%s is still supported, but Go publishes its security fixes and critical bug fixes only as new patch releases; %s has every fix published so far for %s. "+
				"Patch releases do not change the language or the standard library's API.", lang, latestPatch, lang),
			Evidence: ev,
			Fix:      goVersionSupportFix(f, ge, latestPatch),
		})
		return nil
	}
	summary := fmt.Sprintf("Go %s is supported (newest release %s)", localShort, newest)
	if goversion.Minor(local) > goversion.Minor(newest) {
		summary = fmt.Sprintf("Go %s is newer than every release godx knows of (newest known %s)", localShort, newest)
	}
	pass.Observe(summary, ev...)
	return nil
}

// goVersionSupportFix says how to install target where the current go
// came from.
func goVersionSupportFix(f *facts.Facts, ge *facts.GoEnv, target string) *check.Fix {
	// The installation the go command lives in (bin/go -> ..), not GOROOT,
	// which may point elsewhere (go/goroot reports that).
	goroot := strings.ReplaceAll(path.Dir(path.Dir(strings.ReplaceAll(ge.Go.Resolved, `\`, "/"))), `\`, "/")
	hostOS, hostArch := ge.Get("GOHOSTOS"), ge.Get("GOHOSTARCH")
	switch {
	case hostOS == "windows":
		return &check.Fix{
			Description: fmt.Sprintf("Install %s with the official MSI installer from https://go.dev/dl/ (it replaces the old version) or with winget, then open a new terminal.", target),
			Commands:    []string{"winget upgrade --id GoLang.Go"},
		}
	case hostOS == "darwin" && (strings.Contains(goroot, "/Cellar/") || strings.Contains(goroot, "/homebrew/")):
		return &check.Fix{
			Description: "This Go was installed with Homebrew (GOROOT " + goroot + "); upgrade it there.",
			Commands:    []string{"brew update", "brew upgrade go"},
		}
	case goroot == "/usr/local/go" && hostOS != "" && hostArch != "":
		archive := fmt.Sprintf("%s.%s-%s.tar.gz", target, hostOS, hostArch)
		return &check.Fix{
			Description: fmt.Sprintf("Replace /usr/local/go with the official %s archive. Remove the old tree first: unpacking over it leaves stale files that break the installation.", target),
			Commands: []string{
				"curl -fLO https://go.dev/dl/" + archive,
				"sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf " + archive,
			},
		}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Upgrade Go the way it was installed (GOROOT is %s), or download %s from https://go.dev/dl/. To get %s without touching the installed Go, use its golang.org/dl wrapper:", goroot, target, target),
		Commands:    []string{toolversion.Install(f, "golang.org/dl/"+target, "latest", ""), target + " download"},
	}
}
