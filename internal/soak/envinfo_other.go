//go:build !linux

package soak

// platformEnvironment records nothing beyond the portable facts here.
func platformEnvironment(e *Environment) {}

// loadAverage is not read on this system.
func loadAverage() string { return "" }
