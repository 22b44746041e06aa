package html

import (
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// block is one line of rendered text: a paragraph, heading, list item or
// table row, with how much of it is link text.
type block struct {
	text  string
	links int // code points of text inside <a> elements
	size  int // code points of text, spaces aside
}

// linkShare is the share of a block's text that is link text.
func (b block) linkShare() float64 {
	if b.size == 0 {
		return 0
	}
	return float64(b.links) / float64(b.size)
}

// lineBreaks are the elements that start a new line: HTML's blocks (as the
// innerText algorithm of browsers breaks them) and the element names of
// trafilatura's output (head, list, item, quote, lb, row, cell).
var lineBreaks = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "header": true, "footer": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true,
	"dl": true, "dt": true, "dd": true, "blockquote": true, "pre": true, "table": true, "tr": true,
	"thead": true, "tbody": true, "tfoot": true, "caption": true, "figure": true, "figcaption": true,
	"picture": true, "br": true, "hr": true, "address": true, "aside": true, "nav": true, "details": true,
	"summary": true, "dialog": true, "form": true, "fieldset": true, "body": true,
	"head": true, "list": true, "item": true, "quote": true, "lb": true, "row": true, "doc": true, "main-content": true,
}

// silent are elements whose text is never shown.
var silent = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true, "audio": true,
	"video": true, "track": true, "source": true, "canvas": true, "svg": true, "map": true, "area": true,
	"meta": true, "link": true, "title": true, "select": true, "option": true, "textarea": true, "button": true,
}

// renderBlocks renders a tree as lines of text, one block per line, spaces
// collapsed, with the link text of each line counted.
func renderBlocks(n *xhtml.Node) []block {
	var r renderer
	r.walk(n, false, false)
	r.breakLine()
	return r.out
}

type renderer struct {
	out   []block
	cur   strings.Builder
	links int
	size  int
	space bool // a space is due before the next word
}

func (r *renderer) breakLine() {
	if r.size > 0 {
		r.out = append(r.out, block{text: strings.TrimSpace(r.cur.String()), links: r.links, size: r.size})
	}
	r.cur.Reset()
	r.links, r.size, r.space = 0, 0, false
}

func (r *renderer) text(s string, inLink, pre bool) {
	if pre {
		for i, l := range strings.Split(s, "\n") {
			if i > 0 {
				r.breakLine()
			}
			r.words(l, inLink)
		}
		return
	}
	r.words(s, inLink)
}

func (r *renderer) words(s string, inLink bool) {
	start := -1
	flush := func(end int) {
		w := s[start:end]
		if r.space && r.cur.Len() > 0 {
			r.cur.WriteByte(' ')
		}
		r.cur.WriteString(w)
		n := utf8.RuneCountInString(w)
		r.size += n
		if inLink {
			r.links += n
		}
		r.space = false
		start = -1
	}
	for i, c := range s {
		if unicode.IsSpace(c) {
			if start >= 0 {
				flush(i)
			}
			r.space = true
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		flush(len(s))
	}
}

func (r *renderer) walk(n *xhtml.Node, inLink, pre bool) {
	switch n.Type {
	case xhtml.TextNode:
		r.text(n.Data, inLink, pre)
		return
	case xhtml.CommentNode:
		return
	case xhtml.ElementNode:
		if silent[n.Data] || hidden(n) {
			return
		}
	}
	name := n.Data
	brk := n.Type == xhtml.ElementNode && lineBreaks[name]
	if brk {
		r.breakLine()
	}
	switch name {
	case "a", "ref":
		inLink = true
	case "pre":
		pre = true
	case "td", "th", "cell":
		r.space = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, inLink, pre)
	}
	if brk {
		r.breakLine()
	}
	if name == "td" || name == "th" || name == "cell" {
		r.space = true
	}
}

// hidden reports an element the page hides: the hidden attribute,
// aria-hidden, or an inline style that takes it out of the display.
func hidden(n *xhtml.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "" || a.Val == "true" {
				return true
			}
		case "style":
			st := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

func texts(bs []block) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.text
	}
	return out
}

// VisibleText renders the whole of a parsed page as text, one block per
// line, chrome included: what a scraper that keeps only a page's visible
// text saves (entopic eval --extraction --as-text measures the clean stage
// on such pages).
func VisibleText(root *xhtml.Node) string {
	return strings.Join(texts(renderBlocks(root)), "\n")
}
