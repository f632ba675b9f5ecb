//go:build !windows

package winreg

import "errors"

// Apply is only possible on Windows (in the harness: under Wine).
func Apply([]Op) ([]Op, error) {
	return nil, errors.New("the registry exists on Windows only")
}

// Query is only possible on Windows (in the harness: under Wine).
func Query([]Op) ([]Op, error) {
	return nil, errors.New("the registry exists on Windows only")
}
