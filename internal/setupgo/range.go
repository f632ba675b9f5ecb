package setupgo

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// comparator is one primitive test: op is "<", "<=", ">", ">=" or "="
// (any matches every version: node-semver's Comparator.ANY).
type comparator struct {
	op  string
	v   Version
	any bool
}

func (c comparator) test(v Version) bool {
	if c.any {
		return true
	}
	d := Compare(v, c.v)
	switch c.op {
	case "<":
		return d < 0
	case "<=":
		return d <= 0
	case ">":
		return d > 0
	case ">=":
		return d >= 0
	}
	return d == 0
}

// Range is a parsed node-semver range: a union of comparator sets.
type Range struct {
	Raw  string
	sets [][]comparator
}

// partial matches a possibly incomplete version: 1, 1.2, 1.2.x, 1.2.3-rc.1.
const partial = `[v=\s]*([0-9]+|[xX*])(?:\.([0-9]+|[xX*])(?:\.([0-9]+|[xX*])(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?`

var (
	hyphenRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*` + partial + `\s+-\s+` + partial + `\s*$`) })
	simpleRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(<=|>=|<|>|=|~>?|\^)?\s*` + partial + `$`) })
)

// ParseRange parses a node-semver range, as semver.satisfies does before
// matching; an input it cannot parse is an error (satisfies then matches
// nothing).
func ParseRange(spec string) (Range, error) {
	r := Range{Raw: spec}
	for _, part := range strings.Split(spec, "||") {
		set, err := parseSet(strings.TrimSpace(part))
		if err != nil {
			return Range{}, fmt.Errorf("invalid version range %q: %w", spec, err)
		}
		r.sets = append(r.sets, set)
	}
	return r, nil
}

func parseSet(s string) ([]comparator, error) {
	if s == "" {
		return []comparator{{any: true}}, nil
	}
	if m := hyphenRE().FindStringSubmatch(s); m != nil {
		return hyphen(m[1:5], m[5:9])
	}
	// Operators may be followed by spaces ("> 1.2"): glue them first.
	s = regexp.MustCompile(`(<=|>=|<|>|=|~>?|\^)\s+`).ReplaceAllString(s, "$1")
	var out []comparator
	for _, tok := range strings.Fields(s) {
		m := simpleRE().FindStringSubmatch(tok)
		if m == nil {
			return nil, fmt.Errorf("%q is not a version or comparator", tok)
		}
		cs, err := desugar(m[1], m[2:6])
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// parts are major, minor, patch, prerelease as matched ("" = absent).
type parts struct {
	M, m, p    int
	xM, xm, xp bool
	pre        []string
}

func readParts(p []string) parts {
	isX := func(s string) bool { return s == "" || s == "x" || s == "X" || s == "*" }
	var r parts
	r.xM, r.xm, r.xp = isX(p[0]), isX(p[0]) || isX(p[1]), isX(p[0]) || isX(p[1]) || isX(p[2])
	if !r.xM {
		r.M, _ = number(p[0])
	}
	if !r.xm {
		r.m, _ = number(p[1])
	}
	if !r.xp {
		r.p, _ = number(p[2])
		if p[3] != "" {
			r.pre = strings.Split(p[3], ".")
		}
	}
	return r
}

func ver(M, m, p int, pre ...string) Version { return Version{Major: M, Minor: m, Patch: p, Pre: pre} }

// desugar turns one simple range (operator and partial version) into
// primitive comparators, as node-semver's replaceTilde, replaceCaret and
// replaceXRange do.
func desugar(op string, p []string) ([]comparator, error) {
	for _, n := range p[:3] {
		if n != "" && n != "x" && n != "X" && n != "*" {
			if _, ok := number(n); !ok {
				return nil, fmt.Errorf("%q is not a version number", n)
			}
		}
	}
	v := readParts(p)
	ge := func(x Version) comparator { return comparator{op: ">=", v: x} }
	lt := func(x Version) comparator { return comparator{op: "<", v: x} }
	switch op {
	case "~", "~>":
		switch {
		case v.xM:
			return []comparator{{any: true}}, nil
		case v.xm:
			return []comparator{ge(ver(v.M, 0, 0)), lt(ver(v.M+1, 0, 0, "0"))}, nil
		case v.xp:
			return []comparator{ge(ver(v.M, v.m, 0)), lt(ver(v.M, v.m+1, 0, "0"))}, nil
		}
		return []comparator{ge(ver(v.M, v.m, v.p, v.pre...)), lt(ver(v.M, v.m+1, 0, "0"))}, nil
	case "^":
		switch {
		case v.xM:
			return []comparator{{any: true}}, nil
		case v.xm:
			return []comparator{ge(ver(v.M, 0, 0)), lt(ver(v.M+1, 0, 0, "0"))}, nil
		case v.xp:
			if v.M == 0 {
				return []comparator{ge(ver(v.M, v.m, 0)), lt(ver(v.M, v.m+1, 0, "0"))}, nil
			}
			return []comparator{ge(ver(v.M, v.m, 0)), lt(ver(v.M+1, 0, 0, "0"))}, nil
		}
		low := ge(ver(v.M, v.m, v.p, v.pre...))
		switch {
		case v.M != 0:
			return []comparator{low, lt(ver(v.M+1, 0, 0, "0"))}, nil
		case v.m != 0:
			return []comparator{low, lt(ver(v.M, v.m+1, 0, "0"))}, nil
		}
		return []comparator{low, lt(ver(v.M, v.m, v.p+1, "0"))}, nil
	}
	anyX := v.xM || v.xm || v.xp
	if op == "=" && anyX {
		op = ""
	}
	switch {
	case v.xM:
		if op == ">" || op == "<" {
			return []comparator{lt(ver(0, 0, 0, "0"))}, nil // matches nothing
		}
		return []comparator{{any: true}}, nil
	case op != "" && anyX:
		M, m, p := v.M, v.m, 0
		if v.xm {
			m = 0
		}
		var pre []string
		switch op {
		case ">":
			op = ">="
			if v.xm {
				M, m = M+1, 0
			} else {
				m++
			}
		case "<=":
			op = "<"
			if v.xm {
				M++
			} else {
				m++
			}
		}
		if op == "<" {
			pre = []string{"0"}
		}
		return []comparator{{op: op, v: ver(M, m, p, pre...)}}, nil
	case v.xm:
		return []comparator{ge(ver(v.M, 0, 0)), lt(ver(v.M+1, 0, 0, "0"))}, nil
	case v.xp:
		return []comparator{ge(ver(v.M, v.m, 0)), lt(ver(v.M, v.m+1, 0, "0"))}, nil
	}
	if op == "" {
		op = "="
	}
	return []comparator{{op: op, v: ver(v.M, v.m, v.p, v.pre...)}}, nil
}

// hyphen is node-semver's hyphenReplace: "from - to" with partial
// versions widened (1.2 - 2.3 is >=1.2.0 <2.4.0-0).
func hyphen(from, to []string) ([]comparator, error) {
	f, t := readParts(from), readParts(to)
	var out []comparator
	switch {
	case f.xM:
	case f.xm:
		out = append(out, comparator{op: ">=", v: ver(f.M, 0, 0)})
	case f.xp:
		out = append(out, comparator{op: ">=", v: ver(f.M, f.m, 0)})
	default:
		out = append(out, comparator{op: ">=", v: ver(f.M, f.m, f.p, f.pre...)})
	}
	switch {
	case t.xM:
	case t.xm:
		out = append(out, comparator{op: "<", v: ver(t.M+1, 0, 0, "0")})
	case t.xp:
		out = append(out, comparator{op: "<", v: ver(t.M, t.m+1, 0, "0")})
	default:
		out = append(out, comparator{op: "<=", v: ver(t.M, t.m, t.p, t.pre...)})
	}
	if len(out) == 0 {
		out = []comparator{{any: true}}
	}
	return out, nil
}

// Satisfies is node-semver's satisfies (includePrerelease off): some
// comparator set accepts v, and when v has a prerelease, that set names
// a prerelease of the same major.minor.patch.
func (r Range) Satisfies(v Version) bool {
	for _, set := range r.sets {
		if testSet(set, v) {
			return true
		}
	}
	return false
}

func testSet(set []comparator, v Version) bool {
	for _, c := range set {
		if !c.test(v) {
			return false
		}
	}
	if len(v.Pre) == 0 {
		return true
	}
	for _, c := range set {
		if c.any || len(c.v.Pre) == 0 {
			continue
		}
		if c.v.Major == v.Major && c.v.Minor == v.Minor && c.v.Patch == v.Patch {
			return true
		}
	}
	return false
}

// Explicit is tool-cache's isExplicitVersion: the spec is one full
// version (semver.clean accepts it), looked up as is in the runner's
// tool cache.
func Explicit(spec string) bool {
	_, ok := ParseVersion(strings.TrimSpace(spec))
	return ok
}
