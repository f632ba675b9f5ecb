//go:build windows

package winjob

import "golang.org/x/sys/windows"

// Assign creates a job object and puts the process pid in it. The caller
// owns the returned handle (TerminateJobObject, CloseHandle). A process
// that pid starts in the instant before it joins the job escapes it: Go
// cannot start a process suspended.
func Assign(pid int) (windows.Handle, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return 0, err
	}
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(pid))
	if err != nil {
		windows.CloseHandle(job)
		return 0, err
	}
	defer windows.CloseHandle(h)
	if err := windows.AssignProcessToJobObject(job, h); err != nil {
		windows.CloseHandle(job)
		return 0, err
	}
	return job, nil
}
