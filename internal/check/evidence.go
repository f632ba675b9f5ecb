package check

import (
	"bytes"
	"encoding/json"
)

// Field is one piece of evidence: what was observed and its exact value,
// e.g. {"GOROOT (environment)", "/opt/go1.22"}.
type Field struct {
	Key   string
	Value string
}

// F builds a Field.
func F(key, value string) Field { return Field{key, value} }

// Evidence keeps the order in which a check recorded its observations (the
// order tells the story), and still encodes as a JSON object.
type Evidence []Field

// MarshalJSON encodes evidence as an object whose keys keep their order.
func (e Evidence) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range e {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(f.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON decodes an object, keeping the key order of the document.
func (e *Evidence) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	*e = nil
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		var v string
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*e = append(*e, Field{Key: kt.(string), Value: v})
	}
	_, err := dec.Token() // }
	return err
}
