package html

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// titleSource is where a candidate headline comes from, in the order
// preferred when candidates tie.
type titleSource int

const (
	fromJSONLD   titleSource = iota // JSON-LD headline
	fromOG                          // og:title, twitter:title
	fromCMS                         // a CMS's ArticleTitle field
	fromH1                          // an <h1>
	fromHeadline                    // the longest part of <title> but its site's name
	fromLine                        // a line of the page that <title> begins with
	fromTitle                       // a run of the parts of <title>
	fromWhole                       // the whole <title>, which supports no other
)

type titleCandidate struct {
	text, key string
	src       titleSource
}

// minTitleKey is the fewest letters and digits of a line taken for the
// headline.
const minTitleKey = 4

// chooseTitle picks the page's headline by agreement of the candidates its
// metadata and its lines give: JSON-LD headline, og:title, an ArticleTitle
// field, every <h1>, the longest part of <title> but the site's name, the
// lines of the page that a <title> part begins with ("Headline" in
// "Headline Channel_Site"), each run of the parts of <title> between
// separators (so that "Headline - Section - Site" offers "Headline",
// "Headline - Section" …) and the whole <title>. A candidate scores two for
// every other source that gives exactly its text and one for every other
// source whose letters and digits hold its own or are held by it (at least
// half of the longer); the whole <title> supports none, as it holds them
// all. The best score wins, ties going to the earlier source in the order
// above. A candidate that is the site's
// name (og:site_name, the <title> suffix) is never the headline. Broken
// metadata (an og:title cut at a quote) loses to the <h1> and <title> that
// agree with each other; a logo in an <h1> loses to the line the <title>
// names.
func chooseTitle(h head, page []string) string {
	var cands []titleCandidate
	add := func(text string, src titleSource) {
		text = collapse(text)
		if k := lineKey(text); k != "" {
			cands = append(cands, titleCandidate{text: text, key: k, src: src})
		}
	}
	add(h.ldHeadline, fromJSONLD)
	add(h.ogTitle, fromOG)
	add(h.cmsTitle, fromCMS)
	for _, t := range h.h1s {
		add(t, fromH1)
	}
	headline, _ := splitTitle(h.title)
	add(headline, fromHeadline)
	for _, run := range titleRuns(h.title) {
		add(run, fromTitle)
	}
	add(h.title, fromWhole)
	// Lines of the page that a <title> candidate begins with.
	var titleKeys []string
	for _, c := range cands {
		if c.src == fromTitle || c.src == fromWhole || c.src == fromHeadline {
			titleKeys = append(titleKeys, c.key)
		}
	}
	seen := map[string]bool{}
	for _, l := range page {
		k := lineKey(l)
		n := utf8.RuneCountInString(k)
		if n < minTitleKey || seen[k] || utf8.RuneCountInString(l) > frameMax {
			continue
		}
		for _, t := range titleKeys {
			if strings.HasPrefix(t, k) && 2*n >= utf8.RuneCountInString(t) {
				seen[k] = true
				add(l, fromLine)
				break
			}
		}
	}
	site := lineKey(h.siteName)
	// Keys of the page's lines, for visibility.
	lineKeys := make([]string, 0, len(page))
	for _, l := range page {
		if utf8.RuneCountInString(l) <= frameMax {
			lineKeys = append(lineKeys, lineKey(l))
		}
	}
	best, bestScore := -1, -1
	for i, c := range cands {
		if c.key == site {
			continue
		}
		score := 0
		support := map[titleSource]int{}
		for j, o := range cands {
			if i == j || o.src == c.src || o.src == fromWhole {
				continue
			}
			s := 0
			switch {
			case o.text == c.text:
				s = 2
			case o.key == c.key, holds(o.key, c.key), holds(c.key, o.key):
				s = 1
			}
			support[o.src] = max(support[o.src], s)
		}
		for _, s := range support {
			score += s
		}
		if visible(c.key, lineKeys) {
			score += 2
		}
		if score > bestScore || score == bestScore && c.src < cands[best].src {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return ""
	}
	return cands[best].text
}

// visible reports a headline shown as a line of the page: a line that is
// it, or begins with it and adds less than as much again (a date, a
// source).
func visible(key string, lines []string) bool {
	n := utf8.RuneCountInString(key)
	for _, l := range lines {
		if strings.HasPrefix(l, key) && utf8.RuneCountInString(l) <= 2*n {
			return true
		}
	}
	return false
}

// siteName returns the part of a <title> that names the site: its last or
// else its first part, when short and not part of the headline.
func siteName(title, headline string) string {
	parts := titlePartSeparators.Split(collapse(title), -1)
	if len(parts) < 2 {
		return ""
	}
	hk := lineKey(headline)
	for _, p := range []string{parts[len(parts)-1], parts[0]} {
		p = strings.TrimSpace(p)
		k := lineKey(p)
		if k != "" && utf8.RuneCountInString(p) <= 24 && !strings.Contains(hk, k) && !strings.Contains(k, hk) {
			return p
		}
	}
	return ""
}

// holds reports whether a holds b and b is at least half of a.
func holds(a, b string) bool {
	return strings.Contains(a, b) && 2*utf8.RuneCountInString(b) >= utf8.RuneCountInString(a)
}

// titlePartSeparators split "Headline - Section - Site" titles: an
// underscore, a vertical bar, a double hyphen, or a dash or middle dot
// between spaces.
var titlePartSeparators = regexp.MustCompile(`\s*(?:_|\||--+|——| [-–—·»:] )\s*`)

// titleRuns returns every run of consecutive parts of a <title> between
// its separators, as written, but the whole title.
func titleRuns(t string) []string {
	t = collapse(t)
	seps := titlePartSeparators.FindAllStringIndex(t, -1)
	// Part i spans t[starts[i]:ends[i]].
	starts, ends := []int{0}, []int{}
	for _, s := range seps {
		ends = append(ends, s[0])
		starts = append(starts, s[1])
	}
	ends = append(ends, len(t))
	var out []string
	for i := range starts {
		for j := i; j < len(ends); j++ {
			if i == 0 && j == len(ends)-1 || starts[i] >= ends[j] {
				continue
			}
			out = append(out, strings.TrimSpace(t[starts[i]:ends[j]]))
		}
	}
	return out
}
