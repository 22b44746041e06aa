package entities

import (
	"regexp"
	"unicode/utf8"

	"github.com/entopic/entopic"
)

// Datelines finds the place of a wire-service dateline at the start of a
// paragraph of English text — "CHICAGO (Reuters) -", "SAN FRANCISCO
// (CBS.MW) -", "ALPHARETTA, Ga. (AP) --", "BOSTON, Mass. -" — and proposes
// it as a place. The entity model, trained on sentences rather than on
// wire copy, reads a city written in capitals before an agency's name as
// an organization; the shape of a dateline says it is where the story was
// filed. The zero value is ready to use.
type Datelines struct{}

// dateline matches at the start of a line: a place in capitals (letters,
// spaces, periods, apostrophes and hyphens), a state or country after a
// comma and an agency in brackets (Recognize wants one of the two at
// least: a word in capitals and a dash alone head a Reuters slug, PRESS
// DIGEST - Iraq), a dash, and the story: words with lower-case letters (a
// line in capitals after the dash, SOCCER - JAPAN GET LUCKY WIN, is a
// headline).
var dateline = regexp.MustCompile(`(?m)^([A-Z][A-Z.'\- ]*[A-Z.])(, [A-Z][A-Za-z.]+)?( \([^()\n]{1,30}\))? +(?:-{1,2}|–|—) +[^\n]{0,40}?[a-z]`)

// Recognize implements Recognizer.
func (Datelines) Recognize(d *entopic.Doc) []entopic.Mention {
	var out []entopic.Mention
	at, runes := 0, 0 // a byte offset and the code points before it
	for _, m := range dateline.FindAllStringSubmatchIndex(d.Text, -1) {
		start, end := m[2], m[3]
		place := d.Text[start:end]
		if letters(place) < 2 || m[4] < 0 && m[6] < 0 {
			continue
		}
		// Offsets in code points: the place is ASCII, but the text before
		// it need not be. Matches come in order, so counting goes on from
		// the last one.
		runes += utf8.RuneCountInString(d.Text[at:start])
		at = start
		s := runes
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: s, End: s + len(place)}, Type: entopic.TypeLoc,
			Method: entopic.MethodRule, Confidence: 0.95,
		})
	}
	return out
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			n++
		}
	}
	return n
}
