package soak

import (
	"os"
	"path/filepath"
	"strings"
)

// platformEnvironment (Linux): kernel release, WSL (its kernels say
// "microsoft"), and the CPU and memory limits of this process's cgroup:
// cgroup v2 cpu.max and memory.max, or their v1 equivalents
// (cpu.cfs_quota_us and cpu.cfs_period_us, memory.limit_in_bytes).
func platformEnvironment(e *Environment) {
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		e.Kernel = strings.TrimSpace(string(b))
		e.WSL = strings.Contains(strings.ToLower(e.Kernel), "microsoft")
	}
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return
	}
	e.CgroupCPU, e.CgroupMemory = cgroupLimits(string(b), readTrimmed)
}

// loadAverage is the 1, 5 and 15 minute load averages of /proc/loadavg:
// a soak on a busy machine is slower for reasons outside the project.
func loadAverage() string {
	f := strings.Fields(readTrimmed("/proc/loadavg"))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func readTrimmed(path string) string {
	v, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(v))
}

// cgroupLimits reads the limits named by a /proc/self/cgroup text.
func cgroupLimits(procCgroup string, read func(string) string) (cpu, mem string) {
	for _, line := range strings.Split(procCgroup, "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		ctrls, path := strings.Split(parts[1], ","), parts[2]
		for _, c := range ctrls {
			switch c {
			case "":
				dir := filepath.Join("/sys/fs/cgroup", path)
				if v := read(filepath.Join(dir, "cpu.max")); v != "" {
					cpu = v
				}
				if v := read(filepath.Join(dir, "memory.max")); v != "" {
					mem = v
				}
			case "cpu":
				dir := filepath.Join("/sys/fs/cgroup", parts[1], path)
				if q := read(filepath.Join(dir, "cpu.cfs_quota_us")); q != "" && cpu == "" {
					if q == "-1" {
						q = "max"
					}
					cpu = q + " " + read(filepath.Join(dir, "cpu.cfs_period_us"))
				}
			case "memory":
				dir := filepath.Join("/sys/fs/cgroup", "memory", path)
				if v := read(filepath.Join(dir, "memory.limit_in_bytes")); v != "" && mem == "" {
					mem = v
				}
			}
		}
	}
	return cpu, mem
}
