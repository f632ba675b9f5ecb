package golang

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const goEnvFileTPath = "/home/u/.config/go/env"

// goEnvFileTNew is a Linux machine with go1.26.8 on PATH and, unless file
// is "", a go env -w file holding file.
func goEnvFileTNew(t *testing.T, file string) *factstest.Machine {
	o := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8")
	if file != "" {
		o.File(goEnvFileTPath, file)
	}
	return o
}

func goEnvFileTRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, EnvFile, o, facts.Options{Offline: true})
	if r.Err != nil || r.SkipReason != "" {
		t.Fatalf("err=%v skip=%q", r.Err, r.SkipReason)
	}
	return r
}

func TestGoEnvFile_NoFileIsClean(t *testing.T) {
	checktest.Clean(t, goEnvFileTRun(t, goEnvFileTNew(t, "")), "no go env -w file ("+goEnvFileTPath+")")
}

func TestGoEnvFile_SettingsAreListed(t *testing.T) {
	o := goEnvFileTNew(t, "# my settings\n\nGOPRIVATE=example.com/*\nGOFLAGS=-mod=mod\n")
	o.Export("GOFLAGS=-mod=mod") // same value: not a conflict
	r := goEnvFileTRun(t, o)
	fd := checktest.OnlyWithFix(t, r, check.Info, "The go env -w file sets GOFLAGS=-mod=mod, GOPRIVATE=example.com/*.",
		"the environment sets the same value")
	if checktest.Evidence(fd.Evidence, "go env -w file") != goEnvFileTPath {
		t.Errorf("evidence: %+v", fd.Evidence)
	}
}

func TestGoEnvFile_EnvironmentOverrides(t *testing.T) {
	o := goEnvFileTNew(t, "GOPROXY=https://proxy.corp.example.invalid\nGOFLAGS=-mod=mod\n")
	o.Export("GOPROXY=https://other.example.invalid,direct")
	o.Export("GOFLAGS=") // empty: the file's value applies, like cmd/go
	r := goEnvFileTRun(t, o)
	fd := checktest.OnlyWithFix(t, r, check.Warning,
		"The environment overrides GOPROXY from the go env -w file with a different value: the environment's value wins and the file's is ignored.",
		"GOPROXY (environment variable, wins): https://other.example.invalid,direct",
		"GOPROXY (go env -w file, ignored): https://proxy.corp.example.invalid",
		"go env -u GOPROXY", "`unset GOPROXY`")
	if strings.Contains(fd.Summary, "GOFLAGS") {
		t.Errorf("an empty environment value does not override: %s", fd.Summary)
	}
}

func TestGoEnvFile_GorootAndGopathAreLeftToTheirChecks(t *testing.T) {
	// go/goroot and go/gopath judge these values, naming the file; the
	// env-file check neither repeats them nor calls their quotes odd.
	o := goEnvFileTNew(t, "GOROOT=/usr/local/go1.21\nGOPATH=\"~/go\"\n")
	o.Command("/usr/local/go/bin/go", factstest.Failure(2, "go: cannot find GOROOT directory: /usr/local/go1.21\n"))
	r := goEnvFileTRun(t, o)
	fd := checktest.OnlyWithFix(t, r, check.Info, `sets GOPATH="~/go", GOROOT=/usr/local/go1.21`, "go env failed; see go/installed")
	if checktest.Evidence(fd.Evidence, "located by") != "$GOENV, else <user config dir>/go/env (go env failed, so godx located it)" {
		t.Errorf("evidence: %+v", fd.Evidence)
	}

	// But an environment value that overrides them is this check's news.
	o = goEnvFileTNew(t, "GOPATH=/home/u/gopath\n")
	o.Export("GOPATH=/home/u/go")
	r = goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, "The environment overrides GOPATH", "go env -u GOPATH")
}

func TestGoEnvFile_BrokenLineBreaksGoEnv(t *testing.T) {
	// A carriage return after GO111MODULE=on breaks go env itself; the
	// check still finds the file (via $GOENV / the config dir) and the line.
	o := goEnvFileTNew(t, "GO111MODULE=on\r\n")
	o.Command("/usr/local/go/bin/go", factstest.Failure(2, "go: unknown environment setting GO111MODULE=on\r\n"))
	r := goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, `GO111MODULE (as the go command reads it): "on\r"`, "go env -w GO111MODULE=on")
}

func TestGoEnvFile_SkippedAndOverriddenLines(t *testing.T) {
	o := goEnvFileTNew(t, "# comment is fine\n\nexport GOPROXY=off\ngoflags=-mod=mod\n GOSUMDB=off\nGONOSUMDB example.com\nGOPRIVATE=a.example\nGOPRIVATE=b.example\n")
	r := goEnvFileTRun(t, o)
	fd := checktest.OnlyWithFix(t, r, check.Warning,
		"The go command ignores lines 3, 4, 5, 6 and 7 of the go env -w file: they look like settings but are not used.",
		`line 3 (skipped): "export GOPROXY=off"`, `line 7 (overridden by line 8): "GOPRIVATE=a.example"`,
		"go env -w GOPROXY=off", "go env -w GOFLAGS=-mod=mod", "go env -w GOSUMDB=off")
	if strings.Contains(fd.Summary, "line 1,") || strings.Contains(fd.Summary, "line 2,") {
		t.Errorf("comments and blank lines are not mistakes: %s", fd.Summary)
	}
}

func TestGoEnvFile_QuotesSpacesAndCRLF(t *testing.T) {
	o := goEnvFileTNew(t, "GOTOOLCHAIN=local\r\nGOPROXY=\"https://proxy.example.invalid\"\nGOFLAGS=-mod=mod\n")
	r := goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, "gives GOPROXY and GOTOOLCHAIN a value with quotes",
		`GOTOOLCHAIN (as the go command reads it): "local\r"`, `go: invalid GOTOOLCHAIN "local\r"`,
		"go env -w GOTOOLCHAIN=local", "go env -w GOPROXY=https://proxy.example.invalid")
}

func TestGoEnvFile_IgnoredNames(t *testing.T) {
	o := goEnvFileTNew(t, "GODEBUG=http2client=0\nGOVERSION=go1.22.0\nGOFLAGS=-v\n")
	r := goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, "sets GODEBUG and GOVERSION, which the go command ignores there",
		"go: GODEBUG can only be set using the OS environment",
		"sed -i.bak -e '/^GODEBUG *=/d' -e '/^GOVERSION *=/d' "+goEnvFileTPath)
}

func TestGoEnvFile_UnknownNames(t *testing.T) {
	o := goEnvFileTNew(t, "GOPRXY=off\n")
	r := goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, "sets GOPRXY, which no part of the go command reads",
		"go: unknown go command variable GOPRXY", "go env -u GOPRXY")

	o = goEnvFileTNew(t, "GOPROXY = off\n")
	r = goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, `"GOPROXY "`, "spaces around the name: not GOPROXY", "sed -i.bak -e '/^GOPROXY *=/d'")
}

func TestGoEnvFile_NamesFromGoEnvAreKnown(t *testing.T) {
	// A newer go knows variables godx's list lacks; go env -json names them.
	o := goEnvFileTNew(t, "GONEWTHING=1\n")
	o.Go("/usr/local/go", "go1.28.0", "GONEWTHING=1")
	r := goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Info, "sets GONEWTHING=1")
}

func TestGoEnvFile_Unreadable(t *testing.T) {
	o := goEnvFileTNew(t, "")
	o.Dir(goEnvFileTPath) // reading a directory fails like an unreadable file
	r := goEnvFileTRun(t, o)
	checktest.OnlyWithFix(t, r, check.Warning, "cannot be read", "go: reading go env config:", `sudo chown "$(id -un)"`)
}

func TestGoEnvFile_GoenvOff(t *testing.T) {
	o := goEnvFileTNew(t, "GOPROXY=off\n")
	o.Export("GOENV=off")
	o.Go("/usr/local/go", "go1.26.8", "GOENV=off")
	checktest.Clean(t, goEnvFileTRun(t, o), "GOENV=off")
}

func TestGoEnvFile_CredentialsAreRedacted(t *testing.T) {
	o := goEnvFileTNew(t, "GOPROXY=https://me:s3cret@proxy.example.invalid\n")
	r := goEnvFileTRun(t, o)
	fd := checktest.OnlyWithFix(t, r, check.Info, "GOPROXY=https://me:xxxxx@proxy.example.invalid")
	if strings.Contains(fd.Summary+checktest.Evidence(fd.Evidence, "GOPROXY"), "s3cret") {
		t.Errorf("password leaked: %+v", fd)
	}
}

func TestGoEnvFile_Windows(t *testing.T) {
	file := `C:\Users\u\AppData\Roaming\go\env`
	o := factstest.NewMachine(t).Windows().
		Path(`C:\Program Files\Go\bin`).
		Export("GOFLAGS=-v").
		Go(`C:\Program Files\Go`, "go1.26.8", "GOENV="+file).
		File(file, "GOFLAGS=-mod=mod\r\n")
	r := goEnvFileTRun(t, o)
	if len(r.Findings) != 2 {
		t.Fatalf("want conflict and CRLF findings: %+v", r.Findings)
	}
	if fix := r.Findings[0].Fix.Description; !strings.Contains(fix, "Remove-Item Env:GOFLAGS") {
		t.Errorf("windows fix: %s", fix)
	}
}

func TestGoEnvFile_NoGoIsSkipped(t *testing.T) {
	checktest.Skipped(t, checktest.Run(t, EnvFile, factstest.NewMachine(t).Linux(), facts.Options{Offline: true}))
}

// TestGoEnvFile_RealMachine writes env files for the real go in a
// temporary HOME.
func TestGoEnvFile_RealMachine(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	home, config := checktest.FreshUser(t)
	t.Setenv("GOENV", "")
	t.Setenv("GOFLAGS", "-v")
	t.Setenv("GOPATH", "")
	t.Setenv("GOPROXY", "")
	t.Setenv("PATH", filepath.Dir(gobin))
	t.Chdir(home)
	file := filepath.Join(config, "go", "env")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	r := checktest.Run(t, EnvFile, facts.System{}, facts.Options{Offline: true})
	checktest.Clean(t, r) // no file

	// Written by the real go env -w: read back as it wrote it.
	cmd := exec.Command(gobin, "env", "-w", "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go env -w: %v\n%s", err, out)
	}
	r = checktest.Run(t, EnvFile, facts.System{}, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Warning, "The environment overrides GOFLAGS", "GOFLAGS (environment variable, wins): -v")

	// A Windows line ending after GOTOOLCHAIN=local breaks every go
	// command; the check still finds the file and the line, and its fix
	// really works.
	if err := os.WriteFile(file, []byte("GOTOOLCHAIN=local\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "")
	if out, err := exec.Command(gobin, "build", "./...").CombinedOutput(); err == nil || !strings.Contains(string(out), `go: invalid GOTOOLCHAIN "local\r"`) {
		t.Logf("go build with a CRLF GOTOOLCHAIN: %v\n%s", err, out)
	}
	r = checktest.Run(t, EnvFile, facts.System{}, facts.Options{Offline: true})
	fd := checktest.OnlyWithFix(t, r, check.Warning, `GOTOOLCHAIN (as the go command reads it): "local\r"`)
	if runtime.GOOS == "windows" {
		return // the fix is a PowerShell line (internal/wintest runs godx fix on Windows)
	}
	fixCmd := fd.Fix.Commands[0]
	sh := exec.Command("/bin/sh", "-c", fixCmd)
	sh.Dir = home
	if out, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("fix %q: %v\n%s", fixCmd, err, out)
	}
	r = checktest.Run(t, EnvFile, facts.System{}, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Info, "sets GOTOOLCHAIN=local.")
}

func TestGoEnvFile_TooLargeForGodx(t *testing.T) {
	// The fake go answers go env with the defaults; the file is over godx's
	// read limit: godx says it did not check it, not that go cannot read it.
	o := goEnvFileTNew(t, "GOFLAGS=-mod=mod\n"+strings.Repeat("# padding\n", facts.MaxFileSize/10+1))
	fd := checktest.Only(t, goEnvFileTRun(t, o), check.Info, "is larger than godx reads (16 MiB), so godx did not check it", "godx's limit")
	if strings.Contains(checktest.Text(fd), "go: reading go env config") {
		t.Errorf("quotes a go command error: %s", checktest.Text(fd))
	}
}
