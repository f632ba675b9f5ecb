// Package redact keeps secrets out of what godx prints: reports are pasted
// into issues and chats, and settings such as GOPROXY and the
// error messages of network requests can carry credentials.
//
// Two functions because the two inputs need different parsers: a single
// URL is parsed exactly (a password may hold ',', '|' or quotes), while
// free text and GOPROXY-style lists can only be scanned for URL-shaped
// words.
package redact

import (
	"net/url"
	"regexp"
	"sync"
)

// Passwords hides the password of every URL in s ("https://me:secret@host"
// becomes "https://me:xxxxx@host"), wherever the URL stands: alone, in a
// GOPROXY list (separated by , or |), quoted, or inside an error message.
// The user name stays, so that the reader can still tell which account is
// used.
func Passwords(s string) string {
	return password().ReplaceAllString(s, "${1}xxxxx@")
}

var password = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(://[^/@\s:,|"']*:)[^/@\s,|"']*@`) })

// URL hides the password of s, which is one URL, as url.URL.Redacted
// does ("https://me:secret@host" becomes "https://me:xxxxx@host"). Unlike
// Passwords it parses s, so a password with characters that separate
// list entries is hidden whole. A string that does not parse as a URL
// goes through Passwords instead, so that nothing is shown unredacted.
func URL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return Passwords(s)
	}
	if u.User == nil {
		return s
	}
	return u.Redacted()
}
