//go:build !unix

package prestart

import "os"

// Nothing starts early here (see the package comment).
func start(string, []string, string, []string) *Early { return nil }
func killGroup(p *os.Process)                         { _ = p.Kill() }
func lookGo(string) (string, bool)                    { return "", false }
func isClean(string) bool                             { return false }
