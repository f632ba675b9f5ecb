package goversion

import "strings"

// parsed is internal/gover's Version: major[.minor[.patch]][kind[pre]],
// the numbers kept as decimal strings as gover keeps them (go1.99999999999
// must not overflow).
type parsed struct {
	major, minor, patch string
	kind                string // "", "alpha", "beta", "rc", …
	pre                 string
}

// parse is internal/gover's Parse for v in either form, after dropping
// "go" and, as go/version does, a toolchain's "-suffix". ok is false for
// a malformed version.
func parse(v string) (p parsed, ok bool) {
	g := WithGo(v)
	if !strings.HasPrefix(g, "go") {
		return parsed{}, false
	}
	x, _, _ := strings.Cut(g[2:], "-")
	if p.major, x, ok = cutInt(x); !ok {
		return parsed{}, false
	}
	if x == "" {
		p.minor, p.patch = "0", "0" // "1" is 1.0.0
		return p, true
	}
	if x[0] != '.' {
		return parsed{}, false
	}
	if p.minor, x, ok = cutInt(x[1:]); !ok {
		return parsed{}, false
	}
	if x == "" {
		// Before Go 1.21 a missing patch means .0; since, it means the
		// language version.
		if cmpInt(p.minor, "21") < 0 {
			p.patch = "0"
		}
		return p, true
	}
	if x[0] == '.' {
		// A patch release has no pre-release.
		if p.patch, x, ok = cutInt(x[1:]); !ok || x != "" {
			return parsed{}, false
		}
		return p, true
	}
	i := 0
	for i < len(x) && (x[i] < '0' || '9' < x[i]) {
		if x[i] < 'a' || 'z' < x[i] {
			return parsed{}, false
		}
		i++
	}
	if i == 0 {
		return parsed{}, false
	}
	p.kind, x = x[:i], x[i:]
	if x == "" {
		return p, true
	}
	if p.pre, x, ok = cutInt(x); !ok || x != "" {
		return parsed{}, false
	}
	return p, true
}

// cutInt is gover's cutInt: the decimal number x starts with (no needless
// leading zero) and the rest.
func cutInt(x string) (n, rest string, ok bool) {
	i := 0
	for i < len(x) && '0' <= x[i] && x[i] <= '9' {
		i++
	}
	if i == 0 || x[0] == '0' && i != 1 {
		return "", "", false
	}
	return x[:i], x[i:], true
}

// cmpInt compares two decimal strings as numbers.
func cmpInt(x, y string) int {
	switch {
	case x == y:
		return 0
	case len(x) != len(y):
		if len(x) < len(y) {
			return -1
		}
		return +1
	case x < y:
		return -1
	}
	return +1
}

// decInt is a decimal string less one ("" for zero).
func decInt(decimal string) string {
	digits := []byte(decimal)
	i := len(digits) - 1
	for ; i >= 0 && digits[i] == '0'; i-- {
		digits[i] = '9'
	}
	if i < 0 {
		return ""
	}
	if i == 0 && digits[i] == '1' && len(digits) > 1 {
		digits = digits[1:]
	} else {
		digits[i]--
	}
	return string(digits)
}
