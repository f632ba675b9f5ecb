package bugreportcmd_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/cli/bugreportcmd"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/root"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/iostreams"
)

const (
	user = "zed-secretuser"
	home = "/home/" + user
	host = "zeds-laptop-secrethost.corp.example"
)

// secrets are planted in every source the report reads; none may appear
// in it, in any form the test can think of.
var secrets = []string{
	"PROXYUSERTOKEN1", "GONOSUMPW2", "ENVFILEPW3", "GOROOTPW4", "AWSSECRET5", "GHTOKEN6",
	"QUERYTOKEN7", "NETRCPW8", "NETRCLOGIN8", "VSCODEPW9", "HTTPPROXYPW10", "COPILOTTOKEN11",
	"WORKSPACETOKEN12", "secretuser", "secrethost", "box-77secret",
	"AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "copilot", // names of left-out settings too
}

// plantedMachine is a Linux machine whose every source holds a secret.
func plantedMachine(t *testing.T) *factstest.Machine {
	m := factstest.NewMachine(t).Linux().Home(home).
		// The fake go command reports what the go env -w file sets.
		Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod", "GOPRIVATE="+host+"/*", "GONOPROXY=https://envfile:ENVFILEPW3@git.corp.example").
		Path("/usr/local/go/bin", home+"/go/bin", "/usr/bin").
		Export(
			"USER="+user, "LOGNAME="+user, "HOSTNAME=build-box-77secret",
			// Go variables: a token as the URL's user, a password, the
			// user name inside a value.
			"GOPROXY=https://PROXYUSERTOKEN1@proxy.corp.example/go,direct",
			"GONOSUMDB=https://ci:GONOSUMPW2@sum.corp.example",
			"GOFLAGS=-ldflags=-X=main.builder="+user,
			// Not on the allowlist: neither value nor name is shown.
			"AWS_SECRET_ACCESS_KEY=AWSSECRET5", "GITHUB_TOKEN=GHTOKEN6",
			"MY_API=https://api.example/?token=QUERYTOKEN7",
		).
		File("/work/go.mod", "module example.com/app\n\ngo 1.22\n").
		// The go env -w file and $GOROOT/go.env.
		File(home+"/.config/go/env", "GOPRIVATE="+host+"/*\nGONOPROXY=https://envfile:ENVFILEPW3@git.corp.example\n").
		File("/usr/local/go/go.env", "GOPROXY=https://goroot:GOROOTPW4@proxy.example,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n").
		File(home+"/.netrc", "machine git.corp.example login NETRCLOGIN8 password NETRCPW8\nmachine other.example login x password y\n").
		File(home+"/.config/Code/User/settings.json", `{
	"go.toolsEnvVars": {"GOPROXY": "https://vs:VSCODEPW9@proxy.example"},
	"go.goroot": "`+home+`/sdk/go1.22",
	"http.proxy": "http://proxyuser:HTTPPROXYPW10@corp-proxy:3128",
	"github.copilot.token": "COPILOTTOKEN11",
}`).
		File("/work/.vscode/settings.json", `{"gopls": {"build.buildFlags": ["-tags=`+user+`"]}, "rest.token": "WORKSPACETOKEN12"}`)
	return m
}

func runBugreport(t *testing.T, m *factstest.Machine, args ...string) string {
	t.Helper()
	saved := bugreportcmd.Hostname
	bugreportcmd.Hostname = func() (string, error) { return host, nil }
	t.Cleanup(func() { bugreportcmd.Hostname = saved })
	ios, _, out, errOut := iostreams.Test()
	f := &command.Factory{IO: ios, OS: m, Checks: checks.All}
	if code := root.Execute(context.Background(), f, append([]string{"bugreport", "--offline"}, args...)); code != 0 {
		t.Fatalf("godx bugreport exited %d:\n%s\n%s", code, out, errOut)
	}
	return out.String()
}

func TestBugreportLeaksNoSecret(t *testing.T) {
	for _, format := range []string{"markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			var args []string
			if format == "json" {
				args = []string{"--json"}
			}
			out := runBugreport(t, plantedMachine(t), args...)
			if format == "json" && !json.Valid([]byte(out)) {
				t.Fatalf("not JSON:\n%s", out)
			}
			lower := strings.ToLower(out)
			for _, s := range secrets {
				if strings.Contains(lower, strings.ToLower(s)) {
					i := strings.Index(lower, strings.ToLower(s))
					t.Errorf("%q leaks: …%s…", s, out[max(0, i-80):min(len(out), i+40)])
				}
			}
			// What stays: the Go settings, with their secrets replaced.
			for _, want := range []string{
				"https://xxxxx@proxy.corp.example/go,direct", // GOPROXY from the environment
				"https://xxxxx@sum.corp.example",             // GONOSUMDB
				"-ldflags=-X=main.builder=<user>",
				"<host>/*", // GOPRIVATE from the go env -w file
				"https://xxxxx@git.corp.example",
				"~/.config/go/env",
				"https://xxxxx@proxy.example", // go.toolsEnvVars
				"~/sdk/go1.22",                // go.goroot
				"-tags=<user>",
				"go1.26.8",
			} {
				if format == "json" {
					want = strings.ReplaceAll(want, "<", `\u003c`)
					if !strings.Contains(out, want) {
						want = strings.ReplaceAll(want, `\u003c`, "<")
					}
				}
				if !strings.Contains(out, want) {
					t.Errorf("missing %q", want)
				}
			}
			if strings.Contains(out, "/home/") {
				i := strings.Index(out, "/home/")
				t.Errorf("a home path is left: …%s…", out[max(0, i-60):min(len(out), i+60)])
			}
		})
	}
}

// The Markdown has every part the issue asks for, and counts what it
// leaves out.
func TestBugreportMarkdownParts(t *testing.T) {
	out := runBugreport(t, plantedMachine(t))
	for _, want := range []string{
		"# godx bug report\n",
		"| system | `linux/amd64` |",
		"## How go was built",
		"## Go settings and where they come from (`godx env`)",
		"GOPRIVATE     <host>/*     ",
		"(5 on the Go allowlist; the values of 6 others are left out)", // USER, LOGNAME, HOSTNAME and the three secrets
		"netrc: `~/.netrc` lists 2 machines (its content is left out).",
		"## Tools",
		"## Editor",
		"`~/.config/Code/User/settings.json` (user), 2 other settings left out:",
		`"go.goroot": "~/sdk/go1.22"`,
		"## godx doctor",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}
