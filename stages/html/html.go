// Package html reads HTML pages: their main content as lines of text, and
// the metadata of their head and JSON-LD.
//
// In: Doc.Text holding a decoded HTML page (Doc.Format == FormatHTML; other
// documents pass through untouched). Out: Doc.Page holding the article's
// lines (LineBody) framed by the lines around it that may be its headline,
// byline or date (LineBoilerplate), for the clean stage to refine — or, when
// no extractor finds an article, Doc.Text holding the whole page less its
// chrome, one block per line, for the clean stage to read from scratch; and
// Doc.Hint filled from <title>, <meta> (og:, article:, name=author/keywords,
// the PubDate/ContentSource fields of Chinese government CMSs) and JSON-LD
// (NewsArticle and its kin: headline, datePublished, author, publisher,
// keywords), where the input gave no hint of its own.
//
// The main content is what two extractors agree on (see Extract):
// codeberg.org/readeck/go-readability/v2, a port of Mozilla's Readability.js,
// and github.com/markusmobius/go-trafilatura, a port of trafilatura. The
// choice was measured on the article-extraction benchmark (README).
package html

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

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
	ex := Extract(root, d.Hint.URL, m.titles()...)
	mergeHint(&d.Hint, m, strings.Split(ex.Page, "\n"))
	d.Page = ex.Lines
	if ex.Method == MethodPage {
		d.Text = ex.Page
		return nil
	}
	var b strings.Builder
	for i, l := range ex.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Text)
	}
	d.Text = b.String()
	return nil
}

// head is the metadata of a page's head and JSON-LD.
type head struct {
	title, ogTitle, h1, ldHeadline, cmsTitle string
	h1s                                      []string // every non-empty <h1>
	published                                string
	authors                                  []string
	keywords                                 []string
	siteName, publisher                      string
	contentSource                            string
	url                                      string
	dates                                    [3][]string // other dates, by trust: 0 published elsewhere, 1 shown, 2 modified
}

// otherDates lists the dates of h.dates, most trusted first.
func (h head) otherDates() []string {
	var out []string
	for _, ds := range h.dates {
		for _, d := range ds {
			out = appendUnique(out, d)
		}
	}
	return out
}

// readHead collects the metadata of a parsed page.
func readHead(root *xhtml.Node) head {
	var h head
	h1s := 0
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.Time:
				if dt := attr(n, "datetime"); dt != "" {
					h.dates[1] = append(h.dates[1], dt)
				}
			case atom.Title:
				if h.title == "" {
					h.title = collapse(textOf(n))
				}
			case atom.H1:
				if t := collapse(textOf(n)); t != "" {
					h1s++
					h.h1s = append(h.h1s, t)
					if h1s == 1 {
						h.h1 = t
					}
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

// titles lists the page's candidate headlines.
func (h head) titles() []string {
	headline, _ := splitTitle(h.title)
	return append([]string{h.ldHeadline, h.ogTitle, h.cmsTitle, headline}, h.h1s...)
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
	case "og:time", "weibo: article:create_at", "article:create_at", "createdate", "creation_date":
		h.dates[0] = append(h.dates[0], val)
	case "article:modified_time", "og:updated_time", "datemodified", "dateupdate", "dateupdated", "lastmodifiedtime",
		"last-modified", "lastmod", "dc.date.modified", "weibo: article:update_at", "article:update_at":
		h.dates[2] = append(h.dates[2], val)
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
				// Another object's dates (a WebPage's, or Baidu's
				// cambrian pubDate) are the page's, less surely.
				for _, k := range []string{"datePublished", "pubDate"} {
					if s, ok := x[k].(string); ok && s != "" {
						h.dates[0] = append(h.dates[0], s)
					}
				}
				for _, k := range []string{"dateModified", "upDate"} {
					if s, ok := x[k].(string); ok && s != "" {
						h.dates[2] = append(h.dates[2], s)
					}
				}
				return
			}
			if s, ok := x["dateModified"].(string); ok && s != "" {
				h.dates[2] = append(h.dates[2], s)
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

// splitTitle splits a <title> into the headline and the site's name.
func splitTitle(t string) (headline, site string) {
	parts := titlePartSeparators.Split(t, -1)
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

// mergeHint fills the hint's empty fields from the page's metadata and, for
// the title, its lines. The language the page declares is left out: pages
// built from one template declare the template's, and the lang stage reads
// the text.
func mergeHint(hint *entopic.Hint, h head, page []string) {
	if hint.Title == "" {
		hint.Title = chooseTitle(h, page)
	}
	site := siteName(h.title, firstNonEmpty(hint.Title, h.title))
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&hint.Published, h.published)
	fill(&hint.Outlet, firstNonEmpty(h.siteName, h.publisher))
	fill(&hint.SiteName, site)
	fill(&hint.URL, h.url)
	if len(hint.Dates) == 0 {
		hint.Dates = h.otherDates()
		if d := urlDate(hint.URL); d != "" {
			hint.Dates = append(hint.Dates, d)
		}
	}
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

// urlPathDate finds a date in a URL's path: /2019-09-07/, /20190907/,
// /2019/09/07/.
var urlPathDate = regexp.MustCompile(`/((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|\d{0,10}[/_.]|$)`)

// urlDate returns the date of a URL's path as 2006-01-02, or "".
func urlDate(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[i:]
	} else {
		return ""
	}
	if m := urlPathDate.FindStringSubmatch(u); m != nil {
		return m[1] + "-" + m[2] + "-" + m[3]
	}
	return ""
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
