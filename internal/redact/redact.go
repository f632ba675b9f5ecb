// Package redact keeps secrets out of what godx prints: reports are pasted
// into issues and chats, and settings such as GOPROXY and the
// error messages of network requests can carry credentials.
package redact

import "regexp"

// Passwords hides the password of every URL in s ("https://me:secret@host"
// becomes "https://me:xxxxx@host"), wherever the URL stands: alone, in a
// GOPROXY list (separated by , or |), quoted, or inside an error message.
// The user name stays, so that the reader can still tell which account is
// used.
func Passwords(s string) string {
	return password.ReplaceAllString(s, "${1}xxxxx@")
}

var password = regexp.MustCompile(`(://[^/@\s:,|"']*:)[^/@\s,|"']*@`)
