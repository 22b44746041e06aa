// Package clean turns a decoded page into the clean body text every later
// stage works on.
//
// In: Doc.Text holding the whole page as decoded. Out: Doc.Text holding the
// article body once, one paragraph per line, in Unicode NFC, with spaces
// normalised and invisible characters removed.
//
// The cleaner works on paragraphs (lines): it normalises each, then drops a
// paragraph that repeats an earlier one, which removes a page that holds its
// article twice without knowing anything of the site.
package clean

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/entopic/entopic"
)

// minRepeat is the length (in code points) from which a repeated paragraph
// is taken for a copy of the article rather than a phrase that can recur.
const minRepeat = 12

// ErrEmpty is returned for a page with no text left after cleaning.
var ErrEmpty = errors.New("no text left after cleaning")

// Process cleans d.Text in place.
func Process(d *entopic.Doc) error {
	paras := Paragraphs(d.Text)
	paras = dropRepeats(paras)
	d.Text = strings.Join(paras, "\n")
	if d.Text == "" {
		return ErrEmpty
	}
	return nil
}

// Paragraphs splits text into normalised, non-empty lines.
func Paragraphs(text string) []string {
	text = norm.NFC.String(text)
	var paras []string
	for line := range strings.Lines(text) {
		if p := NormalizeLine(line); p != "" {
			paras = append(paras, p)
		}
	}
	return paras
}

// NormalizeLine removes invisible and control characters, turns every kind
// of space into one ASCII space, collapses runs of spaces and trims the
// line. Full-width letters and digits become their ASCII forms.
func NormalizeLine(line string) string {
	var b strings.Builder
	b.Grow(len(line))
	space := false
	for _, r := range line {
		switch {
		case r == utf8.RuneError:
			continue
		case isInvisible(r):
			continue
		case unicode.IsSpace(r) || r == '\u3000' || unicode.Is(unicode.Zs, r):
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if r >= 0xff01 && r <= 0xff5e && isFullwidthAlnum(r) {
			r -= 0xfee0
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isInvisible reports format characters that carry no text: zero-width
// spaces and joiners, the byte order mark, soft hyphens, direction marks.
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u200f', '\u180e':
		return true
	}
	return false
}

// isFullwidthAlnum reports full-width Latin letters and digits, which
// Chinese pages use interchangeably with ASCII ones. Full-width punctuation
// is kept: it is the normal punctuation of Chinese text.
func isFullwidthAlnum(r rune) bool {
	a := r - 0xfee0
	return (a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z')
}

// dropRepeats removes every paragraph of at least minRepeat code points that
// repeats an earlier one.
func dropRepeats(paras []string) []string {
	seen := make(map[string]bool, len(paras))
	out := paras[:0]
	for _, p := range paras {
		if utf8.RuneCountInString(p) >= minRepeat {
			if seen[p] {
				continue
			}
			seen[p] = true
		}
		out = append(out, p)
	}
	return out
}
