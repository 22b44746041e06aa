package html

import (
	nurl "net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/internal/ahocorasick"
)

// Method says how the main content of a page was found.
type Method string

// The methods, from the most to the least confident.
const (
	// MethodAgreement: the lines of readability's article that
	// trafilatura's extraction holds too.
	MethodAgreement Method = "agreement"
	// MethodReadability, MethodTrafilatura: one extractor's article,
	// where the other found nothing usable.
	MethodReadability Method = "readability"
	MethodTrafilatura Method = "trafilatura"
	// MethodPage: neither found an article; the whole page less its
	// chrome goes to the clean stage, which finds the article line by line.
	MethodPage Method = "page"
)

// Extraction is the main content of a page.
type Extraction struct {
	// Lines are the article's lines (LineBody) framed by the lines around
	// it on the page that may be its headline, byline or date, and by the
	// lines of an article only one extractor kept (LineBoilerplate: the
	// clean stage reads them as title or metadata, or leaves them out).
	// Empty with MethodPage.
	Lines []entopic.Line
	// Page is the text of the whole page less its chrome, one block per
	// line: what the clean stage reads with MethodPage.
	Page   string
	Method Method
}

// Extract finds the main content of a parsed page by two extractors that
// fail differently, and keeps what they agree on.
//
// codeberg.org/readeck/go-readability/v2 (Readability.js) keeps the page's
// block structure and finds the whole article, but with what sits in its
// container: captions, bylines, related links. github.com/markusmobius/
// go-trafilatura (trafilatura) is more precise on the article's edges but
// sometimes takes in a teaser, a second copy or a comment thread, which
// Readability leaves out. A line of Readability's article is kept when
// trafilatura's text holds it too; measured on the article-extraction
// benchmark's pages (README), the agreement scores above either alone.
// When one of them finds nothing, or they found different parts of the page,
// the one with more prose is taken alone.
//
// The lines just before and after the article on the page (up to 15 before
// and 8 after, each under 150 characters) frame it: headlines, bylines and
// dates often sit outside the element that holds the article, and the clean
// and meta stages read them there.
func Extract(root *xhtml.Node, pageURL string, titles ...string) Extraction {
	u, _ := nurl.Parse(pageURL)
	if u == nil {
		u = &nurl.URL{}
	}
	page := texts(renderBlocks(pageBody(root)))
	var rdNode *xhtml.Node
	var rd []block
	if art, err := readability.FromDocument(root, u); err == nil && art.Node != nil {
		rdNode = art.Node
		rd = renderBlocks(art.Node)
	}
	var tr []block
	opts := trafilatura.Options{
		EnableFallback:     true,
		FallbackCandidates: &trafilatura.FallbackCandidates{Readability: rdNode},
		ExcludeComments:    true,
		HtmlDateMode:       trafilatura.Disabled, // the meta stage reads dates
		OriginalURL:        u,
	}
	if res, err := trafilatura.ExtractDocument(root, opts); err == nil && res.ContentNode != nil {
		tr = renderBlocks(res.ContentNode)
	}

	ex := Extraction{Page: strings.Join(page, "\n")}
	rdSize, trSize := prose(texts(rd)), prose(texts(tr))
	var art []entopic.Line
	switch {
	case rdSize == 0 && trSize == 0:
		ex.Method = MethodPage
		return ex
	case trSize == 0:
		ex.Method, art = MethodReadability, bodyLines(rd, nil)
	case rdSize == 0:
		ex.Method, art = MethodTrafilatura, bodyLines(tr, nil)
	default:
		agreed := agreement(texts(rd), texts(tr))
		size := 0
		for i, b := range rd {
			if agreed[i] {
				size += b.size
			}
		}
		switch {
		case 2*size >= min(total(rd), total(tr)):
			fillGaps(rd, agreed)
			ex.Method, art = MethodAgreement, bodyLines(rd, agreed)
		case rdSize >= trSize:
			ex.Method, art = MethodReadability, bodyLines(rd, nil)
		default:
			ex.Method, art = MethodTrafilatura, bodyLines(tr, nil)
		}
	}
	ex.Lines = frame(page, art, headline(page, titles))
	return ex
}

// total is the size of a text in code points, spaces aside.
func total(bs []block) int {
	n := 0
	for _, b := range bs {
		n += b.size
	}
	return n
}

// linkLine is the share of link text from which a line that does not end
// like a sentence is navigation (a related article, a menu item, a tag)
// rather than text.
const linkLine = 0.8

// isLink reports a line of navigation.
func isLink(b block) bool {
	return b.linkShare() >= linkLine && prose([]string{b.text}) == 0
}

// bodyLines marks lines as body, or only those agreed on when agreed is
// not nil; navigation lines are never body.
func bodyLines(bs []block, agreed []bool) []entopic.Line {
	out := make([]entopic.Line, len(bs))
	for i, b := range bs {
		out[i] = entopic.Line{Text: b.text, Kind: entopic.LineBody}
		if agreed != nil && !agreed[i] || isLink(b) {
			out[i].Kind = entopic.LineBoilerplate
		}
	}
	return out
}

// headline returns the index of the page line that shows the headline —
// the first that is, or starts with, one of the titles the page's metadata
// gives (at least 6 letters) — or -1.
func headline(page []string, titles []string) int {
	var keys []string
	for _, t := range titles {
		if k := lineKey(t); utf8.RuneCountInString(k) >= 6 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return -1
	}
	for i, l := range page {
		k := lineKey(l)
		for _, t := range keys {
			if strings.HasPrefix(k, t) {
				return i
			}
		}
	}
	return -1
}

// Frame sizes: lines of the page before and after the article, and after
// the headline, kept as its context; the longest line kept.
const (
	frameBefore   = 15
	frameAfter    = 8
	frameHeadline = 6
	frameMax      = 150
)

// frame places the article's lines among the page's and adds as context
// (LineBoilerplate) the short lines of the page just before and after the
// article and from the line before the headline to a few lines after it,
// in the page's order. An article line is placed at the first page line
// with the same letters after the previous one placed; one the page does
// not show as a line follows the one before it.
func frame(page []string, art []entopic.Line, head int) []entopic.Line {
	if len(art) == 0 {
		return art
	}
	where := make(map[string][]int, len(page))
	for i, l := range page {
		k := lineKey(l)
		where[k] = append(where[k], i)
	}
	pos := make([]int, len(art))
	prev := -1
	for i, l := range art {
		pos[i] = -1
		for _, p := range where[lineKey(l.Text)] {
			if p > prev {
				pos[i], prev = p, p
				break
			}
		}
	}
	first, last := -1, -1
	placed := make(map[int]bool, len(art))
	for _, p := range pos {
		if p >= 0 {
			if first < 0 {
				first = p
			}
			last = p
			placed[p] = true
		}
	}
	if first < 0 {
		return art
	}
	context := make(map[int]bool)
	mark := func(from, to int) {
		for i := max(0, from); i < min(len(page), to); i++ {
			if !placed[i] && utf8.RuneCountInString(page[i]) < frameMax {
				context[i] = true
			}
		}
	}
	mark(first-frameBefore, first)
	mark(last+1, last+1+frameAfter)
	if head >= 0 {
		mark(head-1, head+1+frameHeadline)
	}
	out := make([]entopic.Line, 0, len(art)+len(context))
	next := 0 // next article line to place
	emit := func(upto int) {
		// Article lines placed before page line upto, with the unplaced
		// ones that follow them.
		for next < len(art) && (pos[next] < 0 || pos[next] < upto) {
			out = append(out, art[next])
			next++
		}
	}
	for i := range page {
		if !context[i] && !placed[i] {
			continue
		}
		emit(i)
		if context[i] {
			out = append(out, entopic.Line{Text: page[i], Kind: entopic.LineBoilerplate})
		}
	}
	emit(len(page) + 1)
	return out
}

func splitLines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// chrome are elements that never hold the article.
var chrome = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Template: true, atom.Head: true,
}

// pageBody is the page's body without its chrome.
func pageBody(root *xhtml.Node) *xhtml.Node {
	body := find(root, atom.Body)
	if body == nil {
		body = root
	}
	return cloneWithout(body, false)
}

// cloneWithout copies a node tree, leaving out chrome elements. Inside an
// <article> or <main>, a <header> holds the headline and byline and a
// <footer> the article's own notes: those are kept, as is a <header> or
// <aside> anywhere that holds an <h1>, the headline.
func cloneWithout(n *xhtml.Node, inArticle bool) *xhtml.Node {
	c := &xhtml.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Attr: n.Attr, Namespace: n.Namespace}
	inArticle = inArticle || n.DataAtom == atom.Article || n.DataAtom == atom.Main
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == xhtml.CommentNode {
			continue
		}
		if ch.Type == xhtml.ElementNode && chrome[ch.DataAtom] &&
			!(inArticle && (ch.DataAtom == atom.Header || ch.DataAtom == atom.Footer)) &&
			!((ch.DataAtom == atom.Header || ch.DataAtom == atom.Aside) && find(ch, atom.H1) != nil) {
			continue
		}
		c.AppendChild(cloneWithout(ch, inArticle))
	}
	return c
}

func find(n *xhtml.Node, a atom.Atom) *xhtml.Node {
	if n.Type == xhtml.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if r > ' ' {
			n++
		}
	}
	return n
}

// agreement reports which lines of a occur in the text of b, comparing
// letters and digits only (the two render spaces, punctuation and block
// breaks differently). One pass over b whatever the number of lines.
func agreement(a, b []string) []bool {
	keys := make([]string, len(a))
	for i, l := range a {
		keys[i] = lineKey(l)
	}
	var sb strings.Builder
	for _, l := range b {
		sb.WriteString(lineKey(l))
		sb.WriteByte('\n')
	}
	return ahocorasick.Build(keys).Occurring(sb.String())
}

// lineKey is a line's letters and digits, lowercased.
func lineKey(l string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, l)
}

// prose measures how much of a text reads as running prose: the letters of
// its lines that end like a sentence.
func prose(lines []string) int {
	n := 0
	for _, l := range lines {
		l = strings.TrimRight(l, "”’\"')）」』】》 ")
		r, _ := utf8.DecodeLastRuneInString(l)
		if strings.ContainsRune(".!?。！？…;；:：", r) {
			n += letters(l)
		}
	}
	return n
}

// fillGaps adds to the agreed lines the lines of prose between them:
// trafilatura drops paragraphs dense in links (citations, footnote marks)
// that Readability keeps, and within the article a sentence is text.
func fillGaps(bs []block, agreed []bool) {
	first, last := -1, -1
	for i, ok := range agreed {
		if ok {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for i := first + 1; i < last; i++ {
		if !agreed[i] && prose([]string{bs[i].text}) > 0 {
			agreed[i] = true
		}
	}
	// The article's first paragraphs, right before the first line agreed
	// on: trafilatura sometimes leaves out a lead set apart from the rest.
}

// Baselines are the extractors entopic combines, each alone and used as its
// own command-line tool uses it (Readability's text content; trafilatura
// with its fallbacks), for measuring what the combination and the clean
// stage add (entopic eval --extraction). Each takes a parsed page and
// returns its article's text.
var Baselines = map[string]func(root *xhtml.Node, pageURL string) string{
	"readeck/go-readability": func(root *xhtml.Node, pageURL string) string {
		u, _ := nurl.Parse(pageURL)
		art, err := readability.FromDocument(root, u)
		if err != nil || art.Node == nil {
			return ""
		}
		var b strings.Builder
		if art.RenderText(&b) != nil {
			return ""
		}
		return b.String()
	},
	"go-trafilatura": func(root *xhtml.Node, pageURL string) string {
		u, _ := nurl.Parse(pageURL)
		res, err := trafilatura.ExtractDocument(root, trafilatura.Options{EnableFallback: true, OriginalURL: u})
		if err != nil {
			return ""
		}
		return res.ContentText
	},
}
