package policy

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/entopic/entopic"
)

// Policy documents written without brackets or quotes: 统计法修订草案,
// 签署石油领域合作政府间协议, 关于废止部分法律的决定草案, 国发〔2017〕35号.
// A head alone does not make such a name, for 法, 规划 and 协议 end many
// common words; what does:
//   - a name of two words or more before a strong head (法, 法案, 条例,
//     公约: 经济能源法案), or
//   - a cue around it: a verb of law-making before it (根据, 签署, 修订后的
//     …: bare_cues_before) or just after it (草案, 修订, 第三条 …:
//     bare_cues_after);
//   - or the same name found in brackets or by a cue elsewhere in the
//     text (《主办城市合同》 … 根据主办城市合同).

// confBare is the confidence of a name found by its head and a cue.
const confBare = 0.7

// articleRE matches an article of a law cited after its name: 第三条,
// 第12条.
var articleRE = regexp.MustCompile(`^第[0-9一二三四五六七八九十百零]+[条款章]`)

// bare finds unbracketed names ending in a bare head.
func (r Rules) bare(d *entopic.Doc, view []rune) []entopic.Mention {
	starts, ends, _, byEnd := tokenBounds(d, len(view))
	var out []entopic.Mention
	for e := 2; e <= len(view); e++ {
		h, ok := r.bareHeadEnding(view, e)
		if !ok {
			continue
		}
		// The head ends a word (仲裁法草案, not 法律).
		if e < len(view) && isHan(view[e]) && !ends[e] {
			continue
		}
		hs := e - len(h.runes)
		if r.KB.notHeadEnding(string(view[max(0, hs-4):e]), len(h.runes)) {
			continue // 管理办法, 执法: words that end in a head
		}
		if hs > 0 && !starts[hs] && starts[hs-1] && ends[e] && len(h.runes) == 1 {
			continue // 无法, 立法, 设法: one character and the head make a word
		}
		if hasPrefixIn(string(view[e:min(len(view), e+3)]), r.KB.headCompounds) {
			continue // 移民顾问条例委员会: the head is part of another name
		}
		p, n := r.bareNameStart(d, view, hs, starts, byEnd)
		name := string(view[p:hs])
		if strings.HasSuffix(name, "性") {
			continue // 控制性规划: a kind of plan
		}
		if utf8.RuneCountInString(name) < 2 || r.generic(name) || !r.isName(name) || countedBefore(d, byEnd, p) {
			continue // 签订一项全球核裁军公约: a kind of treaty, not a name
		}
		cuedBefore := r.cuedBefore(view, p)
		cued := cuedBefore || r.cuedAfter(view, e)
		// A law's name of one word is long enough when the segmenter
		// knows it with its head as a word (统计法; not so 停火协议, a
		// kind of agreement).
		long := n.words >= 2 || utf8.RuneCountInString(name) >= 4 || n.inWord && h.subtype == "law"
		strong := r.KB.strongBare[h.text]
		switch {
		case n.verbAtHead:
			// 纳入条例 is a verb and its object, 两岸合拍电视剧处理原则 a
			// name: only a cue before it says which, and the verb
			// alone names nothing (按照处理原则).
			ok = cuedBefore && n.words >= 2
		case strong && long && !n.firstVerb:
			ok = true
		default:
			ok = cued && (long || strong)
		}
		if !ok {
			continue
		}
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: p, End: e}, Type: entopic.TypePolicy, Subtype: h.subtype,
			Normalized: name + h.text, Method: entopic.MethodRule, Confidence: confBare,
		})
	}
	return out
}

// bareHeadEnding returns the longest bare head ending at view[e].
func (r Rules) bareHeadEnding(view []rune, e int) (head, bool) {
	for _, h := range r.KB.bareHeads {
		if n := len(h.runes); n < e && string(view[e-n:e]) == h.text {
			return h, true
		}
	}
	return head{}, false
}

// bareName describes the words of a bare name.
type bareName struct {
	words      int  // how many
	firstVerb  bool // the first is a verb (保守国家秘密法)
	verbAtHead bool // a verb stands right before the head (纳入条例, 处理原则)
	inWord     bool // the head ends a word of three characters or more (统计法)
}

// nounTags are the segmenter's tags of nouns.
var nounTags = map[string]bool{"n": true, "vn": true, "nz": true, "ns": true, "nt": true, "nr": true, "j": true}

// countedBefore reports a count or an article right before a name
// starting at view[p]: 一项, 两部, 一份.
func countedBefore(d *entopic.Doc, byEnd []int, p int) bool {
	k := byEnd[p]
	if k == 0 {
		return false
	}
	t := d.Tokens[k-1]
	if docCountRE.MatchString(t.Text) {
		return true
	}
	// 一/项: the count and its classifier as two words.
	return k >= 2 && d.Tokens[k-2].End == t.Start && docCountRE.MatchString(d.Tokens[k-2].Text+t.Text)
}

// docCountRE matches a count of documents: 一项, 两部, 一份.
var docCountRE = regexp.MustCompile(`^[0-9一二三四五六七八九十两几多数各]+[个项部份件类]$`)

// bareNameStart walks left from a bare head over the words of its name
// and returns where the name starts and what its words are. The part of a
// word the head ends (仲裁 of 仲裁法) is a word of the name. The walk stops
// at punctuation, at words that end names (name_stops), at function words
// and adjectives, at numbers and times, and at cues; ordinals, counts and
// strip words come off the start, and so does a territory that says whose
// the document is (香港家暴条例 is 家暴条例); parties stay (中日和平友好条约).
func (r Rules) bareNameStart(d *entopic.Doc, view []rune, hs int, starts []bool, byEnd []int) (int, bareName) {
	var n bareName
	p := hs
	if !starts[hs] {
		for p > 0 && byEnd[p] == 0 && !starts[p] && nameChar(view[p-1]) {
			p--
		}
		n.words++
		n.inWord = hs-p >= 2
	}
	var taken []entopic.Token // right to left
	for p > 0 && hs-p < maxName {
		k := byEnd[p]
		if k == 0 {
			break
		}
		t := d.Tokens[k-1]
		w := string(view[t.Start:t.End])
		// A hyphen or a middle dot joins two names (格拉斯-斯迪格尔法案).
		if strings.Contains("-－·•", w) && len(w) > 0 && p < hs && t.Start > 0 && isHan(view[t.Start-1]) && isHan(view[p]) {
			p = t.Start
			continue
		}
		// 和, 与, 及 join two nouns of a name (科学和技术发展规划纲要).
		if (w == "和" || w == "与" || w == "及") && p < hs && k >= 2 && nounTags[d.Tokens[k-2].POS] &&
			byEnd[p] > 0 && nounTags[d.Tokens[byEnd[p]].POS] {
			p = t.Start
			continue
		}
		if strings.ContainsFunc(w, func(c rune) bool { return !nameChar(c) }) || r.KB.isStop(w) ||
			stopTags[t.POS] || t.POS == "a" || t.POS == "ad" || t.POS == "m" || t.POS == "t" || t.POS == "x" ||
			r.KB.bareCuesBefore[w] {
			break
		}
		if p == hs && t.POS == "v" {
			n.verbAtHead = true
		}
		p = t.Start
		taken = append(taken, t)
		n.words++
	}
	for len(taken) > 0 {
		t := taken[len(taken)-1]
		w := string(view[t.Start:t.End])
		if t.End >= hs || !(r.KB.jurisdictions[w] || r.KB.strippable[w] || countRE.MatchString(w)) {
			break
		}
		p = t.End
		taken = taken[:len(taken)-1]
		n.words--
	}
	if len(taken) > 0 {
		n.firstVerb = taken[len(taken)-1].POS == "v"
	}
	return p, n
}

// cuedBefore reports a verb of law-making before a name that starts at
// view[p]: 根据, 签署, 修订后的, 通过了.
func (r Rules) cuedBefore(view []rune, p int) bool {
	before := string(view[max(0, p-8):p])
	for _, tail := range []string{"的", "了", "后", "的", "了"} {
		for cue := range r.KB.bareCuesBefore {
			if strings.HasSuffix(before, cue) {
				return true
			}
		}
		before = strings.TrimSuffix(before, tail)
	}
	return false
}

// cuedAfter reports a cue of law-making in the few characters after a
// head: 草案, 修订, 第三条 right after it, or a verb such as 修订 or 生效
// a few characters on in the clause (家暴条例也作出相应修订).
func (r Rules) cuedAfter(view []rune, e int) bool {
	after := string(view[e:min(len(view), e+10)])
	if articleRE.MatchString(after) {
		return true
	}
	if i := strings.IndexAny(after, "，。；、,;！？!?\n"); i >= 0 {
		after = after[:i]
	}
	for cue := range r.KB.bareCuesAfter {
		if strings.HasPrefix(after, cue) {
			return true
		}
		if i := strings.Index(after, cue); i >= 0 && utf8.RuneCountInString(after[:i]) <= 6 && r.KB.lawVerbs[cue] {
			return true
		}
	}
	return false
}

// guanyuRE matches a title of the form 关于…的决定 written without brackets;
// guanyu takes it for a document when a cue says so.
var guanyuRE = regexp.MustCompile(`关于[^，。；：、“”《》「」（）()\s]{2,40}?的(?:决定|决议|意见|指导意见|实施意见|若干意见|通知|规定|办法|公告|批复)`)

// issuerEnds are the last characters of the names of bodies that issue
// documents: 财政部, 国务院, 发改委, 人民政府, 中共中央.
const issuerEnds = "部委院局厅办署会府央行处司"

// guanyu finds unbracketed titles 关于…的决定 with a cue before or after
// them (关于废止部分法律的决定草案).
func (r Rules) guanyu(view []rune) []entopic.Mention {
	s := string(view)
	var out []entopic.Mention
	for _, g := range guanyuRE.FindAllStringIndex(s, -1) {
		start := utf8.RuneCountInString(s[:g[0]])
		end := start + utf8.RuneCountInString(s[g[0]:g[1]])
		if start > 0 && view[start-1] == '《' {
			continue // a title in brackets: titles finds it
		}
		// An issuing body before it (财政部关于…的意见) or a cue says it
		// is a document's title.
		if !r.cuedBefore(view, start) && !r.cuedAfter(view, end) && !(start > 0 && strings.ContainsRune(issuerEnds, view[start-1])) {
			continue
		}
		h, ok := r.KB.policyHead(s[g[0]:g[1]])
		if !ok {
			continue
		}
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: start, End: end}, Type: entopic.TypePolicy, Subtype: h.subtype,
			Method: entopic.MethodPattern, Confidence: confBare,
		})
	}
	return out
}

// docNumberRE matches the number of an official document: 国发〔2017〕35号,
// 国土资电发(2009)34号.
var docNumberRE = regexp.MustCompile(`[^\P{Han}的之]{1,5}[〔\[［(（【][0-9]{4}[〕\]］)）】][0-9]{1,4}号`)

// docNumbers finds official documents cited by their number. Within
// quotation marks the whole quotation is the mention (“国土资电发(2009)34号
// 地价调查表”); in brackets right after a title it only numbers the title
// and is no mention of its own; a following 文件 is part of it.
func (r Rules) docNumbers(view []rune) []entopic.Mention {
	s := string(view)
	var out []entopic.Mention
	for _, g := range docNumberRE.FindAllStringIndex(s, -1) {
		start := utf8.RuneCountInString(s[:g[0]])
		end := start + utf8.RuneCountInString(s[g[0]:g[1]])
		// The issuer's code starts after the office that issues it:
		// 办公厅京政办发〔1999〕4号 is 京政办发〔1999〕4号.
		for start < end && strings.ContainsRune("厅部局院委府会室处司", view[start]) {
			start++
		}
		for cut := true; cut; {
			cut = false
			for w := range r.KB.bareCuesBefore {
				if strings.HasPrefix(string(view[start:end]), w) {
					start, cut = start+utf8.RuneCountInString(w), true // 根据国发〔2017〕35号
				}
			}
		}
		// A number right after a title, in brackets or not, numbers it:
		// 《…规划》（国发〔2017〕35号）, …的意见财预〔2009〕78号.
		before := strings.TrimRight(string(view[max(0, start-6):start]), "（(")
		if strings.HasSuffix(before, "》") || r.endsTitleHead(before) {
			continue
		}
		if q := quoteAround(view, start, end); q.End > 0 {
			start, end = q.Start, q.End
		} else if strings.HasPrefix(string(view[end:min(len(view), end+2)]), "文件") {
			end += 2
		}
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: start, End: end}, Type: entopic.TypePolicy, Subtype: "notice",
			Normalized: unquote(string(view[start:end])), Method: entopic.MethodPattern, Confidence: confQuoted,
		})
	}
	return out
}

// endsTitleHead reports whether text ends with a head that ends titles
// (的意见, 的通知): a document's title, which a number after it numbers.
func (r Rules) endsTitleHead(text string) bool {
	for _, h := range []string{"意见", "通知", "决定", "办法", "规定", "批复", "公告", "函"} {
		if strings.HasSuffix(text, "的"+h) || strings.HasSuffix(text, h) && strings.HasSuffix(strings.TrimSuffix(text, h), "的") {
			return true
		}
	}
	return false
}

// quoteAround returns the quotation marks around view[s:e] within 30 code
// points on a line, or a zero span.
func quoteAround(view []rune, s, e int) entopic.Span {
	open, closing := -1, -1
	for i := s - 1; i >= 0 && s-i <= 30; i-- {
		if view[i] == '“' {
			open = i
			break
		}
		if view[i] == '”' || view[i] == '\n' {
			return entopic.Span{}
		}
	}
	for i := e; i < len(view) && i-e <= 30; i++ {
		if view[i] == '”' {
			closing = i
			break
		}
		if view[i] == '“' || view[i] == '\n' {
			return entopic.Span{}
		}
	}
	if open < 0 || closing < 0 {
		return entopic.Span{}
	}
	return entopic.Span{Start: open, End: closing + 1}
}

// repeats finds a policy name again where the text writes it without the
// brackets or the cue it was first found with: after 《主办城市合同》,
// 根据主办城市合同 names the same contract.
func (r Rules) repeats(d *entopic.Doc, view []rune, found []entopic.Mention) []entopic.Mention {
	starts, ends, _, _ := tokenBounds(d, len(view))
	seen := map[string]entopic.Mention{}
	for _, m := range found {
		if m.Type != entopic.TypePolicy {
			continue
		}
		name := strings.Trim(string(view[m.Start:m.End]), "《》「」“”")
		if utf8.RuneCountInString(name) >= 4 && strings.IndexFunc(name, func(c rune) bool { return !nameChar(c) }) < 0 {
			seen[name] = m
		}
	}
	var out []entopic.Mention
	for name, m := range seen {
		n := utf8.RuneCountInString(name)
		rs := []rune(name)
		for i := 0; i+n <= len(view); i++ {
			if view[i] != rs[0] || string(view[i:i+n]) != name {
				continue
			}
			if !starts[i] || i+n < len(view) && isHan(view[i+n]) && !ends[i+n] {
				continue
			}
			out = append(out, entopic.Mention{
				Span: entopic.Span{Start: i, End: i + n}, Type: entopic.TypePolicy, Subtype: m.Subtype,
				Normalized: m.Normalized, Method: entopic.MethodPattern, Confidence: confAlias,
			})
		}
	}
	return out
}
