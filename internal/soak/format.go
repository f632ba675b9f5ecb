package soak

import (
	"fmt"
	"strconv"
	"time"
)

// FormatCgroupMemory prints a cgroup memory limit: "max" (v2) and the
// page-rounded 2^63 of cgroup v1 both mean no limit. The raw value is
// kept in parentheses (the report's JSON has it as read).
func FormatCgroupMemory(v string) string {
	if v == "max" {
		return "unlimited (max)"
	}
	n, err := strconv.ParseUint(v, 10, 64)
	switch {
	case err != nil:
		return v
	case n >= 1<<62:
		return "unlimited (" + v + ")"
	}
	return FormatBytes(float64(n)) + " (" + v + ")"
}

// FormatValue prints a metric value in its unit.
func FormatValue(v float64, unit string) string {
	if unit == "bytes" {
		return FormatBytes(v)
	}
	return FormatSeconds(v)
}

// FormatSeconds prints a duration given in seconds: 850ms, 1.25s, 12.3s, 2m05s.
func FormatSeconds(v float64) string {
	switch a := abs(v); {
	case a >= 60:
		return FormatElapsed(time.Duration(v * float64(time.Second)))
	case a >= 10:
		return fmt.Sprintf("%.1fs", v)
	case a >= 0.1:
		return fmt.Sprintf("%.2fs", v)
	}
	return fmt.Sprintf("%.0fms", v*1000)
}

// FormatBytes prints a size in bytes with binary units: 85.2 MiB.
func FormatBytes(v float64) string {
	switch a := abs(v); {
	case a >= 1<<30:
		return fmt.Sprintf("%.2f GiB", v/(1<<30))
	case a >= 1<<20:
		return fmt.Sprintf("%.1f MiB", v/(1<<20))
	case a >= 1<<10:
		return fmt.Sprintf("%.0f KiB", v/(1<<10))
	}
	return fmt.Sprintf("%.0f B", v)
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// FormatElapsed prints 42s, 3m05s, 1h02m.
func FormatElapsed(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
