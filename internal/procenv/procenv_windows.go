//go:build windows && (amd64 || arm64)

package procenv

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The PEB walk (peb.go) uses fixed 64-bit offsets; these fail to compile
// if golang.org/x/sys/windows's layout ever says otherwise.
var (
	_ = [1]struct{}{}[unsafe.Offsetof(windows.PEB{}.ProcessParameters)-pebProcessParameters]
	_ = [1]struct{}{}[unsafe.Offsetof(windows.RTL_USER_PROCESS_PARAMETERS{}.CurrentDirectory)-rupCurrentDirectory]
	_ = [1]struct{}{}[unsafe.Offsetof(windows.RTL_USER_PROCESS_PARAMETERS{}.CommandLine)-rupCommandLine]
	_ = [1]struct{}{}[unsafe.Offsetof(windows.RTL_USER_PROCESS_PARAMETERS{}.Environment)-rupEnvironment]
	_ = [1]struct{}{}[unsafe.Offsetof(windows.RTL_USER_PROCESS_PARAMETERS{}.EnvironmentSize)-rupEnvironmentSize]
)

// System is the reader of the running operating system: the PEB here.
func System() Reader { return winReader{} }

type winReader struct{}

func (winReader) Processes() ([]Process, error) {
	me, err := currentUserSID()
	if err != nil {
		return nil, err
	}
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(snap)
	var e windows.ProcessEntry32
	e.Size = uint32(unsafe.Sizeof(e))
	var out []Process
	for err = windows.Process32First(snap, &e); err == nil; err = windows.Process32Next(snap, &e) {
		pid := int(e.ProcessID)
		if pid == 0 || !sameUser(uint32(pid), me) {
			continue
		}
		exe := windows.UTF16ToString(e.ExeFile[:])
		pr := Process{PID: pid, PPID: int(e.ParentProcessID), Name: Base(exe), Exe: exe}
		if full := imagePath(uint32(pid)); full != "" {
			pr.Exe = full
		}
		if ArgsTell(pr.Name) {
			// Reading every process's memory would cost milliseconds each.
			pr.Args = commandLine(pid)
		}
		out = append(out, pr)
	}
	return out, nil
}

func commandLine(pid int) []string {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION|windows.PROCESS_VM_READ, false, uint32(pid))
	if err != nil {
		return nil
	}
	defer windows.CloseHandle(h)
	var pbi windows.PROCESS_BASIC_INFORMATION
	if windows.NtQueryInformationProcess(h, windows.ProcessBasicInformation, unsafe.Pointer(&pbi), uint32(unsafe.Sizeof(pbi)), nil) != nil {
		return nil
	}
	line, err := PEBCommandLine(processMemory{h}, uint64(uintptr(unsafe.Pointer(pbi.PebBaseAddress))))
	if err != nil || line == "" {
		return nil
	}
	args, err := windows.DecomposeCommandLine(line)
	if err != nil {
		return nil
	}
	return args
}

func currentUserSID() (*windows.SID, error) {
	tu, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, err
	}
	return tu.User.Sid, nil
}

// sameUser opens the process only to compare its token's user with ours.
func sameUser(pid uint32, me *windows.SID) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return false
	}
	defer windows.CloseHandle(h)
	var tok windows.Token
	if err := windows.OpenProcessToken(h, windows.TOKEN_QUERY, &tok); err != nil {
		return false
	}
	defer tok.Close()
	tu, err := tok.GetTokenUser()
	return err == nil && windows.EqualSid(tu.User.Sid, me)
}

func imagePath(pid uint32) string {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return ""
	}
	defer windows.CloseHandle(h)
	buf := make([]uint16, windows.MAX_LONG_PATH)
	n := uint32(len(buf))
	if windows.QueryFullProcessImageName(h, 0, &buf[0], &n) != nil {
		return ""
	}
	return windows.UTF16ToString(buf[:n])
}

// processMemory is ReadProcessMemory on an open process.
type processMemory struct{ h windows.Handle }

func (m processMemory) Read(addr uint64, n int) ([]byte, error) {
	if n <= 0 {
		return nil, nil
	}
	b := make([]byte, n)
	var got uintptr
	if err := windows.ReadProcessMemory(m.h, uintptr(addr), &b[0], uintptr(n), &got); err != nil && got == 0 {
		return nil, err
	}
	return b[:got], nil
}

func peb(pid int) (env []string, cwd string, err error) {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION|windows.PROCESS_VM_READ, false, uint32(pid))
	if err != nil {
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			err = errors.New("access denied (another user's process, or a protected one)")
		}
		return nil, "", err
	}
	defer windows.CloseHandle(h)
	var wow64 bool
	if windows.IsWow64Process(h, &wow64) == nil && wow64 {
		return nil, "", errors.New("a 32-bit process: godx reads the 64-bit PEB only")
	}
	var pbi windows.PROCESS_BASIC_INFORMATION
	if err := windows.NtQueryInformationProcess(h, windows.ProcessBasicInformation, unsafe.Pointer(&pbi), uint32(unsafe.Sizeof(pbi)), nil); err != nil {
		return nil, "", fmt.Errorf("NtQueryInformationProcess: %w", err)
	}
	return PEBEnv(processMemory{h}, uint64(uintptr(unsafe.Pointer(pbi.PebBaseAddress))))
}

func (winReader) Environ(pid int) ([]string, error) {
	env, _, err := peb(pid)
	if err != nil {
		return nil, &UnreadableError{PID: pid, What: "environment", Reason: err}
	}
	return env, nil
}

func (winReader) Cwd(pid int) (string, error) {
	_, cwd, err := peb(pid)
	if err != nil && cwd == "" {
		return "", &UnreadableError{PID: pid, What: "working directory", Reason: err}
	}
	return cwd, nil
}
