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
	seg   *gse.Segmenter // cuts keywords written without separators
	names Names          // tells personal names from outlets and placeholders
	cn    *time.Location
}

// New returns an Extractor that cuts run-together keywords with seg (the
// process's loaded Chinese segmenter; nil leaves them whole) and tells
// authors' names from other strings with names.
func New(seg *gse.Segmenter, names Names) *Extractor {
	cn, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		cn = time.FixedZone("CST", 8*3600)
	}
	return &Extractor{seg: seg, names: names, cn: cn}
}

// fields collects what the metadata lines say.
type fields struct {
	title, editor, source, original, outletDomain string
	authors, keywords                             []string
	dates                                         []dateCandidate
	agency                                        string
}

// dateCandidate is a date a metadata line gives, with where the line
// stands.
type dateCandidate struct {
	dateMatch
	grade  int  // see dateLabel
	before bool // in a line before the article's body
	line   int  // the line's index on the page
}

// Process fills the metadata of d.
//
// The publication time is, in order of trust: the input's or the page
// metadata's publication time; a labelled date line above the article; the
// date line above it nearest the headline; a labelled date line below it;
// a date the page's metadata gives for another purpose (modified,
// indexed, in the URL); an unlabelled date below the article. A date
// written without its year (09-30 22:46) or relative to the day (昨天,
// 3小时前, 2 days ago) is read against a date the page gives elsewhere and
// left out when none does. Authors come from the metadata when it names
// people, else from bylines; outlets, placeholders and numbers are never
// authors.
func (e *Extractor) Process(d *entopic.Doc) error {
	h := d.Hint
	chinese := d.Lang == "zh" || isChineseSite(h.URL) || isChineseSite(h.Outlet)
	var f fields
	first := firstBody(d.Page)
	titleLine := -1
	for i, l := range d.Page {
		switch l.Kind {
		case entopic.LineTitle:
			if f.title == "" || titleLine == i-1 {
				f.title += l.Text
				titleLine = i
			}
		case entopic.LineMeta:
			e.parseLine(l.Text, chinese, &f, i, first < 0 || i < first)
		case entopic.LineBody:
			if i == first {
				f.agency = dateline(l.Text)
				f.authors = append(f.authors, datelineNames(l.Text)...)
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
	d.PublishedText, d.Published = e.published(h, f, titleLine, first, loc)
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
	outlets := []string{d.Outlet, h.Outlet, h.SiteName, d.OriginalSource, f.source, f.outletDomain, domainName(h.URL)}
	d.Authors = e.names.People(h.Authors, outlets)
	if len(d.Authors) == 0 {
		d.Authors = e.names.People(f.authors, outlets)
	}
	d.Editor = ""
	if eds := e.names.People([]string{f.editor}, outlets); len(eds) > 0 {
		d.Editor = eds[0]
	} else if f.editor != "" && !strings.ContainsFunc(f.editor, unicode.IsSpace) && utf8.RuneCountInString(f.editor) <= 24 {
		d.Editor = f.editor // an editor's handle (editor006, 杨倩_NF4425)
	}
	d.PageKeywords = nil
	if len(h.Keywords) > 0 {
		d.PageKeywords = splitKeywordList(h.Keywords)
	} else if len(f.keywords) > 0 {
		d.PageKeywords = f.keywords
	}
	return nil
}

// published chooses the publication time (see Process).
func (e *Extractor) published(h entopic.Hint, f fields, titleLine, first int, loc *time.Location) (string, time.Time) {
	if h.Published != "" {
		if t, ok := ParseTime(h.Published, loc); ok {
			return strings.TrimSpace(h.Published), t
		}
	}
	// Anchors for dates without a year or relative to the day.
	var anchor time.Time
	for _, s := range h.Dates {
		if t, ok := ParseTime(s, loc); ok {
			anchor = t
			break
		}
	}
	if anchor.IsZero() {
		for _, c := range f.dates {
			if c.year > 0 {
				anchor = c.time(loc)
				break
			}
		}
	}
	near := first
	if titleLine >= 0 {
		near = titleLine
	}
	dates := f.dates[:0:0]
	for _, c := range f.dates {
		if c.resolve(anchor, loc) {
			dates = append(dates, c)
		}
	}
	pick := func(ok func(c dateCandidate) bool) (string, time.Time, bool) {
		best := -1
		for i, c := range dates {
			if !ok(c) {
				continue
			}
			if best < 0 || better(c, dates[best], near) {
				best = i
			}
		}
		if best < 0 {
			return "", time.Time{}, false
		}
		c := dates[best]
		return c.text, c.time(loc), true
	}
	steps := []func(c dateCandidate) bool{
		func(c dateCandidate) bool { return c.before && c.grade > 0 },
		func(c dateCandidate) bool { return c.before },
		func(c dateCandidate) bool { return c.grade > 0 },
	}
	for _, ok := range steps {
		if text, t, found := pick(ok); found {
			return text, t
		}
	}
	for _, s := range h.Dates {
		if t, ok := ParseTime(s, loc); ok {
			return strings.TrimSpace(s), t
		}
	}
	if text, t, found := pick(func(dateCandidate) bool { return true }); found {
		return text, t
	}
	return "", time.Time{}
}

// better reports whether date candidate a is to be preferred to b: a
// publication label (发布时间, Published) over another (日期, Updated), then
// the line nearer the headline, then a date with its time.
func better(a, b dateCandidate, near int) bool {
	if a.grade != b.grade {
		return a.grade > b.grade
	}
	if da, db := abs(a.line-near), abs(b.line-near); da != db {
		return da < db
	}
	return a.hasTime && !b.hasTime
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// domainName is the host of a URL less its www.
func domainName(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "/:?#"); i >= 0 {
		u = u[:i]
	}
	return strings.TrimPrefix(strings.ToLower(u), "www.")
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
	mediaName   = regexp.MustCompile(`^[\p{Han}A-Za-z0-9·]{2,12}(网|社|报|台|新闻|日报|时报|晚报|在线|频道|客户端|网站|杂志|週刊|周刊)$`)
)

// agencies are wire services named at the end of a byline.
var agencies = map[string]bool{
	"reuters": true, "ap": true, "associated press": true, "afp": true, "agence france-presse": true,
	"xinhua": true, "bloomberg": true, "kyodo": true, "yonhap": true, "tass": true, "dpa": true, "upi": true,
	"cna": true, "efe": true, "ansa": true, "bernama": true,
}

// parseLine reads one metadata line, the i-th of the page, before or after
// the article's body.
func (e *Extractor) parseLine(line string, chinese bool, f *fields, i int, before bool) {
	// Dates first, cut out of the line so that they do not end up in the
	// values around them.
	rest := line
	found := findDates(line, chinese)
	if len(found) == 0 {
		found = findPartialDates(line)
	}
	for _, dm := range found {
		grade := dateLabel(line[:dm.start])
		f.dates = append(f.dates, dateCandidate{dateMatch: dm, grade: grade, before: before, line: i})
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
		// Labels without a colon at the start of a part of the line
		// (发表于… | 来源CSDN | 作者魏星), bylines without a label's colon
		// (澎湃新闻记者 段彦超, 石佳/中国青年报), or an unlabelled source beside
		// a date (2017年10月06日 08:52 中国新闻网).
		labelled := false
		for _, part := range lineParts(rest) {
			if field, value, ok := leadingLabel(part); ok {
				e.setLabel(field, value, f)
				labelled = true
			}
		}
		if labelled {
			return
		}
		if names, outlet := bylineNames(strings.TrimSpace(rest)); len(names) > 0 {
			f.authors = append(f.authors, names...)
			if outlet != "" && f.source == "" {
				f.source = outlet
			}
			return
		}
		for _, part := range strings.Fields(strings.ReplaceAll(rest, "|", " ")) {
			if mediaName.MatchString(part) && f.source == "" {
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

// lineParts splits a metadata line at its separators: vertical bars and
// runs of spaces.
func lineParts(s string) []string {
	var out []string
	for _, p := range regexp.MustCompile(`\s*[|｜]\s*|\s{2,}`).Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// unlabelled are the labels read without a colon when they open a part of
// a metadata line, longest first.
var unlabelled = []string{"责任编辑", "来源", "作者", "记者", "编辑", "出处", "稿源"}

// leadingLabel reads "作者魏星", "来源CSDN": a label opening a part of a
// metadata line, followed at once by its value.
func leadingLabel(part string) (field, value string, ok bool) {
	for _, l := range unlabelled {
		if v, found := strings.CutPrefix(part, l); found && strings.TrimSpace(v) != "" {
			return labels[l], strings.TrimSpace(v), true
		}
	}
	return "", "", false
}

// dateLabel grades the label the text before a date ends with: 2 for a
// label of publication (发布时间, 发表于, Published, Posted), 1 for a neutral
// one (日期, 时间, Date), 0 for none, -1 for one of an update (更新时间,
// Updated, Modified), which a page shows for the publication time only when
// it shows no other.
func dateLabel(before string) int {
	b := strings.TrimRight(before, " :：")
	has := func(labels ...string) bool {
		for _, l := range labels {
			if strings.HasSuffix(b, l) {
				return true
			}
		}
		return false
	}
	switch {
	case has("发布时间", "发布日期", "发表时间", "發布時間", "发表于", "发布于", "Published", "Posted on", "Posted", "First published"):
		return 2
	case has("更新时间", "最后更新", "更新于", "更新", "Updated", "Last updated", "Modified", "Last modified"):
		return -1
	case has("时间", "日期", "時間", "Date"):
		return 1
	}
	return 0
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
