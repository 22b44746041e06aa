package clean

import (
	"regexp"
	"strings"
	"unicode"
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
// link list, leaves the body; navigation links at the end of a paragraph
// are cut off; then trimBody's rules apply, as on any page. Around the
// body, lines matching a metadata cue or holding a date are metadata, for
// the meta stage; the title is chosen as on any page.
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
	lines := make([]line, len(page))
	kinds := make([]entopic.LineKind, len(page))
	for i, l := range page {
		lines[i] = c.classify(l.Text)
		kinds[i] = l.Kind
	}
	for i, l := range page {
		body := kinds[i] == entopic.LineBody
		kind, cued := c.cue(l.Text)
		switch {
		case body && cued && kind == entopic.LineMeta && dateOnly.MatchString(l.Text) && inside(kinds, i):
			// A date inside the article (under a signature) is text.
		case body && cued:
			kinds[i] = kind
		case body && (isLinkList(l.Text) || !hasLetter(l.Text)):
			kinds[i] = entopic.LineBoilerplate
		case !body && (cued && kind == entopic.LineMeta || contextDate.MatchString(l.Text) && utf8.RuneCountInString(l.Text) <= 80):
			kinds[i] = entopic.LineMeta
		}
	}
	c.trimBody(lines, kinds)
	c.title(lines, kinds, d.Hint.Title)
	dropTitleCopies(lines, kinds)
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
	var buf [2]uint64
	try := c.endIdx.candidates(t, buf[:0])
	for i, r := range c.ends {
		if has(try, i) && (r.max == 0 || n <= r.max) && r.re.MatchString(t) {
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

// teasersAfter reports a line that is nothing but a date after line i: the
// dates of a list of other articles.
func teasersAfter(lines []line, i int) bool {
	for _, l := range lines[i+1:] {
		if teaserDate.MatchString(l.text) {
			return true
		}
	}
	return false
}

// trimBody applies the rules that hold whoever found the body: a line that
// ends articles ends it when at least half of its text lies before it, or
// the lines after it list other articles with their dates (a box of
// related links inside an article does not end it), a byline in its first
// third leaves out what stands above it (leadIn), and a list of other
// articles after its last sentence goes (trimTail).
func (c *Cleaner) trimBody(lines []line, kinds []entopic.LineKind) {
	var total, before float64
	for i, l := range lines {
		if kinds[i] == entopic.LineBody {
			total += l.size
		}
	}
	for i, l := range lines {
		// The cue first: it is rare, and the teasers after a line are
		// looked for only then.
		if before > 0 && c.endsArticle(l.text) && (before >= total/2 || teasersAfter(lines, i)) {
			for j := i; j < len(lines); j++ {
				if kinds[j] == entopic.LineBody {
					kinds[j] = entopic.LineBoilerplate
					if j == i && l.class == classMeta {
						kinds[j] = entopic.LineMeta
					}
				}
			}
			break
		}
		if kinds[i] == entopic.LineBody {
			before += l.size
		}
	}
	leadIn(lines, kinds, total)
	trimTail(lines, kinds)
}

// leadIn leaves out of the body what comes before a byline in its first
// third: a summary box, a deck or a caption set above the article, which the
// byline separates from the article's text.
func leadIn(lines []line, kinds []entopic.LineKind, total float64) {
	var before float64
	for i, l := range lines {
		if before >= total/3 {
			return
		}
		if kinds[i] == entopic.LineMeta && isByline(l.text) {
			if before == 0 {
				return
			}
			for j := range i {
				if kinds[j] == entopic.LineBody {
					kinds[j] = entopic.LineBoilerplate
				}
			}
			return
		}
		if kinds[i] == entopic.LineBody {
			before += l.size
		}
	}
}

// byline finds a byline: a line naming the article's author or reporter.
var byline = regexp.MustCompile(`(?i)(记者|作者|撰文|撰稿|采写|文\s*/|^by\s+\p{Lu}|^written by)`)

func isByline(t string) bool {
	return utf8.RuneCountInString(t) <= 60 && byline.MatchString(t)
}

// trimTail leaves out of the body the lines after its last sentence when
// a line among them is nothing but a date: the titles and dates of a list
// of other articles that the extractor took in with the article. (A list
// that belongs to the article — tour dates, steps — has no date alone on a
// line.)
func trimTail(lines []line, kinds []entopic.LineKind) {
	last := -1
	for i, l := range lines {
		if kinds[i] == entopic.LineBody && l.ending {
			last = i
		}
	}
	if last < 0 {
		return
	}
	teasers := false
	for i := last + 1; i < len(lines); i++ {
		if teaserDate.MatchString(lines[i].text) {
			teasers = true
		}
	}
	if !teasers {
		return
	}
	for i := last + 1; i < len(lines); i++ {
		if kinds[i] == entopic.LineBody {
			kinds[i] = entopic.LineBoilerplate
		}
	}
}

// teaserDate matches a line that is a date, perhaps with a time or a count
// run into it (2019-09-06107, 2019-09-3007:42, 09-06 10:00, November 19,
// 2019 at 6:34 am, 11/20/2019 01:08 AM).
var teaserDate = regexp.MustCompile(`^(\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(\d{1,2}:\d{2}(:\d{2})?|\d*)$|` +
	`(?i)^((mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?),?\s+\d{4}(,?\s*(at\s+)?\d{1,2}:\d{2}\s*([ap]\.?m\.?)?)?$|` +
	`^\d{1,2}/\d{1,2}/\d{4}(\s+\d{1,2}:\d{2}\s*([AaPp][Mm])?)?$`)

// hasLetter reports a line with a letter in it; one without (a count, a
// row of symbols) is no text.
func hasLetter(t string) bool {
	return strings.IndexFunc(t, unicode.IsLetter) >= 0
}

// dropTitleCopies leaves out of the body the lines that repeat the title
// (a headline set again above the text). Other repeated lines stand: the
// extractors took the article once, and lists, tables and recipes repeat
// their items.
func dropTitleCopies(lines []line, kinds []entopic.LineKind) {
	titles := map[string]bool{}
	for i, k := range kinds {
		if k == entopic.LineTitle {
			titles[repeatKey(lines[i].text)] = true
		}
	}
	for i, k := range kinds {
		if k == entopic.LineBody && titles[repeatKey(lines[i].text)] {
			kinds[i] = entopic.LineBoilerplate
		}
	}
}
