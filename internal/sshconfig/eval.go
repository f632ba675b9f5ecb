package sshconfig

import "strings"

// tri is a three-valued truth: a Match on `exec` or `user` may or may not
// apply. no < maybe < yes, so AND is min.
type tri int8

const (
	no tri = iota
	maybe
	yes
)

func (t tri) not() tri { return yes - t }

type evaluator struct {
	host     Host
	hostname string // first HostName that applies (for Match host)
}

// file walks one file as ssh does: a Host or Match line decides whether
// the lines below it apply; an Include inherits the state at its line (and
// nothing in it applies when that state is false).
func (ev *evaluator) file(file *file, ceiling tri) {
	for _, b := range file.blocks {
		active, named := ceiling, false
		if b.line > 0 {
			var m tri
			if b.isMatch {
				m, named = ev.match(b.patterns)
			} else {
				m, named = hostLine(ev.host.Name, b.patterns)
			}
			active = min(ceiling, m)
		}
		if active == no {
			continue
		}
		if named && active == yes && ev.host.Block == nil {
			ev.host.Block = &Block{File: file.path, Line: b.line, Text: b.text}
		}
		for _, e := range b.entries {
			switch e.key {
			case "include":
				for _, inc := range e.includes {
					ev.file(inc, active)
				}
				continue
			case "hostname":
				if active == yes && ev.hostname == "" {
					ev.hostname = strings.ReplaceAll(e.value, "%h", ev.host.Name)
				}
			}
			// The first value wins; one from a block that certainly
			// applies beats an earlier one that only may.
			if old, ok := ev.host.settings[e.key]; !ok || active == yes && !old.Certain {
				ev.host.settings[e.key] = Setting{
					Value: e.value, File: file.path, Line: e.line,
					Block:   Block{File: file.path, Line: b.line, Text: b.text},
					Certain: active == yes,
				}
			}
		}
	}
}

// hostLine evaluates a Host line for target: a matching negated pattern
// excludes, otherwise any matching pattern includes (the comparison is
// case-sensitive, as in ssh). named reports whether a pattern other than
// "*" matched.
func hostLine(target string, patterns []string) (tri, bool) {
	res, named := no, false
	for _, p := range patterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if matchPattern(target, neg) {
				return no, false
			}
			continue
		}
		if matchPattern(target, p) {
			res = yes
			named = named || p != "*"
		}
	}
	return res, named
}

// match evaluates a Match line's criteria.
func (ev *evaluator) match(args []string) (tri, bool) {
	res, named := yes, false
	if len(args) == 0 {
		return no, false
	}
	for i := 0; i < len(args); i++ {
		attr, negate := strings.CutPrefix(args[i], "!")
		attr = strings.ToLower(attr)
		var v tri
		switch attr {
		case "all":
			v = yes
		case "final":
			// ssh reads the configuration a second time for `final`; the
			// first value read in either pass wins.
			v, negate = yes, false
		case "canonical":
			v = maybe
		default:
			if i+1 >= len(args) {
				return no, false // a Problem (MatchCriterionWithoutValue)
			}
			i++
			switch attr {
			case "host", "originalhost":
				name := ev.host.Name
				if attr == "host" && ev.hostname != "" {
					name = ev.hostname
				}
				m, pat := matchList(strings.ToLower(name), args[i])
				v = no
				if m > 0 {
					v = yes
					named = named || (pat != "*" && !negate)
				}
			default: // exec, user, localuser, localnetwork, tagged, version, sessiontype, command, …: never run, never guessed
				v = maybe
			}
		}
		if negate {
			v = v.not()
		}
		res = min(res, v)
	}
	return res, named && res == yes
}

// matchList is OpenSSH's match_pattern_list with lower-casing: 1 when a
// pattern of the comma-separated list matches, -1 when a negated one does,
// 0 otherwise; pat is the pattern that matched.
func matchList(s, list string) (int, string) {
	res, pat := 0, ""
	for _, p := range strings.Split(list, ",") {
		p = strings.ToLower(p)
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if matchPattern(s, neg) {
				return -1, ""
			}
			continue
		}
		if res == 0 && matchPattern(s, p) {
			res, pat = 1, p
		}
	}
	return res, pat
}

// matchPattern is OpenSSH's match_pattern: '*' matches any sequence, '?'
// exactly one character. OpenSSH recurses at every '*', which takes time
// exponential in the number of stars (`Host *a*a*a*a*a*a*a*a*a*a*b` against
// a 40-letter name runs for minutes); this matches the same strings by
// going back only to the last '*' seen, in at most len(s)·len(p) steps.
func matchPattern(s, p string) bool {
	si, pi := 0, 0
	star, resume := -1, 0 // the last '*' in p, and where in s it would take one more byte
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, resume = pi, si
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			si++
			pi++
		case star >= 0:
			// Let the last star swallow one more byte and retry from there:
			// an earlier star never needs to, since the last one can take
			// whatever an earlier one would have.
			resume++
			si, pi = resume, star+1
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
