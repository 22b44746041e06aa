// Package meta finds a document's metadata: title, publication time,
// authors, editor, outlet, original source and the page's own keywords.
//
// In: Doc.Page (the page's lines as the clean stage classified them),
// Doc.Hint (what a JSON record or an HTML page's head and JSON-LD say) and
// Doc.Lang. Out: the metadata fields of the Doc.
//
// Structured metadata (the hint) is preferred where it exists; the page's
// visible lines fill in the rest: the title line, and the metadata lines —
// bylines, dates, 来源/责任编辑/作者/本文摘自/关键字 and their English
// counterparts (By …, Updated …, Published …), and wire datelines
// (新华社北京3月1日电, WASHINGTON (Reuters) -). A time written without a zone
// is read in Asia/Shanghai on Chinese pages and pages of Chinese sites, in
// UTC elsewhere; published is stored in UTC, published_text as written.
package meta

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
)

// Extractor is the meta stage. It is safe for concurrent use.
type Extractor struct {
	seg *gse.Segmenter // cuts keywords written without separators
	cn  *time.Location
}

// New returns an Extractor that cuts run-together keywords with seg (the
// process's loaded Chinese segmenter; nil leaves them whole).
func New(seg *gse.Segmenter) *Extractor {
	cn, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		cn = time.FixedZone("CST", 8*3600)
	}
	return &Extractor{seg: seg, cn: cn}
}

// fields collects what the metadata lines say.
type fields struct {
	title, editor, source, original, outletDomain string
	authors, keywords                             []string
	date                                          *dateMatch
	labeledDate                                   bool // the date came with a label (发布时间, Updated …)
	agency                                        string
}

// Process fills the metadata of d.
func (e *Extractor) Process(d *entopic.Doc) error {
	h := d.Hint
	chinese := d.Lang == "zh" || isChineseSite(h.URL) || isChineseSite(h.Outlet)
	var f fields
	for i, l := range d.Page {
		switch l.Kind {
		case entopic.LineTitle:
			if f.title == "" {
				f.title = l.Text
			}
		case entopic.LineMeta:
			e.parseLine(l.Text, chinese, &f)
		case entopic.LineBody:
			if i == firstBody(d.Page) {
				f.agency = dateline(l.Text)
			}
		}
	}
	if isChineseSite(f.outletDomain) {
		chinese = true
	}
	loc := time.UTC
	if chinese {
		loc = e.cn
	}

	d.Title = firstOf(strings.TrimSpace(h.Title), f.title)
	d.PublishedText, d.Published = "", time.Time{}
	if h.Published != "" {
		if t, ok := ParseTime(h.Published, loc); ok {
			d.PublishedText, d.Published = strings.TrimSpace(h.Published), t
		}
	}
	if d.PublishedText == "" && f.date != nil {
		d.PublishedText, d.Published = f.date.text, f.date.time(loc)
	}
	d.Authors = cleanNames(firstOfList(h.Authors, f.authors))
	d.Editor = f.editor
	d.Outlet = firstOf(h.Outlet, h.SiteName)
	d.OriginalSource = firstOf(h.OriginalSource, f.original)
	switch {
	case d.Outlet == "":
		d.Outlet = firstOf(f.source, f.outletDomain)
	case f.source != "" && f.source != d.Outlet && d.OriginalSource == "":
		// A site naming another source (来源：新华网 on a portal's page) republishes it.
		d.OriginalSource = f.source
	}
	if d.OriginalSource == "" {
		d.OriginalSource = f.agency
	}
	d.PageKeywords = nil
	if len(h.Keywords) > 0 {
		d.PageKeywords = splitKeywordList(h.Keywords)
	} else if len(f.keywords) > 0 {
		d.PageKeywords = f.keywords
	}
	return nil
}

func firstBody(page []entopic.Line) int {
	for i, l := range page {
		if l.Kind == entopic.LineBody {
			return i
		}
	}
	return -1
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}

func firstOfList(a, b []string) []string {
	if len(a) > 0 {
		return a
	}
	return b
}

// labels maps the labels of Chinese metadata lines to the field they set.
var labels = map[string]string{
	"责任编辑": "editor", "编辑": "editor", "编审": "editor", "编者": "editor",
	"作者": "author", "记者": "author", "通讯员": "author",
	"来源": "source", "出处": "source", "稿源": "source", "來源": "source",
	"本文摘自": "original", "摘自": "original", "转载自": "original", "转自": "original", "發布機構": "original", "发布机构": "original",
	"发布时间": "date", "发布日期": "date", "发表时间": "date", "更新时间": "date", "时间": "date", "日期": "date",
	"發布時間": "date", "時間": "date",
	"关键字": "keywords", "关键词": "keywords", "标签": "keywords", "關鍵字": "keywords", "關鍵詞": "keywords",
}

// labelRE finds "label:" in a metadata line, longest labels first.
var labelRE = func() *regexp.Regexp {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, regexp.QuoteMeta(strings.TrimSpace(k)))
	}
	slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(`(` + strings.Join(keys, "|") + `)\s*[:：]`)
}()

var (
	byline      = regexp.MustCompile(`(?i)(?:^|\s)(?:by|written by|reporting by|posted by)\s+([\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*)*(?:\s*(?:,|and|&)\s*[\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*)*)*)`)
	domainRE    = regexp.MustCompile(`(?i)^((?:[a-z0-9-]+\.)+[a-z]{2,})\s*[|·•]`)
	bracketName = regexp.MustCompile(`^[【\[（(]?\s*(责任编辑|编辑|作者|记者|编审)\s*[:：]?\s*([^】\]）):：|]+?)\s*[】\]）)]?$`)
	mediaSuffix = regexp.MustCompile(`^[\p{Han}A-Za-z0-9·]{2,12}(网|社|报|台|新闻|日报|时报|晚报|在线|频道|客户端|网站|杂志|週刊|周刊)$`)
)

// agencies are wire services named at the end of a byline.
var agencies = map[string]bool{
	"reuters": true, "ap": true, "associated press": true, "afp": true, "agence france-presse": true,
	"xinhua": true, "bloomberg": true, "kyodo": true, "yonhap": true, "tass": true, "dpa": true, "upi": true,
	"cna": true, "efe": true, "ansa": true, "bernama": true,
}

// parseLine reads one metadata line.
func (e *Extractor) parseLine(line string, chinese bool, f *fields) {
	// Dates first, cut out of the line so that they do not end up in the
	// values around them.
	rest := line
	for _, dm := range findDates(line, chinese) {
		dm := dm
		labeled := labeledDateBefore(line[:dm.start])
		if f.date == nil || labeled && !f.labeledDate || dm.hasTime && !f.date.hasTime && labeled == f.labeledDate {
			f.date, f.labeledDate = &dm, labeled
		}
		rest = strings.Replace(rest, line[dm.start:dm.end], " | ", 1)
	}
	if m := bracketName.FindStringSubmatch(rest); m != nil {
		e.setLabel(labels[m[1]], m[2], f)
		return
	}
	if m := domainRE.FindStringSubmatch(strings.TrimSpace(rest)); m != nil && f.outletDomain == "" {
		f.outletDomain = strings.ToLower(m[1])
	}
	if m := byline.FindStringSubmatch(rest); m != nil {
		for _, name := range splitNames(m[1]) {
			if agencies[strings.ToLower(name)] {
				f.original = firstOf(f.original, name)
			} else {
				f.authors = append(f.authors, name)
			}
		}
		return
	}
	locs := labelRE.FindAllStringSubmatchIndex(rest, -1)
	if len(locs) == 0 {
		// An unlabelled source beside a date: "2017年10月06日 08:52 中国新闻网".
		for _, part := range strings.Fields(strings.ReplaceAll(rest, "|", " ")) {
			if mediaSuffix.MatchString(part) && f.source == "" {
				f.source = part
			}
		}
		return
	}
	for i, g := range locs {
		end := len(rest)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		e.setLabel(labels[rest[g[2]:g[3]]], rest[g[1]:end], f)
	}
}

// labeledDateBefore reports whether the text before a date ends with a date
// label (发布时间：, Updated:, Published …).
func labeledDateBefore(before string) bool {
	b := strings.TrimRight(before, " :：")
	for _, l := range []string{"发布时间", "发布日期", "发表时间", "發布時間", "时间", "日期", "Published", "Updated", "Posted on", "Posted", "Date"} {
		if strings.HasSuffix(b, l) {
			return true
		}
	}
	return false
}

// setLabel stores the value of a labelled field.
func (e *Extractor) setLabel(field, value string, f *fields) {
	value = strings.Trim(strings.TrimSpace(value), " |·•/【】[]（）()")
	value = strings.TrimSpace(strings.Split(value, "|")[0])
	if value == "" {
		return
	}
	switch field {
	case "editor":
		f.editor = firstOf(f.editor, value)
	case "author":
		f.authors = append(f.authors, splitNames(value)...)
	case "source":
		f.source = firstOf(f.source, strings.Fields(value)[0])
	case "original":
		f.original = firstOf(f.original, strings.Fields(value)[0])
	case "keywords":
		f.keywords = e.splitKeywords(value)
	}
}

var conjunction = regexp.MustCompile(`(?i)\s+(and|&)\s+`)

// splitNames splits a list of names: 兰旻 胡逸静, 李明、王芳, Jane Doe and John Roe.
func splitNames(s string) []string {
	s = conjunction.ReplaceAllString(s, ",")
	var out []string
	for _, n := range strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune(",，、;；/|", r)
	}) {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		// Chinese names are separated by spaces too; Latin names are not.
		if strings.IndexFunc(n, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			out = append(out, strings.Fields(n)...)
		} else {
			out = append(out, n)
		}
	}
	return out
}

// cleanNames drops duplicates and what cannot be a name.
func cleanNames(names []string) []string {
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(n, "记者"), "本报记者"))
		if n == "" || utf8.RuneCountInString(n) > 40 || slices.Contains(out, n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// keywordSeparators split a keyword list written with separators.
const keywordSeparators = ",，、;；|/ 　"

// splitKeywordList splits keywords given as a list whose items may
// themselves hold separators ("EU,China").
func splitKeywordList(items []string) []string {
	var out []string
	for _, it := range items {
		for _, k := range strings.FieldsFunc(it, func(r rune) bool { return strings.ContainsRune(",，、;；|", r) }) {
			if k = strings.TrimSpace(k); k != "" && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// splitKeywords splits a page's keyword line. With separators, at them;
// written without (关键字:网络安全加强合作国际合作), by cutting it into
// words with the segmenter and joining runs of short words into items of
// about four characters, the usual length of a Chinese keyword.
func (e *Extractor) splitKeywords(s string) []string {
	if strings.ContainsAny(s, keywordSeparators) {
		var out []string
		for _, k := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(keywordSeparators, r) }) {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
		return out
	}
	if e.seg == nil || utf8.RuneCountInString(s) <= 4 {
		return []string{s}
	}
	var out []string
	var cur string
	for _, w := range e.seg.Cut(s, true) {
		n, c := utf8.RuneCountInString(w), utf8.RuneCountInString(cur)
		switch {
		case cur == "":
			cur = w
		case c <= 2 && n <= 2 && c+n <= 4:
			cur += w
		default:
			out = append(out, cur)
			cur = w
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// datelineRE finds a wire dateline at the start of an article:
// 新华社北京3月1日电, 中新社华盛顿10月4日电, WASHINGTON (Reuters) -.
var (
	datelineZH = regexp.MustCompile(`^(?:[(（【]?)(新华社|新華社|中新社|中新網|中新网|人民网|人民網|央视网|央視網|中国新闻网|中國新聞網|[\p{Han}]{2,4}社)[\p{Han}]{1,8}\d{1,2}月\d{1,2}日(?:电|電)`)
	datelineEN = regexp.MustCompile(`^[\p{Lu}][\p{Lu} ,.'-]{1,40}\((Reuters|AP|AFP|Xinhua|Bloomberg|Kyodo|Yonhap)\)\s*[-–—]`)
)

// dateline returns the agency named in a wire dateline, or "".
func dateline(first string) string {
	if m := datelineZH.FindStringSubmatch(first); m != nil {
		return m[1]
	}
	if m := datelineEN.FindStringSubmatch(first); m != nil {
		return m[1]
	}
	return ""
}

// isChineseSite reports a URL or domain under a Chinese top-level domain.
func isChineseSite(s string) bool {
	s = strings.ToLower(s)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/:?#"); i >= 0 {
		s = s[:i]
	}
	for _, tld := range []string{".cn", ".hk", ".tw", ".mo"} {
		if strings.HasSuffix(s, tld) {
			return true
		}
	}
	return false
}
