// Package clean turns a decoded page into the clean body text every later
// stage works on.
//
// In: Doc.Text holding the whole page (a scraped text page, or an HTML page
// no extractor found an article in), or Doc.Page holding the lines of an
// HTML page's article as the html stage's extractors marked them (body) with
// the lines around it (boilerplate until read); and Doc.Hint.Title when
// known. Out: Doc.Text holding the article body once, one paragraph per
// line, in Unicode NFC, spaces normalised and invisible characters removed;
// and Doc.Page, every line of the page with what it was taken for (body,
// title, metadata, boilerplate), for the meta stage.
//
// Where extractors have found the article, the cleaner steps aside: it only
// takes out of the article the lines its cue patterns recognise (bylines,
// source and editor lines, share widgets, copyright notes), everything from
// a heading that ends an article (related articles, comments) on, and
// navigation links at the end of a paragraph; on a whole page it finds the
// article itself (see Cleaner.Process).
//
// The cleaner works on lines with features that hold across sites rather
// than with any site's strings (see Cleaner.Process for the method):
// length, the density of punctuation and of function words (的, 了, 是 …;
// the, of, and …), link-list shape (many short items between separators),
// cue patterns for navigation, share widgets, captions, footers and
// bylines (models/data/boilerplate.tsv), and repetition on the page.
package clean

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/entopic/entopic"
)

// checkEvery is how many lines are classified between two looks at
// whether the run was cancelled.
const checkEvery = 256

// ErrEmpty is returned for a page with no text left after cleaning.
var ErrEmpty = errors.New("no text left after cleaning")

// rule is one cue pattern of models/data/boilerplate.tsv.
type rule struct {
	kind entopic.LineKind
	max  int // longest line the rule applies to, in code points; 0: any
	re   *regexp.Regexp
}

// Cleaner cleans pages. It is safe for concurrent use.
type Cleaner struct {
	rules   []rule           // boilerplate and meta lines
	ends    []rule           // lines after which an article does not go on
	strip   []*regexp.Regexp // navigation at the end of a paragraph
	ruleIdx ruleIndex        // which rules a line's characters may trigger
	endIdx  ruleIndex
}

// New builds a Cleaner from cue rules in the format of
// models/data/boilerplate.tsv. A malformed rule is an error naming its line.
func New(rules []byte) (*Cleaner, error) {
	c := &Cleaner{}
	var ruleExprs, endExprs []string
	sc := bufio.NewScanner(strings.NewReader(string(rules)))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			return nil, fmt.Errorf("boilerplate rules: line %d: want kind, max_chars and regexp separated by tabs", n)
		}
		var r rule
		switch f[0] {
		case "boilerplate", "end", "strip":
			r.kind = entopic.LineBoilerplate
		case "meta":
			r.kind = entopic.LineMeta
		default:
			return nil, fmt.Errorf("boilerplate rules: line %d: kind %q is not boilerplate, meta, end or strip", n, f[0])
		}
		max, err := strconv.Atoi(f[1])
		if err != nil || max < 0 {
			return nil, fmt.Errorf("boilerplate rules: line %d: max_chars %q is not a number ≥ 0", n, f[1])
		}
		r.max = max
		if r.re, err = regexp.Compile(f[2]); err != nil {
			return nil, fmt.Errorf("boilerplate rules: line %d: %w", n, err)
		}
		switch f[0] {
		case "end":
			c.ends = append(c.ends, r)
			endExprs = append(endExprs, f[2])
		case "strip":
			c.strip = append(c.strip, r.re)
		default:
			c.rules = append(c.rules, r)
			ruleExprs = append(ruleExprs, f[2])
		}
	}
	c.ruleIdx, c.endIdx = newRuleIndex(ruleExprs), newRuleIndex(endExprs)
	return c, sc.Err()
}

// class is what a line looks like on its own, before context is taken into
// account.
type class uint8

const (
	classBad    class = iota // boilerplate by its cues or its shape
	classMeta                // a metadata line
	classShort               // too short to judge
	classMedium              // text, but not clearly article prose
	classGood                // article prose
)

// line is a page line with its features.
type line struct {
	text   string
	class  class
	size   float64 // length in Chinese-character equivalents
	ending bool    // ends like a sentence
}

// minLines is the number of lines from which a page is cleaned: one or two
// lines (a sentence, a headline and its text) are kept whole, since there is
// nothing to tell them apart from.
const minLines = 3

// Process cleans d.Text in place and fills d.Page.
//
// Method: lines are normalised and a line that repeats an earlier one of at
// least 12 characters (ignoring spaces and punctuation) is dropped, which
// removes a second copy of the article. Each line is then classified on its
// own: boilerplate or metadata when a cue rule matches, boilerplate when it
// is shaped like a link list, good when it is long prose (length,
// punctuation and function-word density), else short or medium. The body is
// each run of lines from a good line to the last good line of its cluster
// (clusters are separated by three or more lines that are neither good nor
// end like sentences), where clusters holding less than a quarter of the
// largest one's text are left out (teasers, comments); within the body, cue
// lines are still removed. The body extends over sentence-like lines just
// before and after it. The title is the headline-like line closest above the
// body, or the line matching the title an HTML page or a JSON record gave.
func (c *Cleaner) Process(d *entopic.Doc) error { return c.ProcessContext(context.Background(), d) }

// ProcessContext is Process that stops, with the context's error, when
// ctx is cancelled while it classifies a long page's lines.
func (c *Cleaner) ProcessContext(ctx context.Context, d *entopic.Doc) error {
	if len(d.Page) > 0 {
		return c.refine(d)
	}
	texts := dropRepeats(Paragraphs(d.Text))
	d.Page = d.Page[:0]
	if len(texts) < minLines {
		title := -1
		if len(texts) > 1 {
			title = matchTitle(texts, d.Hint.Title)
		}
		for i, t := range texts {
			kind := entopic.LineBody
			if i == title {
				kind = entopic.LineTitle
			}
			d.Page = append(d.Page, entopic.Line{Text: t, Kind: kind})
		}
		return c.finish(d)
	}
	lines := make([]line, len(texts))
	for i, t := range texts {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		lines[i] = c.classify(t)
	}
	c.cutEnd(lines)
	kinds := c.body(lines)
	c.trimBody(lines, kinds)
	c.title(lines, kinds, d.Hint.Title)
	for i, l := range lines {
		d.Page = append(d.Page, entopic.Line{Text: l.text, Kind: kinds[i]})
	}
	return c.finish(d)
}

// finish sets d.Text to the body lines of d.Page.
func (c *Cleaner) finish(d *entopic.Doc) error {
	var b strings.Builder
	for _, l := range d.Page {
		if l.Kind == entopic.LineBody {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l.Text)
		}
	}
	d.Text = b.String()
	if d.Text == "" {
		return ErrEmpty
	}
	return nil
}

// classify looks at one line on its own.
func (c *Cleaner) classify(t string) line {
	l := line{text: t, ending: endsLikeSentence(t)}
	if kind, ok := c.cue(t); ok {
		l.class = classBad
		if kind == entopic.LineMeta {
			l.class = classMeta
		}
		l.size = float64(utf8.RuneCountInString(t))
		return l
	}
	var han, words, punct, stop, latinStop float64
	inWord := false
	var word strings.Builder
	endWord := func() {
		if inWord {
			words++
			if englishStop[strings.ToLower(word.String())] {
				latinStop++
			}
			word.Reset()
		}
		inWord = false
	}
	for _, r := range t {
		switch {
		case unicode.Is(unicode.Han, r):
			endWord()
			han++
			if chineseStop[r] {
				stop++
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			inWord = true
			word.WriteRune(r)
		default:
			endWord()
			if strings.ContainsRune("，。！？；：、,.!?;:", r) {
				punct++
			}
		}
	}
	endWord()
	l.size = han + 2*words
	chinese := han >= words*2
	switch {
	case isLinkList(t):
		l.class = classBad
	case chinese && l.size < 10, !chinese && words <= 6:
		l.class = classShort
	case chinese:
		switch {
		case punct == 0 && han >= 30:
			l.class = classBad // a run of link texts without a single comma
		case l.size >= 20 && punct >= 1 && (stop/han >= 0.04 || punct/l.size >= 0.03):
			l.class = classGood
		default:
			l.class = classMedium
		}
	default: // Latin script
		density := latinStop / max(words, 1)
		switch {
		case words >= 8 && punct >= 1 && density >= 0.15:
			l.class = classGood
		case words >= 15 && punct >= 2 && l.ending:
			// Long sentences in a language whose function words the
			// list does not hold (Indonesian, French …).
			l.class = classGood
		default:
			l.class = classMedium
		}
	}
	return l
}

// cutEnd takes everything of a whole page from a line that ends articles
// on for boilerplate, before the article is looked for, when prose comes
// before that line and either at least half of the page's prose does or
// the lines after it list dates (other articles', or a comment thread's):
// a long comment thread or list of teasers must not outweigh the article.
func (c *Cleaner) cutEnd(lines []line) {
	var total, before float64
	for _, l := range lines {
		if l.class == classGood {
			total += l.size
		}
	}
	for i, l := range lines {
		if before > 0 && c.endsArticle(l.text) && (before >= total/2 || teasersAfter(lines, i)) {
			for j := i; j < len(lines); j++ {
				if lines[j].class != classMeta {
					lines[j].class = classBad
				}
			}
			return
		}
		if l.class == classGood {
			before += l.size
		}
	}
}

// cue reports what the first cue rule that matches a line takes it for.
func (c *Cleaner) cue(t string) (entopic.LineKind, bool) {
	n := utf8.RuneCountInString(t)
	var buf [2]uint64
	try := c.ruleIdx.candidates(t, buf[:0])
	for i, r := range c.rules {
		if has(try, i) && (r.max == 0 || n <= r.max) && r.re.MatchString(t) {
			return r.kind, true
		}
	}
	return 0, false
}

// body decides the kind of every line: body, metadata or boilerplate (the
// title is picked afterwards among the lines left out).
func (c *Cleaner) body(lines []line) []entopic.LineKind {
	kinds := make([]entopic.LineKind, len(lines))
	for i, l := range lines {
		if l.class == classMeta {
			kinds[i] = entopic.LineMeta
		}
	}
	type cluster struct {
		first, last int // good lines that start and end the cluster
		mass        float64
	}
	var clusters []cluster
	gap := 0.0
	for i, l := range lines {
		switch {
		case l.class == classGood:
			if len(clusters) == 0 || gap >= 3 {
				clusters = append(clusters, cluster{first: i, last: i})
			}
			cl := &clusters[len(clusters)-1]
			cl.last = i
			cl.mass += l.size
			gap = 0
		case l.ending && l.class != classBad && l.class != classMeta:
			// Sentence-like lines keep a cluster together.
		case l.class == classShort || l.class == classMedium:
			gap += 0.5 // subheadings, signatures: half a gap
		default:
			gap++
		}
	}
	if len(clusters) == 0 {
		// No line reads as prose (a list, a page of short lines): keep
		// every line that is not boilerplate or metadata.
		for i, l := range lines {
			if l.class != classBad && l.class != classMeta {
				kinds[i] = entopic.LineBody
			}
		}
		return kinds
	}
	var biggest float64
	for _, cl := range clusters {
		biggest = max(biggest, cl.mass)
	}
	for _, cl := range clusters {
		if cl.mass < biggest/4 {
			continue
		}
		first, last := cl.first, cl.last
		// Extend over sentence-like lines around the cluster.
		for first > 0 && isProse(lines[first-1]) {
			first--
		}
		for last+1 < len(lines) && isProse(lines[last+1]) {
			last++
		}
		if last+2 == len(lines) && isCutProse(lines[last+1]) {
			last++ // a page cut off in the middle of its last paragraph
		}
		for i := first; i <= last; i++ {
			switch {
			case lines[i].class != classBad && lines[i].class != classMeta:
				kinds[i] = entopic.LineBody
			case lines[i].class == classMeta && i > cl.first && i < cl.last && dateOnly.MatchString(lines[i].text):
				// A date inside the article (a document's date under its
				// signature) is text, not the page's metadata.
				kinds[i] = entopic.LineBody
			}
		}
	}
	return kinds
}

// dateOnly matches a line that is nothing but a date.
var dateOnly = regexp.MustCompile(`^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$`)

// isProse reports a line that can be added at the edge of the body: not a
// cue line, and ending like a sentence.
func isProse(l line) bool {
	return l.class != classBad && l.class != classMeta && l.class != classShort && l.ending
}

// isCutProse reports a medium-length line of prose that does not end like
// a sentence, as the last paragraph of a page cut off by the scraper does.
func isCutProse(l line) bool {
	if l.class != classMedium {
		return false
	}
	stop, han := 0, 0
	for _, r := range l.text {
		if unicode.Is(unicode.Han, r) {
			han++
			if chineseStop[r] {
				stop++
			}
		}
	}
	return han >= 10 && float64(stop)/float64(han) >= 0.04
}

// title marks the page's title: the line (or two or three lines) matching
// the given title; else a headline-like line that opens the body and is
// followed by a metadata line (a date, a byline) before the body goes on —
// the body then starts after it; else the headline-like line closest above
// the body, over metadata, boilerplate and short lines (widgets, counts)
// between them.
func (c *Cleaner) title(lines []line, kinds []entopic.LineKind, given string) {
	if given != "" {
		candidates := make([]string, len(lines))
		for i, l := range lines {
			if kinds[i] == entopic.LineBody || kinds[i] == entopic.LineBoilerplate {
				candidates[i] = l.text
			}
		}
		i, j := matchTitleLines(candidates, given)
		for ; i >= 0 && i < j; i++ {
			kinds[i] = entopic.LineTitle
		}
		return
	}
	start := -1
	for i, k := range kinds {
		if k == entopic.LineBody {
			start = i
			break
		}
	}
	if start < 0 {
		return
	}
	// A headline opening the body, its metadata under it.
	for i := start; i < min(len(lines), start+3); i++ {
		if kinds[i] != entopic.LineBody || !isHeadline(lines[i]) || endsLikeSentence(lines[i].text) && !strings.HasSuffix(lines[i].text, "！") && !strings.HasSuffix(lines[i].text, "？") {
			continue
		}
		j := i + 1
		for j < len(lines) && kinds[j] == entopic.LineBoilerplate {
			j++
		}
		if j >= len(lines) || kinds[j] != entopic.LineMeta {
			continue
		}
		rest := false
		for _, k := range kinds[j+1:] {
			rest = rest || k == entopic.LineBody
		}
		if !rest {
			return
		}
		for k := start; k < i; k++ {
			if kinds[k] == entopic.LineBody {
				kinds[k] = entopic.LineBoilerplate
			}
		}
		kinds[i] = entopic.LineTitle
		return
	}
	// Above the body: the nearest headline-like line with a dated
	// metadata line under it (over widgets and short lines), else the
	// nearest headline-like line.
	skippable := func(i int) bool {
		return kinds[i] == entopic.LineMeta || lines[i].class == classBad || lines[i].size < 6
	}
	dated := func(i int) bool {
		for j := i + 1; j < start; j++ {
			switch {
			case kinds[j] == entopic.LineMeta && contextDate.MatchString(lines[j].text):
				return true
			case !skippable(j):
				return false
			}
		}
		return false
	}
	nearest := -1
	for i := start - 1; i >= 0 && i >= start-maxAbove; i-- {
		if skippable(i) {
			continue
		}
		if !isHeadline(lines[i]) {
			if nearest < 0 {
				return
			}
			break
		}
		if dated(i) {
			kinds[i] = entopic.LineTitle
			return
		}
		if nearest < 0 {
			nearest = i
		}
	}
	if nearest >= 0 {
		kinds[nearest] = entopic.LineTitle
	}
}

// maxAbove is how many lines above the body the title is looked for.
const maxAbove = 20

// matchTitle returns the index of the line that is the given title (or
// its start, when the title was given with a site's suffix), or -1.
func matchTitle(lines []string, given string) int {
	i, _ := matchTitleLines(lines, given)
	return i
}

// matchTitleLines returns the lines [i, j) that show the given title: one
// line that is the title (or its start, when the title was given with a
// site's suffix), else two or three consecutive lines that together are
// the title (a long headline set on several lines); -1, -1 when none is.
func matchTitleLines(lines []string, given string) (int, int) {
	key := repeatKey(NormalizeLine(given))
	if key == "" {
		return -1, -1
	}
	for i, l := range lines {
		if k := repeatKey(l); k != "" && (k == key || strings.HasPrefix(key, k) && len(k) >= len(key)/2) {
			return i, i + 1
		}
	}
	for n := 2; n <= 3; n++ {
		for i := 0; i+n <= len(lines); i++ {
			var k strings.Builder
			for _, l := range lines[i : i+n] {
				k.WriteString(repeatKey(l))
			}
			if lines[i] != "" && k.String() == key {
				return i, i + n
			}
		}
	}
	return -1, -1
}

// isHeadline reports a line shaped like a headline: of headline length and
// not ending like a sentence.
func isHeadline(l line) bool {
	return l.size >= 6 && l.size <= 80 && !strings.HasSuffix(l.text, "。") && !strings.HasSuffix(l.text, ":") &&
		!strings.HasSuffix(l.text, "：")
}

// chineseStop are function characters; running Chinese prose has several
// per hundred characters, navigation and lists almost none.
var chineseStop = map[rune]bool{}

func init() {
	for _, r := range "的了是在和也有不这为与对以将并等中就都而及其于上之个我他们到说要被从把让向着还但又或已此" {
		chineseStop[r] = true
	}
}

// englishStop are function words of English prose.
var englishStop = map[string]bool{
	"the": true, "of": true, "and": true, "to": true, "in": true, "a": true, "is": true, "that": true,
	"for": true, "it": true, "on": true, "with": true, "as": true, "was": true, "at": true, "by": true,
	"be": true, "this": true, "are": true, "from": true, "or": true, "an": true, "have": true, "has": true,
	"not": true, "but": true, "their": true, "they": true, "were": true, "which": true, "will": true,
	"would": true, "been": true, "its": true, "he": true, "she": true, "we": true, "said": true, "more": true,
}

// isLinkList reports a line shaped like navigation: at least three
// separators between items of at most eight characters on average.
func isLinkList(t string) bool {
	seps := 0
	for _, r := range t {
		if strings.ContainsRune("|/»›·•>→", r) {
			seps++
		}
	}
	if seps < 3 {
		return false
	}
	items := strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune("|/»›·•>→", r) })
	total := 0
	for _, it := range items {
		total += utf8.RuneCountInString(strings.TrimSpace(it))
	}
	return len(items) > 0 && total/len(items) <= 8
}

// closers may end a sentence after its final punctuation.
const closers = "”’\"')）」』】》"

// endsLikeSentence reports a line ending with sentence-final punctuation,
// perhaps followed by closing quotes or brackets, or with a colon that
// introduces what follows.
func endsLikeSentence(t string) bool {
	t = strings.TrimRight(t, closers)
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune("。！？!?….;；:：", r)
}

// Paragraphs splits text into normalised, non-empty lines.
func Paragraphs(text string) []string {
	text = norm.NFC.String(text)
	if strings.Contains(text, "<") {
		text = stripMarkup(text)
	}
	var paras []string
	for l := range strings.Lines(text) {
		if p := NormalizeLine(l); p != "" {
			paras = append(paras, p)
		}
	}
	return paras
}

// markup finds the tags of common HTML elements left in scraped text
// ("By Jane Doe</p><p> CHICAGO (Reuters) -", "<b>...</b>", "<A
// HREF=...>AXP.N</A>"): block elements end a paragraph, the others go.
// Only known element names count, so "<CIEN.O>" (a Reuters ticker) and
// "a < b" stay.
var markup = regexp.MustCompile(`(?i)</?(p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|pre|hr|section|article|header|footer|b|i|u|a|em|strong|font|nobr|span|img|sup|sub|small|big|center|abbr|cite|code)(?:\s[^<>]*)?/?>`)

// blockElements are the elements whose tags end a paragraph.
var blockElements = map[string]bool{"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true,
	"tr": true, "td": true, "th": true, "table": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "blockquote": true, "pre": true, "hr": true, "section": true, "article": true, "header": true,
	"footer": true}

// stripMarkup takes the tags of common HTML elements out of a text:
// a block element's tag becomes a line break, another's nothing.
func stripMarkup(text string) string {
	return markup.ReplaceAllStringFunc(text, func(tag string) string {
		// The element's name runs from after "<" or "</" to the first
		// character that is not a letter or digit.
		name := strings.TrimPrefix(tag[1:], "/")
		if i := strings.IndexFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); i >= 0 {
			name = name[:i]
		}
		if blockElements[strings.ToLower(name)] {
			return "\n"
		}
		return ""
	})
}

// romanization finds pinyin with tone marks in brackets right after a Han
// character: "互聯(lián)網", noise some sites inject into copied text.
var romanization = regexp.MustCompile(`(\p{Han})[(（]\s*[a-zü ]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]*\s*[)）]`)

// lostSpace finds a question mark between a period or closing bracket and a
// space or the end of the line: a non-breaking space that a wrong encoding
// step turned into "?" ("the dialogue (LECD).? The LECD is …"); a real
// question mark never follows a period.
var lostSpace = regexp.MustCompile(`([.)])\?( |$)`)

// NormalizeLine removes invisible and control characters, injected
// romanization and question marks standing for lost spaces, turns every kind of space into one ASCII space, collapses
// runs of spaces and trims the line. Full-width letters and digits become
// their ASCII forms; full-width punctuation, the normal punctuation of
// Chinese, is kept.
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
	s := b.String()
	if strings.ContainsAny(s, "(（") {
		s = romanization.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "?") {
		s = lostSpace.ReplaceAllString(s, "$1$2")
	}
	return s
}

// isInvisible reports characters that carry no text: zero-width spaces and
// joiners, the byte order mark, soft hyphens, direction marks, and the
// private use area, where icon fonts put their glyphs (share buttons,
// view counters).
func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u200f', '\u180e':
		return true
	}
	return unicode.Is(unicode.Co, r)
}

// isFullwidthAlnum reports full-width Latin letters and digits.
func isFullwidthAlnum(r rune) bool {
	a := r - 0xfee0
	return (a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z')
}

// minRepeat is the length (in code points, spaces and punctuation left out)
// from which a repeated line is taken for a copy rather than a phrase that
// can recur.
const minRepeat = 12

// dropRepeats removes every line that repeats an earlier one of at least
// minRepeat characters, comparing letters and digits only.
func dropRepeats(paras []string) []string {
	seen := make(map[string]bool, len(paras))
	out := paras[:0]
	for _, p := range paras {
		if k := repeatKey(p); utf8.RuneCountInString(k) >= minRepeat {
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, p)
	}
	return out
}

// repeatKey is a line's letters and digits, lowercased.
func repeatKey(p string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, p)
}
