package redact

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Credentials hides everything in s that can authenticate, for text that
// leaves the machine whole (a bug report): the entire user information of
// every URL, since a token is often the user name ("https://TOKEN@host",
// "https://me:pw@host" both become "https://xxxxx@host"), and the values of
// query parameters named like credentials (token, key, password, secret,
// sig, auth, ...). Unlike Passwords it keeps nothing of the account.
func Credentials(s string) string {
	s = userinfo().ReplaceAllString(s, "${1}xxxxx@")
	return queryCredential().ReplaceAllString(s, "${1}xxxxx")
}

var (
	userinfo        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s|"'<>]+@`) })
	queryCredential = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([?&;](?i:access_token|token|private_token|auth|authorization|key|api_key|apikey|password|passwd|pwd|secret|client_secret|sig|signature|x-amz-signature|x-amz-credential)=)[^&#\s,|"'<>]+`)
	})
)

// Identity replaces what identifies a person or a machine in text: the
// home directory becomes "~", user names "<user>" and host names "<host>".
// Names match as whole words (a user "ann" leaves "annotation" alone), host
// names in any case; a path under the home directory matches only up to a
// separator (home /home/ann leaves /home/anna alone). Names shorter than
// three characters, and "root" and "localhost", are left as they are:
// replacing them would garble the text and they identify no one (root's
// home directory still becomes "~").
type Identity struct {
	res   []*regexp.Regexp
	repls []string
}

// NewIdentity builds the replacements. Empty values are ignored; each home
// directory is matched with / and \ separators alike.
func NewIdentity(homes, users, hosts []string) *Identity {
	id := &Identity{}
	homes = slices.Clone(homes)
	// Longest first, so that /home/ann/work wins over /home/ann.
	slices.SortFunc(homes, func(a, b string) int { return len(b) - len(a) })
	for _, h := range homes {
		h = strings.TrimRight(h, `/\`)
		if len(h) < 2 {
			continue
		}
		pat := regexp.QuoteMeta(h)
		pat = strings.NewReplacer(`/`, `[/\\]`, `\\`, `[/\\]`).Replace(pat)
		id.add(`(?i:`+pat+`)`+`([/\\]|$|[^\w.-])`, "~${1}")
	}
	for _, h := range hosts {
		if keepName(h) {
			continue
		}
		id.add(`(?i)(^|[^\w.-])`+regexp.QuoteMeta(h)+`($|[^\w-])`, "${1}<host>${2}")
		if short, _, ok := strings.Cut(h, "."); ok && !keepName(short) {
			id.add(`(?i)(^|[^\w.-])`+regexp.QuoteMeta(short)+`($|[^\w-])`, "${1}<host>${2}")
		}
	}
	for _, u := range users {
		if keepName(u) {
			continue
		}
		id.add(`(^|[^\w.-])`+regexp.QuoteMeta(u)+`($|[^\w-])`, "${1}<user>${2}")
	}
	return id
}

func keepName(s string) bool {
	return len(s) < 3 || s == "root" || strings.EqualFold(s, "localhost")
}

func (id *Identity) add(pattern, repl string) {
	id.res = append(id.res, regexp.MustCompile(pattern))
	id.repls = append(id.repls, repl)
}

// Apply returns s with credentials hidden (Credentials) and the identity
// replaced.
func (id *Identity) Apply(s string) string {
	s = Credentials(s)
	for i, re := range id.res {
		// A match consumes the character after it, so adjacent names
		// ("ann ann") need a second pass.
		for range 2 {
			s = re.ReplaceAllString(s, id.repls[i])
		}
	}
	return s
}

// JSON applies Apply to every string of a JSON document (object keys
// included) and keeps everything else as it was, the order of object
// members too (godx's evidence objects are ordered). The result is compact.
func (id *Identity) JSON(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		object, wantKey bool
		n               int // members or elements written
	}
	var stack []frame
	var out bytes.Buffer
	valueDone := func() {
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if len(stack) > 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return out.Bytes(), nil
		}
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			out.WriteByte(byte(d))
			valueDone()
			continue
		}
		isKey := false
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if !top.object || top.wantKey {
				if top.n > 0 {
					out.WriteByte(',')
				}
				top.n++
			}
			isKey = top.object && top.wantKey
		}
		if d, ok := tok.(json.Delim); ok {
			out.WriteByte(byte(d))
			stack = append(stack, frame{object: d == '{', wantKey: d == '{'})
			continue
		}
		if s, ok := tok.(string); ok {
			tok = id.Apply(s)
		}
		// Encode writes a newline after each value; HTML characters stay
		// as they are, as in godx's other JSON.
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(tok); err != nil {
			return nil, err
		}
		out.Truncate(out.Len() - 1)
		if isKey {
			out.WriteByte(':')
			stack[len(stack)-1].wantKey = false
			continue
		}
		valueDone()
	}
}
