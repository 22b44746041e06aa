// Package hanzi reads traditional Chinese through simplified characters.
//
// In: text, and OpenCC's character table (models/data/t2s.tsv). Out: the
// same text with each traditional character replaced by its simplified
// form, character for character, so that offsets computed on the simplified
// view hold for the original. Rules and models written for simplified
// Chinese use this view; the text itself is never changed.
package hanzi

import (
	"strings"
	"unicode/utf8"
)

// Converter maps traditional characters to simplified ones. It is
// read-only after New and safe for concurrent use; the zero value maps
// nothing.
type Converter struct {
	t2s map[rune]rune
}

// New reads a table of "traditional<TAB>simplified" lines (# comments).
func New(table []byte) *Converter {
	c := &Converter{t2s: map[rune]rune{}}
	for line := range strings.Lines(string(table)) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		t, s, ok := strings.Cut(strings.TrimRight(line, "\r\n"), "\t")
		if !ok || utf8.RuneCountInString(t) != 1 || utf8.RuneCountInString(s) != 1 {
			continue
		}
		tr, _ := utf8.DecodeRuneInString(t)
		sr, _ := utf8.DecodeRuneInString(s)
		c.t2s[tr] = sr
	}
	return c
}

// Rune returns the simplified form of r (r itself when it has none). A nil
// Converter maps nothing.
func (c *Converter) Rune(r rune) rune {
	if c == nil {
		return r
	}
	if s, ok := c.t2s[r]; ok {
		return s
	}
	return r
}

// Runes returns the simplified view of rs: a new slice of the same length,
// or rs itself when nothing changes.
func (c *Converter) Runes(rs []rune) []rune {
	if c == nil {
		return rs
	}
	var out []rune
	for i, r := range rs {
		if s, ok := c.t2s[r]; ok {
			if out == nil {
				out = make([]rune, len(rs))
				copy(out, rs[:i])
			}
			out[i] = s
		} else if out != nil {
			out[i] = r
		}
	}
	if out == nil {
		return rs
	}
	return out
}

// String returns the simplified view of s.
func (c *Converter) String(s string) string {
	if c == nil {
		return s
	}
	return strings.Map(c.Rune, s)
}

// Len is the number of characters the table maps.
func (c *Converter) Len() int {
	if c == nil {
		return 0
	}
	return len(c.t2s)
}
