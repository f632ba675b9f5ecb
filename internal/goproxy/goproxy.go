// Package goproxy reads the go command's module download settings the way
// cmd/go reads them, and asks the network what the go command would ask:
//
//   - GOPROXY: Parse splits the list as cmd/go's proxyList does (',' falls
//     through only on "not found", '|' on any error, direct and off end
//     the list, a bare host means https://), with cmd/go's own errors.
//   - The walk: Walked follows the list for one probe module, once per
//     doctor run, under the Deadline shared by every network check.
//   - GOSUMDB: ParseGOSUMDB and FindRoute (how cmd/go reaches the checksum
//     database: an explicit URL, a proxy that serves it, or directly).
//   - GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE: Privacy matches module
//     paths against their patterns as cmd/go does.
//   - Lookup asks a proxy about many modules at once, bounded in number,
//     parallelism and time.
//
// Requests go through a Network: Machine for the machine godx inspects,
// a fake with a logical clock in tests, so that the time bounds are
// proven without depending on how fast the test machine is.
package goproxy

import (
	"errors"
	"net/url"
	"strings"

	"github.com/godx-dev/godx/internal/redact"
)

// An Entry is one element of the GOPROXY list.
type Entry struct {
	Raw      string // as written
	URL      string // with https:// added as the go command does; "direct" or "off"
	Fallback bool   // followed by '|': fall through on any error
}

// Direct reports the entry direct (fetch from version control).
func (e Entry) Direct() bool { return e.URL == "direct" }

// Off reports the entry off (downloads disabled).
func (e Entry) Off() bool { return e.URL == "off" }

// String names the entry for people: direct, off, or the URL without its
// password.
func (e Entry) String() string {
	if e.Direct() || e.Off() {
		return e.URL
	}
	return redact.URL(e.URL)
}

// ErrNoEntries is cmd/go's error for a list that has only separators and
// spaces.
var ErrNoEntries = errors.New("GOPROXY list is not the empty string, but contains no entries")

// An EntryError is an entry the go command refuses, which makes it refuse
// the whole list. Its message is the go command's.
type EntryError struct {
	URL string // the entry, with https:// added as the go command adds it
	Err error
}

func (e *EntryError) Error() string { return e.Err.Error() }
func (e *EntryError) Unwrap() error { return e.Err }

// Parse parses GOPROXY as cmd/go's proxyList does; isAbs reports an
// absolute file path of the inspected OS (such a path is not a bare host).
// The list ends at direct or off, as in cmd/go, which ignores what follows
// them. The error is an *EntryError or ErrNoEntries, worded as the go
// command words it.
func Parse(goproxy string, isAbs func(string) bool) ([]Entry, error) {
	var list []Entry
	rest := goproxy
	for rest != "" {
		var raw string
		fallback := false
		if i := strings.IndexAny(rest, ",|"); i >= 0 {
			raw, fallback, rest = rest[:i], rest[i] == '|', rest[i+1:]
		} else {
			raw, rest = rest, ""
		}
		raw = strings.TrimSpace(raw)
		switch raw {
		case "":
			continue
		case "off", "direct":
			return append(list, Entry{Raw: raw, URL: raw}), nil
		}
		// Single words are reserved for built-in behaviours; anything
		// with ":/" or an absolute path must be a complete URL.
		u := raw
		if strings.ContainsAny(u, ".:/") && !strings.Contains(u, ":/") && !isAbs(u) && !strings.HasPrefix(u, "/") {
			u = "https://" + u
		}
		if err := checkProxyURL(u); err != nil {
			return nil, &EntryError{URL: u, Err: err}
		}
		list = append(list, Entry{Raw: raw, URL: u, Fallback: fallback})
	}
	if len(list) == 0 {
		return nil, ErrNoEntries
	}
	return list, nil
}

// checkProxyURL is the check of cmd/go's newProxyRepo.
func checkProxyURL(u string) error {
	pu, err := url.Parse(u)
	if err != nil {
		return err
	}
	switch pu.Scheme {
	case "http", "https":
		return nil
	case "file":
		if *pu != (url.URL{Scheme: pu.Scheme, Path: pu.Path, RawPath: pu.RawPath}) {
			return errors.New("invalid file:// proxy URL with non-path elements: " + pu.Redacted())
		}
		return nil
	case "":
		return errors.New("invalid proxy URL missing scheme: " + pu.Redacted())
	}
	return errors.New("invalid proxy URL scheme (must be https, http, file): " + pu.Redacted())
}

// WithFallback writes list back as a GOPROXY value, with '|' after e so
// that the go command falls through to the next entry when e fails.
func WithFallback(list []Entry, e Entry) string {
	var b strings.Builder
	for i, x := range list {
		b.WriteString(x.Raw)
		if i == len(list)-1 {
			break
		}
		if x.Fallback || x == e {
			b.WriteByte('|')
		} else {
			b.WriteByte(',')
		}
	}
	return b.String()
}

// Join appends a slash-separated path to a proxy base URL.
func Join(base, rel string) string {
	return strings.TrimSuffix(base, "/") + "/" + rel
}
