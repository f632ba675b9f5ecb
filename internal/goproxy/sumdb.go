package goproxy

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
)

// Sumdb is a GOSUMDB value other than off: the database's name and, when
// GOSUMDB gives one, the URL to reach it at.
type Sumdb struct {
	Name string
	URL  string // "" = find the route through GOPROXY (FindRoute)
}

// ParseGOSUMDB parses GOSUMDB ("name", "name+key" or either followed by
// a URL) with the errors of cmd/go's dbDial. Unlike the go command it
// accepts any bare name, without checking it against the go command's
// list of known keys. Callers handle "off" first.
func ParseGOSUMDB(value string) (Sumdb, error) {
	fields := strings.Fields(value)
	var db Sumdb
	switch {
	case len(fields) == 0:
		return Sumdb{}, errors.New("missing GOSUMDB")
	case len(fields) > 2:
		return Sumdb{}, errors.New("invalid GOSUMDB: too many fields")
	case strings.Contains(fields[0], "+"):
		v, err := note.NewVerifier(fields[0])
		if err != nil {
			return Sumdb{}, errors.New("invalid GOSUMDB: " + err.Error())
		}
		db.Name = v.Name()
	default:
		db.Name = fields[0]
	}
	if u, err := url.Parse("https://" + db.Name); err != nil || u.Host == "" || strings.HasSuffix(db.Name, "/") {
		return Sumdb{}, errors.New("invalid sumdb name (must be host[/path]): " + db.Name)
	}
	if len(fields) == 2 {
		if _, err := url.Parse(fields[1]); err != nil {
			return Sumdb{}, errors.New("invalid GOSUMDB URL: " + err.Error())
		}
		db.URL = fields[1]
	}
	return db, nil
}

// Via says how the go command reaches a checksum database.
type Via int

const (
	ViaURL    Via = iota // the URL in GOSUMDB
	ViaProxy             // a GOPROXY entry that serves the database
	ViaDirect            // https://<name>
)

// Route is how the go command reaches a checksum database.
type Route struct {
	Via   Via
	Base  string // the endpoint; "" when Fail is set
	Proxy Entry  // the proxy, for ViaProxy
	Steps []Step // the 'supported' questions asked
	// Fail is a 'supported' question whose failure makes the database
	// unavailable (Via is then ViaProxy and Proxy its entry).
	Fail *Step
}

// FindRoute follows cmd/go's dbClient.initBase: the URL in GOSUMDB, else
// the first entry that answers <proxy>/sumdb/<name>/supported with 200
// (404 or 410 moves on, as does any error after '|'; direct, off or the
// end of the list mean a direct connection). No request starts after the
// deadline; the entries come from Parse (nil when GOPROXY does not parse,
// which leaves the direct connection).
func FindRoute(n Network, db Sumdb, entries []Entry, deadline time.Time) Route {
	if db.URL != "" {
		return Route{Via: ViaURL, Base: db.URL}
	}
	var r Route
	var lastErr *Step // TryProxies: a proxy error beats "not found" at the end of the list
walk:
	for _, e := range entries {
		if e.Direct() || e.Off() {
			lastErr = nil // direct's answer ranks highest: connect directly
			break
		}
		if !n.Now().Before(deadline) {
			break
		}
		step := Step{Entry: e, Probe: n.Get(Join(e.URL, "sumdb/"+db.Name+"/supported"), deadline)}
		r.Steps = append(r.Steps, step)
		switch {
		case step.Probe.OK():
			r.Via, r.Base, r.Proxy = ViaProxy, Join(e.URL, "sumdb/"+db.Name), e
			return r
		case step.Probe.NotFound():
		case e.Fallback:
			lastErr = &step
		default:
			lastErr = &step
			break walk
		}
	}
	if lastErr != nil {
		r.Via, r.Proxy, r.Fail = ViaProxy, lastErr.Entry, lastErr
		return r
	}
	r.Via, r.Base = ViaDirect, "https://"+db.Name
	return r
}
