package tools

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
	"github.com/godx-dev/godx/internal/toolversion"
)

// TinyGo checks that the TinyGo on PATH supports the Go toolchain it
// will find.
var TinyGo = &check.Check{
	ID:    "tools/tinygo",
	Title: "TinyGo",
	Doc: check.Doc{
		What: "When tinygo is on PATH, finds its release (from its build information when that names a release, otherwise by running `tinygo version` once, with a timeout and GOTOOLCHAIN=local) and the Go that built it, " +
			"and the Go toolchain TinyGo will compile with: TinyGo asks the go command on PATH (`go env GOROOT GOVERSION`) in the project directory, so that is the go command's own version, or the toolchain it switches to there (GOTOOLCHAIN=auto and a newer go or toolchain line in go.work/go.mod).",
		Why: "TinyGo compiles the standard library of the Go installation it finds, and each release supports only a window of Go versions (0.39: Go 1.19 to 1.25). Outside it every build stops with " +
			"`requires go version 1.19 through 1.25, got go1.26`, typically right after the go command was upgraded. Since 0.37 it also refuses a Go newer than the one TinyGo itself was built with: " +
			"`cannot compile with Go toolchain version go1.26 (TinyGo was built using toolchain version go1.25.10)`.",
		How: "The Go toolchain's minor version is compared with godx's table of the window of each TinyGo release (0.26 to 0.42, from builder/config.go at each tag; 0.34 to 0.36 are not in it), and, for 0.37 and later, with the Go that built tinygo. " +
			"Error outside the window or above the building Go; a warning instead when TINYGO_GOCOMPATIBILITY=false is set (0.40 and later then skip the window check, but building with an unsupported Go may fail in other ways). " +
			"Info when the release cannot be determined or is not in the table. No tinygo on PATH: nothing to check.",
		Fix: "Install a TinyGo release that supports your Go (godx names the newest one it knows), or build with a Go inside the window: install it with `go install golang.org/dl/go1.25.0@latest && go1.25.0 download` and put `$(go1.25.0 env GOROOT)/bin` first on PATH when running tinygo.",
		Errors: []string{
			"error: requires go version 1.19 through 1.25, got go1.26",
			"cannot compile with Go toolchain version go1.26 (TinyGo was built using toolchain version go1.25.10)",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runTinyGo,
}

func runTinyGo(pass *check.Pass) error {
	f := pass.Facts
	p, err := f.LookPath("tinygo")
	if err != nil {
		pass.Observe("tinygo is not on PATH")
		return nil
	}
	sel, err := projectGo(pass)
	if err != nil {
		return check.Skip("the go command is not usable, so the Go TinyGo would compile with is unknown (go/installed reports it)")
	}
	ev := check.Evidence{check.F("tinygo", p)}
	info, biErr := f.ReadBuildInfo(p)
	builtWith := ""
	tgVersion, how := "", ""
	if biErr == nil {
		builtWith = info.GoVersion
		ev = append(ev, check.F("tinygo built with", builtWith))
		if v := modversion.Release(info.Main.Version); v != "" && v == info.Main.Version {
			tgVersion, how = strings.TrimPrefix(v, "v"), "build information"
		}
	} else {
		ev = append(ev, check.F("tinygo build information", biErr.Error()))
	}
	if tgVersion == "" {
		out, runErr := toolversion.Run(pass.Context, f, p, "version")
		m, parsed := toolversion.ParseTinyGoVersion(out)
		switch {
		case runErr != nil:
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("godx cannot tell which TinyGo release %s is: `tinygo version` failed.", p),
				Detail:   runErr.Error(),
				Evidence: ev,
			})
			return nil
		case !parsed:
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("godx cannot tell which TinyGo release %s is: `tinygo version` printed %q.", p, toolversion.FirstLines(out)),
				Evidence: ev,
			})
			return nil
		}
		tgVersion, how = m.Release, "`tinygo version`"
		ev = append(ev, check.F("tinygo version", m.Line))
	}
	ev = append(ev, check.F("TinyGo release (from "+how+")", tgVersion))
	ev = append(ev, sel.Evidence()...)

	tgMinor := toolversion.TinyGoMinor(tgVersion)
	goMinor := goversion.Minor(sel.Version)
	goShown := fmt.Sprintf("go1.%d", goMinor)
	r, known := toolversion.TinyGoLookup(tgMinor)
	if !known || goMinor < 0 {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("TinyGo %s is not in godx's table of TinyGo releases: godx cannot tell whether it supports %s.", tgVersion, sel.Version),
			Detail:   fmt.Sprintf("Each TinyGo release supports a window of Go versions and stops builds outside it with `requires go version 1.X through 1.Y, got %s`; godx knows the windows of 0.26 to 0.33 and 0.37 to 0.42.", goShown),
			Evidence: ev,
		})
		return nil
	}
	ev = append(ev, check.F("TinyGo "+tgVersion+" supports", fmt.Sprintf("Go 1.%d to 1.%d", r.Min, r.Max)))
	compatOff := false
	if v, ok := f.LookupEnv("TINYGO_GOCOMPATIBILITY"); ok && tgMinor >= 40 {
		if b, err := strconv.ParseBool(v); err == nil && !b {
			compatOff = true
			ev = append(ev, check.F("TINYGO_GOCOMPATIBILITY (environment)", v))
		}
	}
	reported := false
	if goMinor < r.Min || goMinor > r.Max {
		msg := fmt.Sprintf("error: requires go version 1.%d through 1.%d, got %s", r.Min, r.Max, goShown)
		sev, detail := check.Error, fmt.Sprintf("%s, and every tinygo build stops with\n\t%s", tinygoWhy(sel), msg)
		if compatOff {
			sev = check.Warning
			detail = fmt.Sprintf("%s. TINYGO_GOCOMPATIBILITY=false turns off the check that would otherwise stop every build with\n\t%s\nbut TinyGo was not made for that Go: builds may fail on standard-library changes or miscompile.", tinygoWhy(sel), msg)
		}
		pass.Report(check.Finding{
			Severity: sev,
			Summary:  fmt.Sprintf("TinyGo %s supports Go 1.%d to 1.%d, but it would compile with %s.", tgVersion, r.Min, r.Max, sel.Version),
			Detail:   detail,
			Evidence: ev,
			Fix:      tinygoFix(f, goMinor, r),
		})
		reported = true
	}
	if built := goversion.Minor(goversion.Local(builtWith)); !reported && tgMinor >= 37 && built >= 0 && built < goMinor {
		msg := fmt.Sprintf("cannot compile with Go toolchain version %s (TinyGo was built using toolchain version %s)", goShown, builtWith)
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("TinyGo %s was built with %s, older than the %s it would compile with.", tgVersion, builtWith, sel.Version),
			Detail:   fmt.Sprintf("%s; TinyGo type-checks with the go/types it was built with and refuses a newer Go:\n\t%s", tinygoWhy(sel), msg),
			Evidence: ev,
			Fix:      tinygoFix(f, goMinor, toolversion.TinyGoRange{Min: r.Min, Max: built}),
		})
		reported = true
	}
	if !reported {
		pass.Observe(fmt.Sprintf("TinyGo %s supports Go 1.%d to 1.%d; it compiles with %s", tgVersion, r.Min, r.Max, sel.Version), ev...)
	}
	return nil
}

func tinygoWhy(sel toolversion.Selection) string {
	if sel.Switch {
		return fmt.Sprintf("TinyGo asks the go command for its GOROOT in the project directory: the go command on PATH is %s, but GOTOOLCHAIN=%s switches it to %s there (%s)", sel.Local, sel.Setting, sel.Version, sel.Target.From)
	}
	return fmt.Sprintf("TinyGo uses the Go installation of the go command on PATH, %s", sel.Version)
}

// tinygoFix: a TinyGo release for this Go, or a Go inside the window.
func tinygoFix(f *facts.Facts, goMinor int, r toolversion.TinyGoRange) *check.Fix {
	// golang.org/dl names releases as the go command does: go1.20, go1.21.0.
	want := goversion.Release(fmt.Sprintf("1.%d", r.Max))
	if goMinor < r.Min {
		want = goversion.Release(fmt.Sprintf("1.%d", r.Min))
	}
	desc := fmt.Sprintf("Build with a Go inside TinyGo's window: install %s next to your go command and put its bin directory first on PATH when running tinygo", want)
	if best := toolversion.TinyGoBest(goMinor); best != "" {
		desc = fmt.Sprintf("Install TinyGo %s (https://tinygo.org/getting-started/install/), the newest release godx knows that supports go1.%d; or build with a Go inside the current TinyGo's window: install %s and put its bin directory first on PATH when running tinygo", best, goMinor, want)
	}
	cmds := []string{toolversion.Install(f, "golang.org/dl/"+want, "latest", ""), want + " download"}
	if f.GOOS() == "windows" {
		cmds = append(cmds, fmt.Sprintf("$env:PATH = \"$(%s env GOROOT)\\bin;$env:PATH\"", want))
	} else {
		cmds = append(cmds, fmt.Sprintf(`export PATH="$(%s env GOROOT)/bin:$PATH"`, want))
	}
	return &check.Fix{Description: desc + ".", Commands: cmds}
}
