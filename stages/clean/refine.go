package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/entopic/entopic"
)

// refine cleans a page whose article an extractor has found: d.Page as the
// html stage marked it, the article's lines as body and the lines around
// it as boilerplate.
//
// The extractor's choice stands except where the cue rules say otherwise:
// a body line a cue rule takes for metadata or boilerplate, or shaped like a
// link list, leaves the body; a line that ends articles (a heading of related
// articles or comments) ends the body when at least half of the body's text
// lies before it; navigation links at the end of a paragraph are cut off.
// Around the body, lines matching a metadata cue or holding a date are
// metadata, for the meta stage; the title is chosen as on any page.
func (c *Cleaner) refine(d *entopic.Doc) error {
	page := make([]entopic.Line, 0, len(d.Page))
	for _, l := range d.Page {
		t := NormalizeLine(norm.NFC.String(l.Text))
		if l.Kind == entopic.LineBody {
			t = c.stripTail(t)
		}
		if t != "" {
			page = append(page, entopic.Line{Text: t, Kind: l.Kind})
		}
	}
	page = dropCopies(page)
	lines := make([]line, len(page))
	kinds := make([]entopic.LineKind, len(page))
	var total float64
	for i, l := range page {
		lines[i] = c.classify(l.Text)
		kinds[i] = l.Kind
		if l.Kind == entopic.LineBody {
			total += lines[i].size
		}
	}
	var before float64 // body text before line i
	for i, l := range page {
		body := kinds[i] == entopic.LineBody
		if c.endsArticle(l.Text) && before >= total/2 && before > 0 {
			for j := i; j < len(page); j++ {
				if kinds[j] == entopic.LineBody {
					kinds[j] = entopic.LineBoilerplate
				}
			}
			break
		}
		if body {
			before += lines[i].size
		}
		kind, cued := c.cue(l.Text)
		switch {
		case body && cued && kind == entopic.LineMeta && dateOnly.MatchString(l.Text) && inside(kinds, i):
			// A date inside the article (under a signature) is text.
		case body && cued:
			kinds[i] = kind
		case body && isLinkList(l.Text):
			kinds[i] = entopic.LineBoilerplate
		case !body && (cued && kind == entopic.LineMeta || contextDate.MatchString(l.Text) && utf8.RuneCountInString(l.Text) <= 80):
			kinds[i] = entopic.LineMeta
		}
	}
	c.title(lines, kinds, d.Hint.Title)
	for i := range page {
		page[i].Kind = kinds[i]
	}
	d.Page = page
	return c.finish(d)
}

// inside reports a line with body lines before and after it.
func inside(kinds []entopic.LineKind, i int) bool {
	var pre, post bool
	for j := range kinds {
		if kinds[j] == entopic.LineBody {
			if j < i {
				pre = true
			} else if j > i {
				post = true
			}
		}
	}
	return pre && post
}

// ends1 reports a line after which an article does not go on.
func (c *Cleaner) endsArticle(t string) bool {
	n := utf8.RuneCountInString(t)
	for _, r := range c.ends {
		if (r.max == 0 || n <= r.max) && r.re.MatchString(t) {
			return true
		}
	}
	return false
}

// stripTail cuts navigation links off the end of a paragraph.
func (c *Cleaner) stripTail(t string) string {
	for _, re := range c.strip {
		if loc := re.FindStringIndex(t); loc != nil && loc[1] == len(t) {
			t = strings.TrimSpace(t[:loc[0]])
		}
	}
	return t
}

// contextDate finds a date in a line around an article: a full date, a
// date and time without the year (03-15 08:30), or an English one.
var contextDate = regexp.MustCompile(`\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|(?:^|[^\d])\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2}|(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}`)

// copyParagraph is the length (letters and digits) from which a line that
// repeats an earlier one is taken for a copy of it (of the title, or a
// second copy of the article); shorter repeats stand, as lists, tables and
// recipes repeat their items.
const copyParagraph = 60

// dropCopies removes the copies of earlier lines.
func dropCopies(page []entopic.Line) []entopic.Line {
	seen := make(map[string]bool, len(page))
	out := page[:0]
	for _, l := range page {
		if k := repeatKey(l.Text); utf8.RuneCountInString(k) >= copyParagraph {
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, l)
	}
	return out
}
