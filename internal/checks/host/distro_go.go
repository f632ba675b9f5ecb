package host

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goreleases"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
)

// DistroGo recognises a go command installed by an OS package manager
// and says when it is too old.
var DistroGo = &check.Check{
	ID:    "host/distro-go",
	Title: "Distribution-packaged Go",
	Doc: check.Doc{
		What: "Recognises where the go command on PATH was installed from, by the paths its package manager uses: Debian and Ubuntu " +
			"(/usr/lib/go-1.NN, package golang-1.NN-go), Fedora and RHEL (/usr/lib/golang), Arch, Alpine and Gentoo (/usr/lib/go), Homebrew " +
			"(…/Cellar/go or go@1.NN), snap (/snap/go), Nix (/nix/store), MacPorts (/opt/local/lib/go), Chocolatey (its bin shims and lib folder) and Scoop " +
			"(…/scoop/apps/go, …/scoop/shims). It compares the package's Go version with the project's target Go (the higher of the go and toolchain " +
			"lines of go.work or go.mod) and with Go's support window (the release list go/version-support uses).",
		Why: "Distribution packages follow the distribution's release cycle, not Go's: a stable distribution often ships a Go that is already out of " +
			"security support, or older than the go line of the modules you work on. Some packagers also set GOTOOLCHAIN=local in $GOROOT/go.env, " +
			"so the go command does not download the newer toolchain a module asks for and stops with " +
			"`go: go.mod requires go >= 1.24.0 (running go 1.22.2; GOTOOLCHAIN=local)`.",
		How: "Warning: a packaged go older than the project's target Go when the go command cannot switch toolchains (GOTOOLCHAIN local or unset, " +
			"or a go older than 1.21, which cannot switch at all); a packaged go older than the two newest major Go releases. Info: a packaged go " +
			"older than the target when GOTOOLCHAIN lets it switch (the package then only bootstraps a downloaded toolchain). " +
			"Packages that install the official build into the usual place (winget and Chocolatey's MSI in C:\\Program Files\\Go, FreeBSD's /usr/local/go) " +
			"look like official installs and are not recognised.",
		Fix: "Two ways out. Install the official toolchain from https://go.dev/dl/ (for example into /usr/local/go) and put its bin directory before the " +
			"package's on PATH (or remove the package). Or keep the package and let the go command fetch newer toolchains: " +
			"`go env -w GOTOOLCHAIN=go1.26.8+auto` (needs a packaged go of 1.21 or later; the `go env -w` file overrides a packager's $GOROOT/go.env). " +
			"A newer package (golang-1.NN-go from backports, `brew upgrade go`, `snap refresh go --channel=1.NN/stable`) works too.",
		Errors: []string{
			"go: go.mod requires go >= 1.24.0 (running go 1.22.2; GOTOOLCHAIN=local)",
			"go: errors parsing go.mod: go.mod:3: invalid go version '1.24.0': must match format 1.23",
		},
	},
	Requires: []facts.Requirement{goreleases.Known},
	Run:      runDistroGo,
}

// distroGoPackage describes the package manager a go came from.
type distroGoPackage struct {
	Name    string // "the Debian/Ubuntu package golang-1.22-go"
	Upgrade string // a command that installs a newer package, when there is one
}

var (
	distroGoDebian   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^/usr/lib/go-(1\.[0-9]+)/`) })
	distroGoHomebrew = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`/Cellar/(go(?:@1\.[0-9]+)?)/`) })
)

// distroGoRecognise matches the go command's path (as found and
// resolved) and GOROOT against package managers' install paths.
func distroGoRecognise(paths ...string) *distroGoPackage {
	for _, raw := range paths {
		p := strings.ReplaceAll(raw, `\`, "/")
		lower := strings.ToLower(p)
		switch {
		case raw == "":
		case distroGoDebian().MatchString(p + "/"):
			v := distroGoDebian().FindStringSubmatch(p + "/")[1]
			return &distroGoPackage{Name: "the Debian/Ubuntu package golang-" + v + "-go (" + "/usr/lib/go-" + v + ")"}
		case strings.HasPrefix(p+"/", "/usr/lib/golang/"):
			return &distroGoPackage{Name: "the Fedora/RHEL package golang (/usr/lib/golang)", Upgrade: "sudo dnf upgrade golang"}
		case strings.HasPrefix(p+"/", "/usr/lib/go/"):
			return &distroGoPackage{Name: "a distribution package (/usr/lib/go: Arch, Alpine, Gentoo and others)"}
		case distroGoHomebrew().MatchString(p):
			formula := distroGoHomebrew().FindStringSubmatch(p)[1]
			return &distroGoPackage{Name: "the Homebrew formula " + formula, Upgrade: "brew upgrade go"}
		case strings.HasPrefix(p, "/snap/go/") || strings.HasPrefix(p, "/snap/bin/go"):
			return &distroGoPackage{Name: "the snap package go", Upgrade: "sudo snap refresh go --channel=latest/stable"}
		case strings.HasPrefix(p, "/nix/store/"):
			return &distroGoPackage{Name: "a Nix package (/nix/store)"}
		case strings.HasPrefix(p+"/", "/opt/local/lib/go/"):
			return &distroGoPackage{Name: "the MacPorts port go", Upgrade: "sudo port selfupdate && sudo port upgrade go"}
		case strings.Contains(lower, "/chocolatey/bin/") || strings.Contains(lower, "/chocolatey/lib/golang"):
			return &distroGoPackage{Name: "the Chocolatey package golang", Upgrade: "choco upgrade golang"}
		case strings.Contains(lower, "/scoop/apps/go/") || strings.Contains(lower, "/scoop/shims/go"):
			return &distroGoPackage{Name: "the Scoop package go", Upgrade: "scoop update go"}
		}
	}
	return nil
}

func runDistroGo(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	pkg := distroGoRecognise(ge.Go.Path, ge.Go.Resolved, ge.Get("GOROOT"))
	local := goversion.TrimExperiments(ge.Get("GOVERSION"))
	ev := check.Evidence{check.F("go command", ge.Go.Path), check.F("resolved", ge.Go.Resolved), check.F("GOROOT", ge.Get("GOROOT")), check.F("GOVERSION", ge.Get("GOVERSION"))}
	if pkg == nil {
		pass.Observe("go is not from a recognised distribution package", ev...)
		return nil
	}
	ev = append(ev, check.F("installed by", pkg.Name))
	if !goversion.IsValid(local) {
		pass.Observe(fmt.Sprintf("go %s from %s", ge.Get("GOVERSION"), pkg.Name), ev...)
		return nil
	}

	target, terr := f.TargetGo()
	older := terr == nil && target.From != "go command" && goversion.Compare(target.Version, local) > 0
	if older {
		ev = append(ev, check.F("project's target Go", target.Version+" ("+target.From+" of "+target.File+")"))
	}
	rel, err := check.ResultOf(pass, goreleases.Known)
	if err != nil {
		return err
	}
	newest := rel.Newest()
	unsupported := !goversion.IsSupported(local, newest)
	ev = append(ev, check.F("newest Go release", newest+" ("+rel.Source+")"))

	// Can the go command switch to a newer toolchain?
	gotc, gotcSrc := "", "nothing sets it"
	if s, err := f.Settings(); err == nil {
		if st := s.Get("GOTOOLCHAIN"); st != nil {
			gotc = st.Value
			if st.Source != facts.FromDefault {
				gotcSrc = st.Label()
			}
		}
	}
	ev = append(ev, check.F("GOTOOLCHAIN", strings.TrimSpace(gotc+" ("+gotcSrc+")")))
	canSwitch := goversion.Compare(local, "go1.21") >= 0 && (gotc == "auto" || gotc == "path" || strings.HasSuffix(gotc, "+auto") || strings.HasSuffix(gotc, "+path"))
	short := goversion.TrimGo(local)

	if !older && !unsupported {
		pass.Observe(fmt.Sprintf("go %s from %s", short, pkg.Name), ev...)
		return nil
	}
	var why []string
	if older {
		why = append(why, fmt.Sprintf("older than this project's Go %s (%s)", target.Version, target.From))
	}
	if unsupported {
		why = append(why, fmt.Sprintf("no longer supported (the newest release is %s; Go supports the two newest major releases)", goversion.TrimGo(newest)))
	}
	sev := check.Warning
	detail := "Distribution packages follow the distribution's release cycle, not Go's, so the packaged go falls behind: it gets no security fixes once two newer Go releases are out, and modules that need a newer Go do not build with it."
	switch {
	case older && canSwitch && !unsupported:
		sev = check.Info
		detail = fmt.Sprintf("GOTOOLCHAIN=%s lets the go command download and run go%s for this project, so the package only bootstraps that toolchain; "+
			"outside the project (and for `go install pkg@version` of tools that need a newer Go) the packaged %s still runs.", gotc, target.Version, local)
	case older && !canSwitch:
		reason := fmt.Sprintf("GOTOOLCHAIN is %q (%s), so the go command does not switch", gotc, gotcSrc)
		if goversion.Compare(local, "go1.21") < 0 {
			reason = local + " predates toolchain switching (Go 1.21), so it cannot switch at all"
		}
		detail += fmt.Sprintf(" Here %s, and builds stop with\n\tgo: go.mod requires go >= %s (running go %s; GOTOOLCHAIN=local)", reason, target.Version, short)
	}
	pass.Report(check.Finding{
		Severity: sev,
		Summary:  fmt.Sprintf("The go command (Go %s) comes from %s and is %s.", short, pkg.Name, strings.Join(why, ", and ")),
		Detail:   detail,
		Evidence: ev,
		Fix:      distroGoFix(f, ge, pkg, local, newest, target, older),
	})
	return nil
}

// distroGoFix gives the two ways out: an official toolchain, or
// GOTOOLCHAIN.
func distroGoFix(f *facts.Facts, ge *facts.GoEnv, pkg *distroGoPackage, local, newest string, target facts.Target, older bool) *check.Fix {
	want := newest
	if older && goversion.Compare(target.Version, want) > 0 {
		want = goversion.WithGo(target.Version)
	}
	desc := fmt.Sprintf("Either install the official %s from https://go.dev/dl/ and put its bin directory before %s on PATH (or remove the package)", want, f.ParentDir(ge.Go.Path))
	var cmds []string
	if goversion.Compare(local, "go1.21") >= 0 {
		desc += fmt.Sprintf(", or keep the package and let the go command download %s itself: GOTOOLCHAIN=%s+auto in the `go env -w` file overrides a packager's $GOROOT/go.env", want, want)
		cmds = append(cmds, settingfix.GoEnvSet(f.GOOS(), "GOTOOLCHAIN", want+"+auto"))
	} else {
		desc += fmt.Sprintf(" (%s cannot switch toolchains: GOTOOLCHAIN needs Go 1.21 or later)", local)
	}
	desc += "."
	if pkg.Upgrade != "" {
		desc += " A newer package works too: `" + pkg.Upgrade + "`."
	}
	if f.GOOS() == "linux" && ge.Get("GOHOSTARCH") != "" {
		archive := fmt.Sprintf("%s.linux-%s.tar.gz", want, ge.Get("GOHOSTARCH"))
		cmds = append(cmds, "curl -fLO https://go.dev/dl/"+archive+" && sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf "+archive,
			`export PATH=/usr/local/go/bin:$PATH`)
	}
	return &check.Fix{Description: desc, Commands: cmds}
}
