package contexts

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func wslMachine(set string) *factstest.OS {
	o := factstest.New()
	o.AddFile("/proc/sys/kernel/osrelease", "5.15.153.1-microsoft-standard-WSL2\n", 0o444)
	o.AddFile("/proc/sys/fs/binfmt_misc/WSLInterop", "enabled\n", 0o444)
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.Env = []string{"PATH=/usr/local/go/bin:/usr/bin:/mnt/c/Windows/System32", "HOME=/home/me", "WSL_DISTRO_NAME=Ubuntu"}
	o.AddDir("/mnt/c")
	o.AddFile("/mnt/c/Windows/System32/cmd.exe", "MZ", 0o755)
	o.AddFile("/mnt/c/Program Files/Go/bin/go.exe", "MZ", 0o755)
	o.AddFile("/mnt/c/Program Files/Go/VERSION", "go1.22.5\ntime 2024-07-02T00:00:00Z\n", 0o644)
	o.AddCommand("/mnt/c/Windows/System32/cmd.exe", func(ctx context.Context, c facts.Command) facts.Result {
		if strings.Join(c.Args, " ") != "/d /c set" || c.Dir != "/mnt/c" {
			return facts.Result{Err: context.Canceled, ExitCode: 1}
		}
		if set == "hang" {
			<-ctx.Done()
			return facts.Result{TimedOut: true, Err: ctx.Err(), ExitCode: -1}
		}
		return facts.Result{Stdout: []byte(set)}
	})
	return o
}

func TestWindowsContext(t *testing.T) {
	o := wslMachine("ALLUSERSPROFILE=C:\\ProgramData\r\nGOFLAGS=-mod=vendor\r\nPath=C:\\Windows\\system32;C:\\Program Files\\Go\\bin;C:\\Users\\me\\go\\bin\r\nUSERPROFILE=C:\\Users\\me\r\n")
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := Windows(context.Background(), f)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	if want := []string{`ALLUSERSPROFILE=C:\ProgramData`, "GOFLAGS=-mod=vendor", `Path=C:\Windows\system32;C:\Program Files\Go\bin;C:\Users\me\go\bin`, `USERPROFILE=C:\Users\me`}; !reflect.DeepEqual(c.Env, want) {
		t.Errorf("env %q", c.Env)
	}
	r := &Resolver{OS: o, Dir: "/work"}
	shell := NewGatherer(f, true).Shell()
	res := r.Resolve(context.Background(), []Context{shell, c})
	w := res[1]
	if w.Go != `C:\Program Files\Go\bin\go.exe` || w.GoVersion != "go1.22.5" || w.GOROOT != `C:\Program Files\Go` {
		t.Fatalf("windows resolved %+v", w)
	}
	ds := Diff(res[0], w, "linux")
	if len(ds) == 0 || ds[0].Consequence != `Windows (outside WSL) runs C:\Program Files\Go\bin\go.exe (go1.22.5); your shell runs /usr/local/go/bin/go (go1.26.8): Windows (outside WSL) checks your code against Go 1.22 — change the Windows user environment (System Properties > Environment Variables), then sign out and in again so that programs started from the Start menu see it` {
		t.Errorf("diff %+v", ds)
	}

	// All goes through the gatherer, which lists it inside WSL only.
	all, _ := NewGatherer(f, true).All(context.Background())
	if all[len(all)-1].Name != "windows" {
		t.Errorf("contexts %v", all)
	}
}

func TestWindowsContextHangs(t *testing.T) {
	defer func(d time.Duration) { windowsTimeout = d }(windowsTimeout)
	windowsTimeout = 300 * time.Millisecond
	o := wslMachine("hang")
	f, _ := facts.New(context.Background(), o, facts.Options{})
	c := Windows(context.Background(), f)
	if c.Err == nil || c.Err.Error() != "/mnt/c/Windows/System32/cmd.exe /d /c set did not finish within 300ms and was killed" {
		t.Errorf("err %v", c.Err)
	}
}

func TestWSLPath(t *testing.T) {
	for in, want := range map[string]string{`C:\Go\bin`: "/mnt/c/Go/bin", `d:\x\`: "/mnt/d/x/", `\\server\share`: "", `%USERPROFILE%\go\bin`: "", "C:": "/mnt/c/"} {
		if got := WSLPath(in); got != want {
			t.Errorf("WSLPath(%q) = %q, want %q", in, got, want)
		}
	}
}
