package goproxy

import (
	"net/url"
	"strings"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/facts"
)

// Offer is what a GOPROXY list can say about a module version without
// the network.
type Offer int

const (
	// OfferUnknown: an http(s) proxy or direct would have to be asked.
	OfferUnknown Offer = iota
	// OfferYes: a file:// entry holds the module's zip.
	OfferYes
	// OfferNo: every entry before off (or the end of the list) is a
	// file:// directory without it, or the list is off: the go command's
	// download fails with "not found".
	OfferNo
)

// OffersLocally walks list as the go command does for m, looking only at
// what needs no network: file:// entries are read from disk (an entry
// that lacks the module falls through, after ',' and '|' alike), off ends
// the walk with nothing; an http(s) entry or direct makes the answer
// unknown.
func OffersLocally(f *facts.Facts, list []Entry, m module.Version) Offer {
	for _, e := range list {
		switch {
		case e.Off():
			return OfferNo
		case !strings.HasPrefix(e.URL, "file://"):
			return OfferUnknown
		}
		u, err := ModuleURL(e.URL, m, ".zip")
		if err != nil {
			return OfferUnknown
		}
		if p := FilePath(f.GOOS(), u); p != "" {
			if st, err := f.OS.Stat(p); err == nil && st.Mode().IsRegular() {
				return OfferYes
			}
		}
	}
	return OfferNo
}

// FilePath is the local path of a file:// URL on goos ("" when it cannot
// be parsed).
func FilePath(goos, fileURL string) string {
	pu, err := url.Parse(fileURL)
	if err != nil || pu.Scheme != "file" {
		return ""
	}
	if goos == "windows" {
		return strings.ReplaceAll(strings.TrimPrefix(pu.Path, "/"), "/", `\`) // file:///C:/x
	}
	return pu.Path
}
