package procenv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"time"
	"unicode/utf16"
)

func procargs2(argc uint32, parts ...string) []byte {
	b := binary.LittleEndian.AppendUint32(nil, argc)
	for _, p := range parts {
		b = append(b, p...)
		b = append(b, 0)
	}
	return b
}

func TestParseProcArgs2(t *testing.T) {
	// The executable path, padding, two arguments, the environment, the
	// empty string that ends it, then an apple string.
	b := procargs2(2, "/usr/local/bin/gopls", "", "", "", "gopls", "serve", "PATH=/old/go/bin:/usr/bin", "GOFLAGS=-mod=mod", "", "executable_path=/usr/local/bin/gopls")
	exe, args, env, err := ParseProcArgs2(b)
	if err != nil {
		t.Fatal(err)
	}
	if exe != "/usr/local/bin/gopls" || !reflect.DeepEqual(args, []string{"gopls", "serve"}) {
		t.Errorf("exe %q args %q", exe, args)
	}
	if want := []string{"PATH=/old/go/bin:/usr/bin", "GOFLAGS=-mod=mod"}; !reflect.DeepEqual(env, want) {
		t.Errorf("env = %q, want %q", env, want)
	}
}

func TestParseProcArgs2Broken(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":            nil,
		"short":            {1, 0},
		"unterminated":     append(binary.LittleEndian.AppendUint32(nil, 1), "/bin/x"...),
		"argc too large":   procargs2(1000, "/bin/x", "a"),
		"arg unterminated": append(procargs2(2, "/bin/x", "a"), 'b'),
	} {
		if _, _, _, err := ParseProcArgs2(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// A cut last environment string is dropped, not half-read.
	_, _, env, err := ParseProcArgs2(append(procargs2(1, "/bin/x", "x", "GOROOT=/go"), "GOFL"...))
	if err != nil || !reflect.DeepEqual(env, []string{"GOROOT=/go"}) {
		t.Errorf("cut environment: %q, %v", env, err)
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

func TestParseEnvBlock(t *testing.T) {
	block := utf16le("=C:=C:\\src\x00Path=C:\\Go\\bin;C:\\Windows\x00GOFLAGS=-mod=mod\x00Ünïcode=✓\x00\x00junk=1\x00")
	want := []string{`=C:=C:\src`, `Path=C:\Go\bin;C:\Windows`, "GOFLAGS=-mod=mod", "Ünïcode=✓"}
	if got := ParseEnvBlock(block); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// fakeMemory is a sparse address space of byte runs.
type fakeMemory map[uint64][]byte

func (m fakeMemory) Read(addr uint64, n int) ([]byte, error) {
	for base, b := range m {
		if addr >= base && addr+uint64(n) <= base+uint64(len(b)) {
			return b[addr-base : addr-base+uint64(n)], nil
		}
	}
	return nil, fmt.Errorf("read of %d bytes at %#x: not mapped", n, addr)
}

func TestPEBEnv(t *testing.T) {
	const pebAddr, paramsAddr, envAddr, cwdAddr, cmdAddr = 0x7000_0000, 0x2000_0000, 0x3000_0000, 0x4000_0000, 0x5000_0000
	peb := make([]byte, 0x40)
	binary.LittleEndian.PutUint64(peb[pebProcessParameters:], paramsAddr)
	envBlock := utf16le("Path=C:\\old\\go\\bin\x00GOFLAGS=-tags=dev\x00\x00")
	cwd := utf16le(`C:\src\app\`)
	params := make([]byte, rupSize)
	binary.LittleEndian.PutUint16(params[rupCurrentDirectory:], uint16(len(cwd)))
	binary.LittleEndian.PutUint64(params[rupCurrentDirectory+8:], cwdAddr)
	binary.LittleEndian.PutUint64(params[rupEnvironment:], envAddr)
	binary.LittleEndian.PutUint64(params[rupEnvironmentSize:], uint64(len(envBlock)))
	cmdLine := utf16le(`"C:\Program Files\Microsoft VS Code\Code.exe" --type=utility --utility-sub-type=node.mojom.NodeService`)
	binary.LittleEndian.PutUint16(params[rupCommandLine:], uint16(len(cmdLine)))
	binary.LittleEndian.PutUint64(params[rupCommandLine+8:], cmdAddr)
	mem := fakeMemory{pebAddr: peb, paramsAddr: params, envAddr: envBlock, cwdAddr: cwd, cmdAddr: cmdLine}
	if line, err := PEBCommandLine(mem, pebAddr); err != nil || line != `"C:\Program Files\Microsoft VS Code\Code.exe" --type=utility --utility-sub-type=node.mojom.NodeService` {
		t.Errorf("command line %q, %v", line, err)
	}
	env, dir, err := PEBEnv(mem, pebAddr)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{`Path=C:\old\go\bin`, "GOFLAGS=-tags=dev"}; !reflect.DeepEqual(env, want) || dir != `C:\src\app\` {
		t.Errorf("env %q cwd %q", env, dir)
	}

	// Unmapped parameters and a starting process are errors, not guesses.
	if _, _, err := PEBEnv(fakeMemory{pebAddr: peb}, pebAddr); err == nil {
		t.Error("unmapped parameters: no error")
	}
	if _, _, err := PEBEnv(fakeMemory{pebAddr: make([]byte, 0x40)}, pebAddr); err == nil {
		t.Error("no parameters: no error")
	}
	if _, _, err := PEBEnv(mem, 0); err == nil {
		t.Error("no PEB: no error")
	}
}

func TestParseStat(t *testing.T) {
	ppid, comm, ok := parseStat("4121 (Code Helper) (x) S 4000 4121 4121 0 -1")
	if !ok || ppid != 4000 || comm != "Code Helper) (x" {
		t.Errorf("got %d %q %v", ppid, comm, ok)
	}
}

// TestSystemReadsChild starts a real child with a crafted environment and
// working directory and reads them back.
func TestSystemReadsChild(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the real reader is tested on Linux; others run on crafted bytes above")
	}
	dir := t.TempDir()
	// A copy of sleep named code: a program whose command line the list
	// reads (ArgsTell), unlike sleep itself.
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command:", err)
	}
	bin, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	code := filepath.Join(t.TempDir(), "code")
	if err := os.WriteFile(code, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(code, "600")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/opt/old-go/bin:/usr/bin:/bin", "GOFLAGS=-mod=mod", "SECRET_TOKEN=hunter2"}
	if err := cmd.Start(); err != nil {
		t.Skip("no sleep command:", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// Start returns once the child is forked, maybe before it has become
	// sleep: until then /proc shows the fork's memory, not sleep's.
	for deadline := time.Now().Add(time.Minute); ; {
		if b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", cmd.Process.Pid)); string(b) == code+"\x00600\x00" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child never became code 600")
		}
		time.Sleep(5 * time.Millisecond)
	}
	r := System()
	env, err := r.Environ(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(env, cmd.Env) {
		t.Errorf("environ = %q, want %q", env, cmd.Env)
	}
	cwd, err := r.Cwd(cmd.Process.Pid)
	real, _ := filepath.EvalSymlinks(dir)
	if err != nil || cwd != real {
		t.Errorf("cwd = %q, %v; want %q", cwd, err, real)
	}
	ps, err := r.Processes()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ps, func(p Process) bool { return p.PID == cmd.Process.Pid })
	if i < 0 {
		t.Fatalf("child %d not listed", cmd.Process.Pid)
	}
	if p := ps[i]; p.PPID != os.Getpid() || p.Name != "code" || p.Exe != code || !reflect.DeepEqual(p.Args, []string{code, "600"}) || p.OtherUser {
		t.Errorf("listed as %+v", p)
	}
	// This test's own process: not a program whose arguments tell.
	self := ps[slices.IndexFunc(ps, func(p Process) bool { return p.PID == os.Getpid() })]
	if self.Args != nil || self.Exe == "" {
		t.Errorf("self listed as %+v", self)
	}
}

func TestSystemUnreadable(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Linux only")
	}
	// A process that does not exist says so.
	_, err := System().Cwd(1 << 30)
	var ue *UnreadableError
	if !errors.As(err, &ue) || err.Error() != "cannot read the working directory of process 1073741824: the process has exited" {
		t.Fatalf("err = %v", err)
	}
	// PID 1 belongs to root (unless the tests run as root).
	if os.Getuid() == 0 {
		t.Skip("running as root: every process is readable")
	}
	_, err = System().Environ(1)
	if !errors.As(err, &ue) || ue.PID != 1 {
		t.Fatalf("err = %v", err)
	}
}

func TestParseStatEdges(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ppid int
		comm string
		ok   bool
	}{
		{"1 (init) S 0 1 1 0 -1 4194560", 0, "init", true},
		{"77 (a b) R 12\n", 12, "a b", true},
		{"77 (x)  S  12 3", 12, "x", true},
		{"77 (x) S", 0, "", false},
		{"77 (x) S notanumber 3", 0, "", false},
		{"77 x S 12", 0, "", false},
	} {
		ppid, comm, ok := parseStat(tc.in)
		if ppid != tc.ppid || comm != tc.comm || ok != tc.ok {
			t.Errorf("parseStat(%q) = %d %q %v", tc.in, ppid, comm, ok)
		}
	}
}
