package entities

import (
	"strings"

	"github.com/entopic/entopic"
)

// Brackets proposes every title written in 《》 as a POLICY mention, the
// brackets included, normalized to the title without them: Chinese writes
// the names of laws, strategies and other documents that way. It is the
// first pass of policy extraction; titles of books, papers and programmes
// are told apart by the policy stage.
type Brackets struct{}

// maxTitle bounds a title, so that an unclosed bracket does not swallow a
// paragraph.
const maxTitle = 60

// Recognize implements Recognizer.
func (Brackets) Recognize(d *entopic.Doc) []entopic.Mention {
	var out []entopic.Mention
	open := -1
	var inner strings.Builder
	pos := 0
	for _, r := range d.Text {
		switch {
		case r == '《':
			open = pos
			inner.Reset()
		case r == '》' && open >= 0:
			if title := strings.TrimSpace(inner.String()); title != "" && pos-open <= maxTitle {
				out = append(out, entopic.Mention{
					Span: entopic.Span{Start: open, End: pos + 1}, Normalized: title,
					Type: entopic.TypePolicy, Method: entopic.MethodPattern, Confidence: 0.6,
				})
			}
			open = -1
		case r == '\n':
			open = -1
		case open >= 0:
			inner.WriteRune(r)
		}
		pos++
	}
	return out
}
