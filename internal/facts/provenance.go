package facts

// Provenance names where the setting's effective value comes from, in
// the compact form evidence lines use: the source and the file that
// defines it ("go env -w file /home/u/.config/go/env", "$GOROOT/go.env
// /usr/local/go/go.env"), "environment", or for a derived default what it
// is derived from ("default: $GOPATH/pkg/mod").
func (s *Setting) Provenance() string {
	switch {
	case s.Origin != "":
		return string(s.Source) + " " + s.Origin
	case s.Source == FromDefault && s.Note != "":
		return "default: " + s.Note
	}
	return string(s.Source)
}
