package goflags

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestSplit(t *testing.T) {
	got, err := Split(` -a  "-ldflags=-s -w" '-gcflags=all="-N"' --mod=mod -x=1 foo -` + "\t-v\n")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range got {
		names = append(names, e.Raw+"|"+e.Name+"|"+e.Value)
	}
	want := []string{"-a|a|", "-ldflags=-s -w|ldflags|-s -w", `-gcflags=all="-N"|gcflags|all="-N"`, "--mod=mod|mod|mod", "-x=1|x|1", "foo||", "-||", "-v|v|"}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	if got[0].HasValue || !got[4].HasValue {
		t.Errorf("HasValue: -a %v, -x=1 %v", got[0].HasValue, got[4].HasValue)
	}

	// Words the go command does not take as flags.
	for _, w := range []string{"--", "---x", "-=x", "--=x"} {
		es, err := Split(w)
		if err != nil || len(es) != 1 || es[0].Name != "" {
			t.Errorf("Split(%q) = %+v, %v; want one non-flag", w, es, err)
		}
	}

	_, err = Split(`-a "-ldflags=-s -w`)
	if err == nil || SplitMessage(err) != `go: parsing $GOFLAGS: unterminated " string` {
		t.Errorf("unterminated quote: %v", err)
	}
}

func TestKnownFlags(t *testing.T) {
	for v, want := range map[string]bool{
		"go1.26.8": true, "go1.21.0": true, "go1.26rc1": true, "devel +abc": true, "": true,
		"go1.27.0": false, "go1.30rc1": false,
	} {
		known, ok := KnownFlags(v)
		if ok != want || (ok && !known.Has("trimpath")) {
			t.Errorf("KnownFlags(%q) = %v, %v; want ok %v", v, known, ok, want)
		}
	}
	known, _ := KnownFlags("go1.26.8")
	if known.Version() != "go1.26" || known.Has("printf") || !known.Has("C") || !known.Has("debug-actiongraph") {
		t.Errorf("table %s: printf %v, C %v", known.Version(), known.Has("printf"), known.Has("C"))
	}
}

func TestRejected(t *testing.T) {
	entries, err := Split("-trimpath -tags integration -foo -C=/tmp")
	if err != nil {
		t.Fatal(err)
	}
	known, _ := KnownFlags("go1.26.8")
	if got := strings.Join(Rejected(entries, known), " "); got != "integration -foo -C=/tmp" {
		t.Errorf("with the table: %q", got)
	}
	if got := strings.Join(Rejected(entries, nil), " "); got != "integration -C=/tmp" {
		t.Errorf("without the table: %q", got)
	}
	var msgs []string
	for _, e := range entries[2:] {
		msgs = append(msgs, RejectMessage(e, "%GOFLAGS%"))
	}
	want := []string{
		`go: parsing $GOFLAGS: non-flag "integration"`, // $GOFLAGS on Windows too
		"go: parsing $GOFLAGS: unknown flag -foo",
		`go: invalid value "/tmp" for flag -C (from %GOFLAGS%): -C flag must be first flag on command line`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s", strings.Join(msgs, "\n"))
	}
	if Where("windows") != "%GOFLAGS%" || Where("linux") != "$GOFLAGS" {
		t.Errorf("Where: %s %s", Where("windows"), Where("linux"))
	}
}

func TestCulprit(t *testing.T) {
	entries, _ := Split("-trimpath -race=maybe -tags x -count")
	for msg, want := range map[string]string{
		`go: invalid boolean value "maybe" for flag -race (from $GOFLAGS): parse error`: "-race=maybe",
		`go: parsing $GOFLAGS: non-flag "x"`:                                            "x",
		"go: flag needs an argument: -count (from $GOFLAGS)":                            "-count",
		"go: parsing $GOFLAGS: unknown flag -tags":                                      "-tags",
		"go: something else":                                                            "",
	} {
		if got := Culprit(msg, entries); got != want {
			t.Errorf("Culprit(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestRepairAndWithout(t *testing.T) {
	for _, c := range []struct{ goflags, bad, want string }{
		{"-tags integration", "integration", "-tags=integration"},
		{"-trimpath -foo", "-foo", "-trimpath"},
		{"-tags", "-tags", ""},
		{`"-ldflags=-s -w" -foo`, "-foo", `'-ldflags=-s -w'`},
		{"-v -C=/tmp", "-C=/tmp", "-v"},
	} {
		entries, err := Split(c.goflags)
		if err != nil {
			t.Fatal(err)
		}
		if got := Repair(entries, strings.Fields(c.bad)); got != c.want {
			t.Errorf("Repair(%q, %q) = %q, want %q", c.goflags, c.bad, got, c.want)
		}
	}
	entries, _ := Split(`-mod=vendor -trimpath "-ldflags=-s -w"`)
	if got := Without(entries, func(e Entry) bool { return e.Name == "mod" }); got != `-trimpath '-ldflags=-s -w'` {
		t.Errorf("Without = %q", got)
	}
}

func TestAsk(t *testing.T) {
	for _, c := range []struct {
		answer  facts.Result
		verdict Verdict
		msg     string
	}{
		{factstest.Failure(2, "usage: go build [-o output] [build flags] [packages]\nRun 'go help build' for details.\n"), Accepted, ""},
		{factstest.Failure(2, "go: parsing $GOFLAGS: unknown flag -foo\n"), Refused, "go: parsing $GOFLAGS: unknown flag -foo"},
		{factstest.Failure(1, "something else\n"), Unknown, ""},
		{facts.Result{TimedOut: true, Err: errors.New("timed out")}, Unknown, ""},
	} {
		m := factstest.NewMachine(t).Linux().
			Go("/usr/local/go", "go1.26.8").
			Command("/usr/local/go/bin/go", c.answer)
		f, err := facts.New(context.Background(), m, facts.Options{})
		if err != nil {
			t.Fatal(err)
		}
		verdict, msg := Ask(context.Background(), f, "/usr/local/go/bin/go")
		if verdict != c.verdict || msg != c.msg {
			t.Errorf("answer %q: Ask = %v, %q; want %v, %q", c.answer.Stderr, verdict, msg, c.verdict, c.msg)
		}
	}
}

// realGo is the go command on PATH, run with a hermetic configuration,
// when it is the Go version the table describes.
func realGo(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	t.Setenv("GOENV", "off")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "local")
	out, err := exec.Command(goBin, "env", "GOVERSION").Output()
	if err != nil || !strings.HasPrefix(string(out), "go1.26") {
		t.Skipf("the table describes Go 1.26; the go on PATH is %s", out)
	}
	return goBin
}

// TestTableMatchesRealGo checks the flag table against the real go
// command: every name is accepted, and a few are not.
func TestTableMatchesRealGo(t *testing.T) {
	goBin := realGo(t)
	known, _ := KnownFlags("go1.26.8")
	var all []string
	for _, n := range known.Names() {
		if n != "C" { // -C is known but refused in GOFLAGS
			all = append(all, "-"+n+"=1")
		}
	}
	cmd := exec.Command(goBin, "version")
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.Join(all, " "))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("real go rejects a table entry: %v\n%s", err, out)
	}
	for _, n := range []string{"printf", "getmode", "h", "V", "all"} {
		if known.Has(n) {
			t.Errorf("table has %s", n)
		}
		cmd := exec.Command(goBin, "version")
		cmd.Env = append(os.Environ(), "GOFLAGS=-"+n+"=1")
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), "go: parsing $GOFLAGS: unknown flag -"+n) {
			t.Errorf("real go accepts -%s: %s", n, out)
		}
	}
}

// TestAskRealGo asks the real go command, and checks that the replayed
// messages are the ones it prints.
func TestAskRealGo(t *testing.T) {
	goBin := realGo(t)
	ctx := context.Background()
	t.Setenv("GOFLAGS", "-trimpath")
	f, err := facts.New(ctx, facts.System{}, facts.Options{Dir: t.TempDir(), CommandTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if v, msg := Ask(ctx, f, goBin); v != Accepted {
		t.Errorf("-trimpath: %v %q", v, msg)
	}
	for _, goflags := range []string{"-tags x", "-foo", `"-ldflags=-s -w`} {
		entries, splitErr := Split(goflags)
		want := ""
		if splitErr != nil {
			want = SplitMessage(splitErr)
		} else {
			known, _ := KnownFlags("go1.26.8")
			bad := Rejected(entries, known)
			for _, e := range entries {
				if e.Raw == bad[0] {
					want = RejectMessage(e, "$GOFLAGS")
				}
			}
		}
		t.Setenv("GOFLAGS", goflags)
		f, err := facts.New(ctx, facts.System{}, facts.Options{Dir: t.TempDir(), CommandTimeout: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if v, msg := Ask(ctx, f, goBin); v != Refused || msg != want {
			t.Errorf("GOFLAGS=%s: Ask = %v, %q; want the replayed %q", goflags, v, msg, want)
		}
	}
}

// TestAcceptedByTableAgreesWithRealGo is the promise that lets the doctor
// skip `go build -h`: whenever the table says the go command accepts
// GOFLAGS, the real go command does. Values it cannot judge must say false.
func TestAcceptedByTableAgreesWithRealGo(t *testing.T) {
	goBin := realGo(t)
	var values []string
	for _, n := range []string{"a", "race", "trimpath", "json", "modcacherw", "work", "buildvcs", "p"} {
		for _, v := range []string{"", "=", "=true", "=0", "=F", "=auto", "=maybe", "=4", "=0x4", "=-1", "=1e3"} {
			values = append(values, "-"+n+v)
		}
	}
	for _, n := range []string{"mod", "modfile", "overlay", "pgo", "pkgdir", "buildmode", "installsuffix", "tags"} {
		for _, v := range []string{"", "=", "=vendor", "=a,b", "='a b'", "=a'b"} {
			values = append(values, "-"+n+v)
		}
	}
	values = append(values, "-ldflags=-s", "-gcflags=all=-N", "-compiler=gc", "-C=dir", "-toolexec=x",
		"-short", "-count=x", "-shuffle=on", "--race", "-race -trimpath", "-foo", "x", "-mod=mod -tags=x,y -buildvcs=false")
	accepted := 0
	for _, v := range values {
		entries, err := Split(v)
		if err != nil || !AcceptedByTable(entries, "go1.26.8") {
			continue
		}
		accepted++
		cmd := exec.Command(goBin, "build", "-h")
		cmd.Env = append(os.Environ(), "GOFLAGS="+v)
		cmd.Dir = t.TempDir()
		out, _ := cmd.CombinedOutput()
		if strings.Contains(string(out), "$GOFLAGS") || !strings.Contains(string(out), "usage: go build") {
			t.Errorf("GOFLAGS=%s: the table accepts it, the real go command says:\n%s", v, out)
		}
	}
	if accepted < len(values)/3 {
		t.Errorf("the table decided only %d of %d values", accepted, len(values))
	}
	for _, v := range []string{"go1.25.3", "go1.27.0", "devel go1.27-abc", ""} {
		entries, _ := Split("-trimpath")
		if AcceptedByTable(entries, v) {
			t.Errorf("AcceptedByTable(-trimpath, %q) = true; the table is go1.26's", v)
		}
	}
}

func TestRejoin(t *testing.T) {
	for _, tc := range []struct{ in, env, want string }{
		{"-ldflags=-s -w", "-w", "'-ldflags=-s -w'"},
		{"-trimpath -ldflags=-s -w -v", "-w", "-trimpath '-ldflags=-s -w' -v"},
		{"-w", "-w", ""},
		{"-tags=x", "", ""},
		{`"-ldflags=-s -w"`, "", ""},
	} {
		entries, err := Split(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(GoEnvFlags(entries), " "); got != tc.env {
			t.Errorf("GoEnvFlags(%q) = %q, want %q", tc.in, got, tc.env)
		}
		if got := Rejoin(entries); got != tc.want {
			t.Errorf("Rejoin(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
