//go:build unix

package fixer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/godx-dev/godx/internal/check"
)

const nobody = 65534

func ownerOfPath(t *testing.T, path string) (uid, gid uint32) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return st.Uid, st.Gid
}

// A file of root's in a user's folder, fixed by that user: replacing it
// would hand it to the user, so godx refuses, at plan time and, for a
// file whose owner changed after the plan, at write time.
func TestApply_RefusesWhenTheOwnerCannotBeKept(t *testing.T) {
	if os.Getenv(crashHelperEnv) == "owner" {
		home := os.Getenv(crashHelperDir)
		p := NewPlan([]Proposal{
			proposal("go/gobin-path", check.EditFix(filepath.Join(home, ".bashrc"), appendLine("export PATH"))),
			proposal("go/gobin-path", check.EditFix(filepath.Join(home, ".profile"), appendLine("export PATH"))),
		})
		for _, pr := range p.Problems {
			fmt.Println("problem:", pr.Err)
		}
		fmt.Println("planned")
		bufio.NewReader(os.Stdin).ReadString('\n') // the parent hands .profile to root now
		res, err := Apply(context.Background(), p, Options{StateDir: filepath.Join(home, "state"), Command: "godx fix"})
		if err != nil {
			fmt.Println("apply:", err)
		}
		for _, r := range res.Refused {
			fmt.Println("refused:", r.Err)
		}
		fmt.Printf("applied=%d\n", len(res.Applied))
		os.Exit(0)
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root, to make files of another user and run as that user")
	}
	base := t.TempDir()
	for _, d := range []string{filepath.Dir(base), base} {
		must(t, os.Chmod(d, 0o755))
	}
	// The test binary, where the other user can run it.
	bin := filepath.Join(base, "bin", "fixer.test")
	exe, err := os.ReadFile(os.Args[0])
	must(t, err)
	write(t, bin, string(exe), 0o755)
	home := filepath.Join(base, "home")
	must(t, os.Mkdir(home, 0o755))
	must(t, os.Chown(home, nobody, nobody))
	bashrc, profile := filepath.Join(home, ".bashrc"), filepath.Join(home, ".profile")
	write(t, bashrc, "# root's\n", 0o644) // owned by root
	write(t, profile, "# mine\n", 0o644)
	must(t, os.Chown(profile, nobody, nobody))

	cmd := exec.Command(bin, "-test.run=^TestApply_RefusesWhenTheOwnerCannotBeKept$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashHelperEnv+"=owner", crashHelperDir+"="+home)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	stdin, err := cmd.StdinPipe()
	must(t, err)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	cmd.Stderr = cmd.Stdout
	must(t, cmd.Start())
	out := bufio.NewReader(stdout)
	var plan strings.Builder
	for !strings.HasSuffix(plan.String(), "planned\n") {
		line, err := out.ReadString('\n')
		plan.WriteString(line)
		if err != nil {
			t.Fatalf("child: %v\n%s", err, plan.String())
		}
	}
	must(t, os.Chown(profile, 0, 0))
	io.WriteString(stdin, "\n")
	rest, _ := io.ReadAll(out)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s%s", err, plan.String(), rest)
	}
	want := bashrc + " is owned by root (uid 0):root (gid 0) and godx runs as nobody (uid 65534)"
	if !strings.Contains(plan.String(), "problem: "+want) {
		t.Errorf("plan:\n%s", plan.String())
	}
	if !strings.Contains(string(rest), "refused: "+profile+" is owned by root (uid 0)") || !strings.Contains(string(rest), "applied=0") {
		t.Errorf("apply:\n%s", rest)
	}
	for path, want := range map[string]string{bashrc: "# root's\n", profile: "# mine\n"} {
		if got := read(t, path); got != want {
			t.Errorf("%s = %q", path, got)
		}
		if uid, gid := ownerOfPath(t, path); uid != 0 || gid != 0 {
			t.Errorf("%s now belongs to %d:%d", path, uid, gid)
		}
	}
	noTemps(t, home)
}

// godx run by root (sudo) on a user's file keeps the user as its owner.
func TestApply_RootKeepsTheUsersOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	dir, state := t.TempDir(), t.TempDir()
	f := filepath.Join(dir, "main.go")
	write(t, f, "\ufeffpackage main\n", 0o640)
	must(t, os.Chown(f, nobody, nobody))
	if res := apply(t, NewPlan([]Proposal{proposal("source/bom", check.EditFix(f, stripBOM))}), state, nil); !res.OK() {
		t.Fatalf("%+v", res)
	}
	if uid, gid := ownerOfPath(t, f); uid != nobody || gid != nobody {
		t.Errorf("owner = %d:%d, want %d:%d", uid, gid, nobody, nobody)
	}
	if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v", fi.Mode())
	}
}
