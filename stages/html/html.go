// Package html reads HTML pages: their main content as text with paragraph
// breaks, and the metadata of their head and JSON-LD.
//
// In: Doc.Text holding a decoded HTML page (Doc.Format == FormatHTML; other
// documents pass through untouched). Out: Doc.Text holding the page's main
// content, one block (paragraph, heading, list item) per line, ready for the
// clean stage's line classifier; Doc.Hint filled from <title>, <meta>
// (og:, article:, name=author/keywords, the PubDate/ContentSource fields of
// Chinese government CMSs) and JSON-LD (NewsArticle and its kin: headline,
// datePublished, author, publisher, keywords), where the input gave no hint
// of its own.
//
// The main content is found by codeberg.org/readeck/go-readability/v2, a
// maintained Go port of Mozilla's Readability.js 0.6; when it finds too
// little, the whole body is rendered instead, less its script, style,
// navigation, header, footer, aside and form elements, and the clean stage
// separates article from boilerplate line by line. The choice of library
// was measured on the pages of testdata/html (see README).
package html

import (
	"encoding/json"
	"fmt"
	nurl "net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/entopic/entopic"
)

// Process extracts the main content and metadata of an HTML page.
func Process(d *entopic.Doc) error {
	if d.Format != entopic.FormatHTML {
		return nil
	}
	root, err := xhtml.Parse(strings.NewReader(d.Text))
	if err != nil {
		return fmt.Errorf("parse HTML: %w", err)
	}
	m := readHead(root)
	mergeHint(&d.Hint, m)
	d.Text = MainText(root, d.Hint.URL)
	return nil
}

// MainText returns the main content of a parsed page as lines of text.
//
// Readability's article is framed by the short lines around it on the page
// (up to 15 before, 5 after, each under 150 characters): bylines, dates and
// editor notes often sit just outside the element that holds the article,
// and the clean stage needs them to tell metadata and title from body.
func MainText(root *xhtml.Node, pageURL string) string {
	u, _ := nurl.Parse(pageURL)
	if u == nil {
		u = &nurl.URL{}
	}
	full := fallbackText(root)
	article, err := readability.FromDocument(root, u)
	if err != nil || article.Node == nil {
		return full
	}
	text := render.InnerText(article.Node)
	// Readability sometimes settles on a fragment (a caption, one list);
	// then the whole page, less its chrome, is the better start.
	if letters(text) == 0 || letters(text) < letters(full)/4 {
		return full
	}
	return frame(splitLines(full), splitLines(text))
}

// frame adds to the article's lines the short lines just before and after
// it in the full page.
func frame(full, art []string) string {
	if len(art) == 0 {
		return ""
	}
	first, last := indexOf(full, art[0], 0), -1
	if first >= 0 {
		last = indexOf(full, art[len(art)-1], first)
	}
	var out []string
	if first >= 0 {
		for i := max(0, first-15); i < first; i++ {
			if utf8.RuneCountInString(full[i]) < 150 {
				out = append(out, full[i])
			}
		}
	}
	out = append(out, art...)
	if last >= 0 {
		for i := last + 1; i < len(full) && i <= last+5; i++ {
			if utf8.RuneCountInString(full[i]) < 150 {
				out = append(out, full[i])
			}
		}
	}
	return strings.Join(out, "\n")
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func indexOf(lines []string, l string, from int) int {
	for i := from; i < len(lines); i++ {
		if lines[i] == l {
			return i
		}
	}
	return -1
}

// chrome are elements that never hold the article.
var chrome = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Template: true, atom.Head: true,
}

// fallbackText renders the body without its chrome.
func fallbackText(root *xhtml.Node) string {
	body := find(root, atom.Body)
	if body == nil {
		body = root
	}
	clone := cloneWithout(body, false)
	return render.InnerText(clone)
}

// cloneWithout copies a node tree, leaving out chrome elements. Inside an
// <article> or <main>, a <header> holds the headline and byline and a
// <footer> the article's own notes: those are kept.
func cloneWithout(n *xhtml.Node, inArticle bool) *xhtml.Node {
	c := &xhtml.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Attr: n.Attr, Namespace: n.Namespace}
	inArticle = inArticle || n.DataAtom == atom.Article || n.DataAtom == atom.Main
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == xhtml.CommentNode {
			continue
		}
		if ch.Type == xhtml.ElementNode && chrome[ch.DataAtom] &&
			!(inArticle && (ch.DataAtom == atom.Header || ch.DataAtom == atom.Footer)) {
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

// head is the metadata of a page's head and JSON-LD.
type head struct {
	title, ogTitle, h1, ldHeadline, cmsTitle string
	published                                string
	authors                                  []string
	keywords                                 []string
	siteName, publisher                      string
	contentSource                            string
	url, lang                                string
}

// readHead collects the metadata of a parsed page.
func readHead(root *xhtml.Node) head {
	var h head
	h1s := 0
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				h.lang = attr(n, "lang")
			case atom.Title:
				if h.title == "" {
					h.title = collapse(textOf(n))
				}
			case atom.H1:
				h1s++
				if h1s == 1 {
					h.h1 = collapse(textOf(n))
				}
			case atom.Meta:
				h.meta(n)
			case atom.Link:
				if attr(n, "rel") == "canonical" && h.url == "" {
					h.url = attr(n, "href")
				}
			case atom.Script:
				if strings.Contains(attr(n, "type"), "ld+json") {
					h.jsonLD(textOf(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if h1s > 1 {
		h.h1 = "" // several h1: none of them is surely the headline
	}
	return h
}

// meta reads one <meta> element.
func (h *head) meta(n *xhtml.Node) {
	key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
	val := collapse(attr(n, "content"))
	if val == "" {
		return
	}
	set := func(dst *string) {
		if *dst == "" {
			*dst = val
		}
	}
	switch key {
	case "og:title", "twitter:title":
		set(&h.ogTitle)
	case "articletitle":
		set(&h.cmsTitle)
	case "og:site_name", "application-name", "sitename", "site_name":
		set(&h.siteName)
	case "article:published_time", "datepublished", "pubdate", "publishdate", "publish-date", "og:published_time",
		"date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "firstpublishedtime":
		set(&h.published)
	case "author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author":
		if !strings.HasPrefix(val, "http") {
			h.authors = appendUnique(h.authors, strings.TrimPrefix(strings.TrimPrefix(val, "By "), "by ")) // a profile URL is no name
		}
	case "keywords", "news_keywords", "article:tag":
		h.keywords = appendUnique(h.keywords, val)
	case "contentsource", "source":
		set(&h.contentSource)
	case "og:url":
		set(&h.url)
	}
}

// jsonLD reads the article fields of a JSON-LD script.
func (h *head) jsonLD(src string) {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(src)), &v) != nil {
		return
	}
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g)
			}
			if !isArticleType(x["@type"]) {
				return
			}
			if s, ok := x["headline"].(string); ok && h.ldHeadline == "" {
				h.ldHeadline = collapse(s)
			}
			if s, ok := x["datePublished"].(string); ok && h.published == "" {
				h.published = s
			}
			for _, name := range names(x["author"]) {
				h.authors = appendUnique(h.authors, name)
			}
			if p := names(x["publisher"]); len(p) > 0 && h.publisher == "" {
				h.publisher = p[0]
			}
			switch k := x["keywords"].(type) {
			case string:
				h.keywords = appendUnique(h.keywords, k)
			case []any:
				for _, e := range k {
					if s, ok := e.(string); ok {
						h.keywords = appendUnique(h.keywords, s)
					}
				}
			}
		}
	}
	visit(v)
}

func isArticleType(t any) bool {
	check := func(s string) bool {
		return strings.HasSuffix(s, "Article") || s == "BlogPosting" || s == "Report" || s == "LiveBlogPosting"
	}
	switch x := t.(type) {
	case string:
		return check(x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && check(s) {
				return true
			}
		}
	}
	return false
}

// names reads the names of a JSON-LD person or organization value: a
// string, an object with a name, or a list of either.
func names(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{collapse(x)}
	case map[string]any:
		if s, ok := x["name"].(string); ok && s != "" {
			return []string{collapse(s)}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, names(e)...)
		}
		return out
	}
	return nil
}

// titleSeparators split "Headline - Section - Site" titles.
var titleSeparators = regexp.MustCompile(`\s*(?:_| [-–—|·] |\|)\s*`)

// splitTitle splits a <title> into the headline and the site's name.
func splitTitle(t string) (headline, site string) {
	parts := titleSeparators.Split(t, -1)
	if len(parts) < 2 {
		return t, ""
	}
	candidates := parts
	if last := parts[len(parts)-1]; utf8.RuneCountInString(last) <= 24 {
		// A short last part is the site's name; a long one may be the
		// headline ("Site - Headline").
		site, candidates = last, parts[:len(parts)-1]
	}
	headline = candidates[0]
	for _, p := range candidates {
		if utf8.RuneCountInString(p) > utf8.RuneCountInString(headline) {
			headline = p
		}
	}
	return headline, site
}

// mergeHint fills the hint's empty fields from the page's metadata.
func mergeHint(hint *entopic.Hint, h head) {
	headline, site := splitTitle(h.title)
	title := firstNonEmpty(h.ogTitle, h.ldHeadline, h.cmsTitle, h.h1, headline)
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&hint.Title, title)
	fill(&hint.Published, h.published)
	fill(&hint.Outlet, firstNonEmpty(h.siteName, h.publisher))
	fill(&hint.SiteName, site)
	fill(&hint.URL, h.url)
	fill(&hint.Lang, h.lang)
	if len(hint.Authors) == 0 {
		hint.Authors = h.authors
	}
	if len(hint.Keywords) == 0 {
		hint.Keywords = h.keywords
	}
	if hint.OriginalSource == "" && h.contentSource != "" && h.contentSource != hint.Outlet && h.contentSource != site {
		hint.OriginalSource = h.contentSource
	}
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

func appendUnique(list []string, v string) []string {
	v = strings.TrimSpace(v)
	for _, x := range list {
		if x == v {
			return list
		}
	}
	if v == "" {
		return list
	}
	return append(list, v)
}
