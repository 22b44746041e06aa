package policy

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
)

// Rules proposes POLICY and DIALOGUE mentions and fills their attributes.
// It is safe for concurrent use.
type Rules struct {
	KB  *KB
	Han *hanzi.Converter
}

// Confidences of the rules' mentions: a title in brackets with a policy
// head is near certain; a name found by its head and its modifiers less.
const (
	confTitle    = 0.95
	confQuoted   = 0.85
	confDialogue = 0.8
	confAlias    = 0.8
	confCounted  = 0.7
	confCued     = 0.75
)

// Recognize implements the entities stage's Recognizer.
func (r Rules) Recognize(d *entopic.Doc) []entopic.Mention {
	text := []rune(d.Text)
	view := r.Han.Runes(text)
	var out []entopic.Mention
	out = append(out, r.titles(view)...)
	out = append(out, r.quoted(d, view)...)
	out = append(out, counted(view)...)
	out = append(out, r.bare(d, view)...)
	out = append(out, r.guanyu(view)...)
	out = append(out, r.docNumbers(view)...)
	out = append(out, r.repeats(d, view, out)...)
	out = append(out, r.dialogues(d, view)...)
	out = append(out, r.english(d, text)...)
	out = append(out, r.aliases(d, view, out)...)
	return out
}

// titles finds titles in 《》 and 「」 that name policy documents: by
// their head (《国家网络空间安全战略》), by a head written after the
// closing bracket (《新时代的中国国防》白皮书, the head then part of the
// mention), or by the verb that issues them (印发《中国制造2025》). The
// mention holds the brackets; its name is the title without them, and
// without a trailing note such as （草案）.
func (r Rules) titles(view []rune) []entopic.Mention {
	var out []entopic.Mention
	for _, pair := range [][2]rune{{'《', '》'}, {'「', '」'}} {
		open := -1
		for i, c := range view {
			switch {
			case c == pair[0]:
				open = i
			case c == pair[1] && open >= 0:
				if i-open > 2 && i-open <= 60 {
					if m, ok := r.title(view, open, i); ok {
						out = append(out, m)
					}
				}
				open = -1
			case c == '\n':
				open = -1
			}
		}
	}
	return out
}

// title decides whether the title between view[open] and view[end] (its
// brackets) names a policy document.
func (r Rules) title(view []rune, open, end int) (entopic.Mention, bool) {
	title := stripNote(string(view[open+1 : end]))
	m := entopic.Mention{Span: entopic.Span{Start: open, End: end + 1}, Type: entopic.TypePolicy, Normalized: title,
		Method: entopic.MethodPattern, Confidence: confTitle}
	if r.KB.isMedia(title) {
		return m, false
	}
	// 游戏《阿尔法协议》, 作品《…》: a work, named by its kind before it.
	if hasSuffixIn(strings.TrimRight(string(view[max(0, open-4):open]), "的"), r.KB.workKinds) {
		return m, false
	}
	after := string(view[end+1 : min(len(view), end+6)])
	for _, h := range r.KB.trailing {
		if strings.HasPrefix(after, h.text) && !strings.HasSuffix(title, h.text) {
			m.End += utf8.RuneCountInString(h.text)
			m.Subtype, m.Normalized = h.subtype, title+h.text
			return m, true
		}
	}
	if h, ok := r.KB.policyHead(title); ok {
		m.Subtype = h.subtype
		return m, true
	}
	before := string(view[max(0, open-6):open])
	before = strings.TrimSuffix(strings.TrimSuffix(before, "了"), "的")
	for _, cue := range r.KB.titleCues {
		if strings.HasSuffix(before, cue) {
			m.Confidence = confCued
			return m, true
		}
	}
	return m, false
}

// note matches a trailing note on a title: （草案）, (试行), （修订草案）, or
// 草案 written on (《海峡教育条例草案》).
var note = regexp.MustCompile(`[（(](草案|试行|修订草案|修订稿|征求意见稿|送审稿|暂行|修正案|\d{4}年[^）)]{0,8})[）)]$|(?:修订|修正)?草案$`)

func stripNote(title string) string { return strings.TrimSpace(note.ReplaceAllString(title, "")) }

// countedRE matches a set of principles or measures named by their number:
// 四项原则, 五项基本原则, 八项规定, 20条意见, 国十条, 新36条. Of articles (条)
// only sets of eight or more are named: 提出5条意见 gives advice.
var countedRE = regexp.MustCompile(`[一二三四五六七八九十两0-9]{1,3}项(?:基本|指导)?(?:原则|规定)|(?:[新国][0-9]{1,3}|国[一二三四五六七八九十]{1,3})条|[0-9一二三四五六七八九十]{1,3}条(?:意见|措施)`)

// counted finds sets of principles named by their number, written without
// quotation marks (和平、主权、共治、普惠四项基本原则). Quoted ones are
// found by quoted, with their quotes.
func counted(view []rune) []entopic.Mention {
	var out []entopic.Mention
	s := string(view)
	for _, g := range countedRE.FindAllStringIndex(s, -1) {
		m := s[g[0]:g[1]]
		if n := chineseNumber(strings.TrimLeft(strings.Split(m, "条")[0], "新国")); strings.Contains(m, "条") && n > 0 && n < 8 {
			continue
		}
		start := utf8.RuneCountInString(s[:g[0]])
		end := start + utf8.RuneCountInString(m)
		sub := "principles"
		switch {
		case strings.HasSuffix(m, "意见"):
			sub = "guideline"
		case strings.HasSuffix(m, "措施"), strings.HasSuffix(m, "条"):
			sub = "measures"
		case strings.HasSuffix(m, "规定"):
			sub = "regulation"
		}
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: start, End: end}, Type: entopic.TypePolicy, Subtype: sub,
			Method: entopic.MethodPattern, Confidence: confCounted,
		})
	}
	return out
}

// maxQuoted bounds the length of a quoted title.
const maxQuoted = 40

// saidRE matches a quotation that is words said rather than a title: one
// with 的 in it that is not 关于…的…, one that ends in a counted head
// (一个决定), or one with 了 in it (“按照责任签订了赔偿协议”).
var saidRE = regexp.MustCompile(`^(?:[^关].*|关[^于].*)的|[一两几这那][个项份]\p{Han}{1,4}$|了`)

// titleLike reports whether a quoted name can be a title: it does not
// start as a verb phrase does (“不守规则”), nor end in an adjective of kind
// before its head (“控制性规划”: a kind of plan), nor, except principles
// named by their number (“四项原则”), start with a count (“两种输法”).
func (r Rules) titleLike(inner string) bool {
	if strings.HasPrefix(inner, "不") || strings.HasPrefix(inner, "没") || strings.HasPrefix(inner, "未") {
		return false
	}
	if h, ok := r.KB.policyHead(inner); ok {
		name := strings.TrimSuffix(inner, h.text)
		if strings.HasSuffix(name, "性") {
			return false
		}
		if countRE.MatchString(name) || kindCountRE.MatchString(name) {
			return h.subtype == "principles"
		}
	}
	return true
}

// kindCountRE matches a count of kinds or items at the start of a name:
// 两种, 三类, 五条.
var kindCountRE = regexp.MustCompile(`^[0-9一二三四五六七八九十两几多数]+[种类条项点]`)

// periodRE matches a five-year period: 十一五, 十四五.
var periodRE = regexp.MustCompile(`^十[一二三四五六七八九]?五$`)

// quoted finds policy names in quotation marks: “四项原则”, or a quoted
// name followed by its head: “一带一路”倡议.
func (r Rules) quoted(d *entopic.Doc, view []rune) []entopic.Mention {
	starts, ends, _, byEnd := tokenBounds(d, len(view))
	var out []entopic.Mention
	open := -1
	for i, c := range view {
		switch {
		case c == '“' || c == '『':
			open = i
		case (c == '”' || c == '』') && open >= 0:
			inner := string(view[open+1 : i])
			n := i - open - 1
			open = -1
			if n < 2 || n > maxQuoted || strings.ContainsFunc(inner, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }) {
				continue
			}
			if countedBefore(d, byEnd, i-n-1) || !r.titleLike(inner) {
				continue // 签订了一份“商品房买卖合同”, “不守规则”, “控制性规划”: a kind or words said
			}
			// A quotation is a title when it ends in a head after a
			// name of two characters or more (not “高标准”), and a long
			// one only with a head of two characters or more: short heads
			// end sentences too. A quotation with 的 in it is words said
			// (“一生中最痛苦的一个决定”), unless it is a title of the form
			// 关于…的….
			if h, ok := r.KB.policyHead(inner); ok && n >= utf8.RuneCountInString(h.text)+2 &&
				(n <= 20 || utf8.RuneCountInString(h.text) >= 2) && !saidRE.MatchString(inner) {
				out = append(out, entopic.Mention{
					Span: entopic.Span{Start: i - n - 1, End: i + 1}, Type: entopic.TypePolicy, Subtype: h.subtype,
					Normalized: inner, Method: entopic.MethodPattern, Confidence: confQuoted,
				})
				continue
			}
			// A head right after the closing mark.
			rest := string(view[i+1 : min(len(view), i+6)])
			for _, h := range r.KB.policyZH {
				if strings.HasPrefix(rest, h.text) {
					start, end := i-n-1, i+1+utf8.RuneCountInString(h.text)
					if end < len(view) && isHan(view[end]) && !ends[end] {
						break // “…”法新社: the head starts another word
					}
					// A plan of a five-year period is named by its field
					// before it: 水污染防治“十一五”规划.
					name := inner + h.text
					if periodRE.MatchString(inner) && start > 0 {
						if p, words := r.bareNameStart(d, view, start, starts, byEnd); words.words > 0 {
							name = string(view[p:start]) + name
							start = p
						}
					}
					out = append(out, entopic.Mention{
						Span: entopic.Span{Start: start, End: end}, Type: entopic.TypePolicy, Subtype: h.subtype,
						Normalized: unquote(name), Method: entopic.MethodPattern, Confidence: confQuoted,
					})
					break
				}
			}
		case c == '\n':
			open = -1
		}
	}
	return out
}

// dialogues finds named Chinese dialogues and mechanisms: a dialogue head
// with a name before it, after taking off an ordinal (第四次, 首轮), the
// participants (中美) and generic words (元首, 高级别). Summits,
// conferences and forums keep their parties in the name (上合峰会,
// 中意经贸论坛); conferences and forums are dialogues only with parties or
// an international word in the name (not 国务院常务会议, 质量诚信论坛).
func (r Rules) dialogues(d *entopic.Doc, view []rune) []entopic.Mention {
	starts, ends, inside, byEnd := tokenBounds(d, len(view))
	var out []entopic.Mention
	for e := 1; e <= len(view); e++ {
		h, ok := r.dialogueHeadEnding(view, e)
		if !ok {
			continue
		}
		hs := e - utf8.RuneCountInString(h.text)
		if !starts[hs] && !inside[hs] || !ends[e] && e < len(view) && isHan(view[e]) {
			continue // the head is part of a longer word
		}
		if e < len(view) && strings.ContainsRune("了过着", view[e]) {
			continue // 会晤了秘书长: a verb
		}
		ms, talk := r.modifierStart(view, hs, byEnd, d.Tokens, starts, verbHeads[h.text] || h.subtype == "summit")
		if talk {
			continue // 新日铁和浦项制铁协商, 与中方磋商: who talks, no name
		}
		// A name starts where a word starts: 中国致公党 is not 国致公党.
		for ms < hs && !starts[ms] && view[ms] != '“' {
			ms++
		}
		c := r.strip(string(view[ms:hs]), func(off int) bool { return starts[ms+off] || view[ms+off] == '“' })
		name := c.name
		start := hs - utf8.RuneCountInString(name)
		long := utf8.RuneCountInString(h.text) > 2
		switch {
		case name != "" && strings.ContainsRune("与和及同跟", []rune(name)[0]):
			continue // 与村民代表谈判: people talk, no dialogue is named
		case countedTailRE.MatchString(string(view[ms:hs])):
			continue // 20国集团两次峰会, 三个高级别对话: counted, not named
		case r.KB.partyHeads[h.text] && r.KB.isCeremony(name):
			continue // 中俄建交60周年庆祝大会: a ceremony, not talks
		case hasPrefixIn(string(view[e:min(len(view), e+3)]), r.KB.headCompounds):
			continue // 东盟对话伙伴: the head is part of another word
		case r.KB.partyHeads[h.text] && c.partsAt < 0 && !r.holdsParties(name):
			continue // 国务院常务会议, 质量诚信论坛, 国际学术研讨会: no meeting of parties
		case r.KB.partyHeads[h.text] && hs > 0 && r.endsHead(view, hs):
			continue // 中美网络安全工作组会议: a meeting of the working group, which is named
		case r.KB.placeHeads[h.text] && c.partsAt < 0 && !r.isPlace(d, byEnd, start, hs):
			continue // 家居品牌峰会: a summit is named by its parties or its place
		case c.partsAt >= 0 && (r.KB.keepParties[h.subtype] || c.group && r.KB.keepGroups[h.subtype]) &&
			(c.group || r.isName(name) || long):
			// 中意经贸论坛, 上合峰会, 上海合作组织叶卡捷琳堡峰会: the
			// parties are part of the name (not countries' of a summit
			// named otherwise: 中美元首海湖庄园会晤 is 海湖庄园会晤).
			start = ms + c.partsAt
			name = string(view[start:hs])
		case r.isName(name):
			if c.partsAt < 0 && r.oneWord(d, byEnd, start, e, h.subtype) {
				continue // 网络对话, 贸易谈判, 发挥对话机制: a kind of talks or a verb, not a name
			}
		case c.partsAt >= 0 && r.generic(name) && h.subtype != "mechanism" && (name != "" || long || c.group || c.role):
			// 中美战略对话, 8+5对话, 中美元首会晤: generic words, or none
			// before a group or after who meets, name the participants'
			// dialogue, the participants part of the name (not so a
			// mechanism: 中美对话机制 is any of them).
			start = ms + c.partsAt
			name = string(view[start:hs])
		default:
			continue
		}
		parts := c.parts
		if h.subtype == "mechanism" && len(parts) == 0 && !r.KB.cued(name+h.text) {
			continue // 市场机制, 激励机制: no meeting of parties
		}
		if verbHeads[h.text] && len(parts) == 0 && start > 0 && byEnd[start] > 0 &&
			talkedWith[string(view[d.Tokens[byEnd[start]-1].Start:start])] {
			continue // 找欧阳蜂对话, 跟业主协商: talking with someone
		}
		ordinal := c.ordinal
		if o := ordinalEndRE.FindString(name); o != "" && ordinal == 0 {
			ordinal = ordinalValue(o) // 上海合作组织成员国元首理事会第九次会议
		}
		if len(parts) < 2 {
			parts = nil // one group holds the meeting: its parties are not named
		}
		// A session's number before a conference or a forum is part of
		// its name: 第62届世界卫生大会.
		if o := sessionBefore(view, start); o > 0 && (h.subtype == "conference" || h.subtype == "forum") {
			start -= o
			name = string(view[start:hs])
		}
		end := r.joinedName(view, e, starts)
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: start, End: end}, Type: entopic.TypeDialogue, Subtype: h.subtype,
			Normalized: unquote(name + string(view[hs:end])), Method: entopic.MethodRule, Confidence: confDialogue,
			Ordinal: ordinal, Participants: parts,
		})
	}
	return out
}

// endsHead reports whether a dialogue head other than a meeting's ends at
// view[e]: 工作组 before 会议.
func (r Rules) endsHead(view []rune, e int) bool {
	h, ok := r.dialogueHeadEnding(view, e)
	return ok && !r.KB.partyHeads[h.text]
}

// sessionRE matches a session's number at the end of a text: 第62届.
var sessionRE = regexp.MustCompile(`第[0-9一二三四五六七八九十百]+届$`)

// sessionBefore returns the length of a session's number that ends at
// view[s], 0 for none.
func sessionBefore(view []rune, s int) int {
	return utf8.RuneCountInString(sessionRE.FindString(string(view[max(0, s-8):s])))
}

// unquote takes the quotation marks out of a name: “金砖四国”领导人会晤 is
// counted as 金砖四国领导人会晤.
func unquote(name string) string { return strings.NewReplacer("“", "", "”", "").Replace(name) }

// countedTailRE matches a count just before a head: 两次峰会, 三个对话.
var countedTailRE = regexp.MustCompile(`(?:^|[^第0-9一二三四五六七八九十两几多数])[0-9一二三四五六七八九十两几多数]+[个次项场届轮]$`)

// isPlace reports whether view[s:e] is a place name: one or two words
// the segmenter tags as places or proper names (叶卡捷琳堡, 开罗).
func (r Rules) isPlace(d *entopic.Doc, byEnd []int, s, e int) bool {
	n := 0
	for e > s {
		k := byEnd[e]
		if k == 0 {
			return false
		}
		t := d.Tokens[k-1]
		if t.Start < s || !placeTags[t.POS] {
			return false
		}
		e = t.Start
		n++
	}
	return n > 0 && n <= 2
}

// placeTags are the segmenter's tags of places and proper names.
var placeTags = map[string]bool{"ns": true, "nr": true, "nrt": true, "nrfg": true}

// holdsParties reports whether a name holds a meeting's parties anywhere:
// 哥本哈根联合国气候变化会议 holds 联合国.
func (r Rules) holdsParties(name string) bool {
	for i := range name {
		if parts, _, _ := r.partyRun(name[i:]); len(parts) > 0 {
			return true
		}
	}
	return false
}

// commonWords are the segmenter's tags of common words: a noun, a verb or
// an adjective alone before the head of talks says what is talked about,
// not which talks (网络对话, 贸易谈判). A verb alone names no meeting of
// any kind (发挥对话机制作用).
var commonWords = map[string]bool{"n": true, "vn": true, "v": true, "a": true, "an": true, "ad": true, "vd": true, "d": true}

// oneWord reports whether the name of view[s:e], a name and its head of
// the subtype, is one common word that names nothing: for talks and
// dialogues any common word, written apart from the head or with it (贸易
// 谈判 as one word); for other heads a verb apart from it.
func (r Rules) oneWord(d *entopic.Doc, byEnd []int, s, e int, subtype string) bool {
	talks := subtype == "dialogue" || subtype == "talks"
	k := byEnd[e]
	if k == 0 {
		return false
	}
	t := d.Tokens[k-1]
	if t.Start <= s {
		return talks && commonWords[t.POS]
	}
	if k < 2 {
		return false
	}
	prev := d.Tokens[k-2]
	if prev.Start != s || prev.End != t.Start {
		return false
	}
	return talks && commonWords[prev.POS] || prev.POS == "v"
}

// joinedName returns the end of a dialogue's name that goes on after its
// head with 暨 and a second name (中意经贸论坛暨企业家洽谈会: one event
// under two names), or e.
func (r Rules) joinedName(view []rune, e int, starts []bool) int {
	if e >= len(view) || view[e] != '暨' {
		return e
	}
	for f := e + 3; f <= len(view) && f-e <= maxName; f++ {
		if !isHan(view[f-1]) {
			break
		}
		if h, ok := r.dialogueHeadEnding(view, f); ok && f-utf8.RuneCountInString(h.text) > e+1 {
			if f == len(view) || !isHan(view[f]) || starts[f] {
				return f
			}
		}
	}
	return e
}

// dialogueHeadEnding returns the longest dialogue head ending at e.
func (r Rules) dialogueHeadEnding(view []rune, e int) (head, bool) {
	if e == 0 {
		return head{}, false
	}
	// Only the heads ending in this character, longest first.
	for _, h := range r.KB.dialogueByLast[view[e-1]] {
		if n := len(h.runes); n <= e && slices.Equal(view[e-n:e], h.runes) {
			return h, true
		}
	}
	return head{}, false
}

// tokenBounds marks the code point offsets where tokens start and end, and
// those strictly inside a token: gse writes some names with their head as
// one word (热线机制), and a head inside such a word still counts. byEnd
// holds, for each offset, 1 + the index of the token ending there (0 for
// none).
func tokenBounds(d *entopic.Doc, n int) (starts, ends, inside []bool, byEnd []int) {
	starts, ends, inside, byEnd = make([]bool, n+1), make([]bool, n+1), make([]bool, n+1), make([]int, n+1)
	for k, t := range d.Tokens {
		if t.End > n {
			continue
		}
		starts[t.Start], ends[t.End] = true, true
		byEnd[t.End] = k + 1
		for i := t.Start + 1; i < t.End; i++ {
			inside[i] = true
		}
	}
	return starts, ends, inside, byEnd
}

// maxName bounds the length of a name before its head.
const maxName = 24

// modifierStart walks left from a head, word by word, over the words that
// can make its name, and returns where the name can start: it stops at
// punctuation, at the start of the text, at the end of another dialogue's
// head (中美全面经济对话首轮会议 is a round of that dialogue), and before a
// word that ends names (a verb, a particle, a pronoun, a preposition:
// name_stops). Parties are taken whole (上海合作组织 holds 组织, a stop
// word), with a quoted group (“金砖四国”), a dash or a join between two
// of them (中国—东盟, 八国集团同发展中国家), and a short name in brackets
// (上海合作组织(上合组织)成员国). 与, 和 and 及 join parts of one name
// (战略与经济对话) unless what precedes them ends another dialogue, or
// they join something else to a name that starts with its parties
// (签字仪式和中意经贸论坛). Only whole words stop the walk: 上 stops in
// 在会上, not in 上海合作组织.
func (r Rules) modifierStart(view []rune, hs int, byEnd []int, toks []entopic.Token, starts []bool, verbHead bool) (int, bool) {
	p := hs
	afterParty := false
	for p > 0 && hs-p < maxName {
		if s := r.partyEnding(view, p); s >= 0 && (view[s] == '“' || starts[s] && (byEnd[p] > 0 || p == hs)) {
			if afterParty {
				break // 印度“金砖四国”: a member before its group is not in the name
			}
			p, afterParty = s, true
			if p > 1 && strings.ContainsRune(partyJoins, view[p-1]) && view[p-1] != '、' && r.partyBefore(view, p-1) {
				p, afterParty = p-1, false
			}
			continue
		}
		afterParty = false
		if p < hs {
			if _, ok := r.dialogueHeadEnding(view, p); ok {
				break
			}
		}
		if o := bracketBefore(view, p); o > 0 && nameChar(view[o-1]) {
			p = o
			continue
		}
		k := byEnd[p]
		if k == 0 {
			// No word ends here: the head sits inside one (热线机制,
			// 举行会谈), whose part before the head is taken or not as a
			// word of its own.
			ts := p
			for ts > 0 && byEnd[ts] == 0 && nameChar(view[ts-1]) && hs-ts < maxName {
				ts--
			}
			if ts == p || r.KB.isStop(string(view[ts:p])) {
				break
			}
			p = ts
			continue
		}
		t := toks[k-1]
		w := string(view[t.Start:t.End])
		if w == "+" && t.Start > 0 && p < hs && isDigitLike(view[t.Start-1]) && isDigitLike(view[p]) {
			p = t.Start // 8+5对话
			continue
		}
		if strings.ContainsFunc(w, func(c rune) bool { return !nameChar(c) }) {
			break
		}
		if w == "与" || w == "和" || w == "及" || w == "同" || w == "跟" {
			// Between two parties a join is part of the name; before
			// a name that starts with its parties it joins another
			// thing to it.
			right, _, _ := r.partyRun(string(view[t.End:hs]))
			if right != nil || w == "同" || w == "跟" {
				if !r.partyBefore(view, t.Start) || t.End != p {
					return p, verbHead && (w == "同" || w == "跟") && p < hs
				}
				p = t.Start
				continue
			}
			if _, ends := r.dialogueHeadEnding(view, t.Start); ends || t.Start == 0 || byEnd[t.Start] == 0 || p == hs {
				break
			}
			// Before talks, a join between other words than generic
			// ones says who talks: 新日铁和浦项制铁协商 (战略与经济对话
			// is a name).
			lt := toks[byEnd[t.Start]-1]
			left := string(view[lt.Start:t.Start])
			places := lt.POS == "ns" && byEnd[p] < len(toks) && toks[byEnd[p]].POS == "ns" // 华盛顿和伦敦金融峰会
			if verbHead && w != "及" && !r.KB.generic[left] && !strings.ContainsFunc(left, func(c rune) bool { return !nameChar(c) }) &&
				!r.KB.isStop(left) && !places {
				return p, true
			}
			p = t.Start
			continue
		}
		// A verb ends the name unless names are made with it (打击网络犯罪
		// …对话) or it is a head (定期会晤机制): 违背世界卫生大会,
		// 坐下来谈判.
		if t.POS == "v" && !r.KB.nameVerbs[w] && !r.KB.generic[w] {
			if _, head := r.dialogueHeadEnding(view, t.End); !head || t.End != p {
				break
			}
		}
		// An adverb right before the head describes the meeting
		// (特别会议); further left it belongs to the sentence.
		if r.KB.isStop(w) || stopTags[t.POS] && !(t.POS == "d" && p == hs) {
			break
		}
		p = t.Start
	}
	return p, false
}

// partyBefore reports whether a party (a group, a country written out or
// abbreviated) ends at view[e].
func (r Rules) partyBefore(view []rune, e int) bool {
	if r.partyEnding(view, e) >= 0 {
		return true
	}
	for _, k := range []int{2, 1} {
		if e-k >= 0 {
			if _, ok := r.KB.participantsZH[string(view[e-k:e])]; ok {
				return true
			}
		}
	}
	return false
}

// bracketBefore returns where a short name in brackets that ends at
// view[e] opens — (上合组织) — or −1.
func bracketBefore(view []rune, e int) int {
	if e == 0 || view[e-1] != ')' && view[e-1] != '）' {
		return -1
	}
	for s := e - 2; s >= 0 && e-s <= 10; s-- {
		switch {
		case view[s] == '(' || view[s] == '（':
			if s < e-2 {
				return s
			}
			return -1
		case !nameChar(view[s]):
			return -1
		}
	}
	return -1
}

// nameChar reports a character a name can be written with.
func nameChar(c rune) bool {
	return isHan(c) || c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c))
}

// isDigitLike reports a digit or a Chinese numeral.
func isDigitLike(c rune) bool {
	return c >= '0' && c <= '9' || strings.ContainsRune("一二三四五六七八九十", c)
}

// verbHeads are dialogue heads that are verbs too (对话 "to talk"); after a
// word in talkedWith (找, 跟, 同, 向 …) the name before them is who is
// talked with, not a dialogue's.
var (
	verbHeads  = map[string]bool{"对话": true, "谈判": true, "协商": true, "会谈": true, "磋商": true, "沟通": true}
	talkedWith = map[string]bool{"找": true, "与": true, "和": true, "跟": true, "同": true, "向": true, "去": true, "到": true, "请": true}
)

// stopTags are gse's parts of speech that never make part of a name:
// prepositions (作为), pronouns, conjunctions, particles, adverbs,
// interjections, onomatopoeia and idioms (积极参与).
var stopTags = map[string]bool{"p": true, "r": true, "c": true, "u": true, "uj": true, "ul": true, "uz": true,
	"uv": true, "ud": true, "ug": true, "d": true, "y": true, "e": true, "o": true, "i": true}

// numberedOrdinal is an ordinal that says which round: 第四次, 第12届, 首轮.
const numberedOrdinal = `第[0-9一二三四五六七八九十百两]+[次届轮期]|首[次届轮期]`

var (
	ordinalRE = regexp.MustCompile(`^(` + numberedOrdinal + `|新一轮|下一轮|上一轮|本届|本轮)`)
	countRE   = regexp.MustCompile(`^[0-9一二三四五六七八九十两几多数]+[个次项场届轮]`)
)

// candidate is what strip leaves of a name before a head.
type candidate struct {
	name    string   // the name without ordinals, counts, parties and strip words
	ordinal int      // 第四次 → 4
	parts   []string // the parties taken off
	partsAt int      // code point offset where the parties were written, −1 for none
	group   bool     // a group among the parties
	role    bool     // who meets came off after the parties (中美元首)
}

// strip takes off the left of a name candidate what does not belong to the
// name: ordinals (returned as a number), counts, parties (returned, with
// the offset where they were written), and the words of the strip list. It
// repeats until nothing more comes off. Only whole words come off:
// wordStart reports whether a word starts at a code point offset of m.
func (r Rules) strip(m string, wordStart func(int) bool) candidate {
	c := candidate{partsAt: -1}
	off := 0
	// A determiner starts the name's phrase: what is before it belongs
	// to the sentence (探讨下届G20会议), unless it is the parties (中美此次…).
	for i := len(m) - 1; i > 0; i-- {
		if !utf8.RuneStart(m[i]) || !wordStart(utf8.RuneCountInString(m[:i])) {
			continue
		}
		if d := r.prefixIn(r.KB.determiners, m[i:]); d != "" && wordStart(utf8.RuneCountInString(m[:i+len(d)])) {
			if parts, rest, _ := r.partyRun(m[:i]); parts == nil || rest != "" {
				off = utf8.RuneCountInString(m[:i])
				m = m[i:]
			}
			break
		}
	}
	cut := func(prefix string) bool {
		n := utf8.RuneCountInString(prefix)
		if n == 0 || len(prefix) < len(m) && !wordStart(off+n) {
			return false
		}
		if rest := m[len(prefix):]; strings.HasPrefix(rest, "与") || strings.HasPrefix(rest, "和") || strings.HasPrefix(rest, "及") {
			return false // 战略与经济对话: the word is part of the name
		}
		m, off = m[len(prefix):], off+n
		return true
	}
	for {
		if o := ordinalRE.FindString(m); o != "" && cut(o) {
			if v := ordinalValue(o); v > 0 {
				c.ordinal = v
			}
			continue
		}
		if n := countRE.FindString(m); n != "" && cut(n) {
			continue
		}
		at := off
		if p, rest, group := r.partyRun(m); len(p) > 0 && cut(m[:len(m)-len(rest)]) {
			c.parts = appendNew(c.parts, p...)
			c.group = c.group || group
			if c.partsAt < 0 {
				c.partsAt = at
			}
			continue
		}
		if g := r.prefixIn(r.KB.strippable, m); g != "" && cut(g) {
			c.role = c.role || r.KB.roles[g] && c.partsAt >= 0
			continue
		}
		c.name = m
		return c
	}
}

// generic reports whether a name is made of generic words only (or is
// empty): 战略, 高级别经济.
func (r Rules) generic(name string) bool {
	for name != "" {
		g := r.prefixIn(r.KB.generic, name)
		if g == "" {
			return false
		}
		name = name[len(g):]
	}
	return true
}

// hasSuffixIn reports whether s ends with one of words.
func hasSuffixIn(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// hasPrefixIn reports whether s starts with one of words.
func hasPrefixIn(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// prefixIn returns the longest word of words m starts with.
func (r Rules) prefixIn(words map[string]bool, m string) string {
	best := ""
	rs := []rune(m)
	for n := 1; n <= len(rs) && n <= 6; n++ {
		if w := string(rs[:n]); words[w] {
			best = w
		}
	}
	return best
}

// isName reports whether what is left of a modifier names something: two
// characters or more that are not all generic or strip words.
func (r Rules) isName(name string) bool {
	rs := []rune(name)
	if len(rs) < 2 {
		return false
	}
	for len(rs) > 0 {
		g := r.prefixIn(r.KB.generic, string(rs))
		if s := r.prefixIn(r.KB.strippable, string(rs)); len(s) > len(g) {
			g = s
		}
		if g == "" {
			return true
		}
		rs = rs[utf8.RuneCountInString(g):]
	}
	return false
}

// ordinalValue reads the number of 第四次, 首轮, 第12届.
func ordinalValue(o string) int {
	if strings.HasPrefix(o, "首") {
		return 1
	}
	o = strings.TrimPrefix(o, "第")
	rs := []rune(o)
	return chineseNumber(string(rs[:len(rs)-1]))
}

// chineseNumber reads 1–999 written in digits or Chinese numerals.
func chineseNumber(s string) int {
	if s == "" {
		return 0
	}
	if n := 0; strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0 {
		for _, r := range s {
			n = n*10 + int(r-'0')
		}
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, cur := 0, 0
	for _, r := range s {
		switch {
		case digits[r] > 0:
			cur = digits[r]
		case r == '十':
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
		case r == '百':
			n += cur * 100
			cur = 0
		default:
			return 0
		}
	}
	return n + cur
}

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// aliasDef matches a short name defined after a mention: （下称“战略”）,
// (以下简称“公约”), （简称上合组织）.
var aliasDef = regexp.MustCompile(`^[（(](?:以下)?(?:下称|简称|以下称)[“"「]?([^”"」）)，,]{1,12})[”"」]?[）)]`)

// aliases finds short names defined for a mention — （下称“战略”） in
// Chinese, (LECD) after an English name — and their later uses: in quotes,
// in brackets, or starting a clause (战略指出…). Each use is a mention of
// the same document or dialogue.
func (r Rules) aliases(d *entopic.Doc, view []rune, found []entopic.Mention) []entopic.Mention {
	var out []entopic.Mention
	for _, m := range found {
		rest := string(view[m.End:min(len(view), m.End+20)])
		alias := ""
		defEnd := 0
		if g := aliasDef.FindStringSubmatch(rest); g != nil {
			alias = g[1]
			// The short name in its definition is a mention too.
			s := m.End + utf8.RuneCountInString(rest[:strings.Index(rest, alias)])
			out = append(out, aliasMention(m, s, s+utf8.RuneCountInString(alias)))
			defEnd = m.End + utf8.RuneCountInString(g[0])
		} else if g := acronymDef.FindStringSubmatch(rest); g != nil && initialsOf(g[1], string(view[m.Start:m.End])) {
			alias = g[1]
			// The acronym in its parentheses is a mention too.
			s := m.End + utf8.RuneCountInString(rest[:strings.Index(rest, alias)])
			out = append(out, aliasMention(m, s, s+utf8.RuneCountInString(alias)))
			defEnd = m.End + utf8.RuneCountInString(g[0])
		}
		if alias == "" {
			continue
		}
		n := utf8.RuneCountInString(alias)
		for i := defEnd; i+n <= len(view); i++ {
			if string(view[i:i+n]) != alias {
				continue
			}
			if !standsAlone(view, i, i+n) {
				continue
			}
			out = append(out, aliasMention(m, i, i+n))
			i += n - 1
		}
	}
	return out
}

// initialsOf reports whether an acronym is made of the initials of a
// name's words, in order (LECD of Law Enforcement and Cybersecurity
// Dialogue; not AP, a news agency's credit, of Bryant Decision).
func initialsOf(acronym, name string) bool {
	var initials []rune
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		r, _ := utf8.DecodeRuneInString(w)
		initials = append(initials, unicode.ToUpper(r))
	}
	i := 0
	for _, c := range acronym {
		if !unicode.IsLetter(c) {
			continue
		}
		for i < len(initials) && initials[i] != c {
			i++
		}
		if i == len(initials) {
			return false
		}
		i++
	}
	return true
}

// acronymDef matches an acronym in parentheses after an English name.
var acronymDef = regexp.MustCompile(`^\s?\(([A-Z][A-Z0-9&-]{1,9})\)`)

func aliasMention(m entopic.Mention, start, end int) entopic.Mention {
	return entopic.Mention{
		Span: entopic.Span{Start: start, End: end}, Type: m.Type, Subtype: m.Subtype, Normalized: m.Normalized,
		Method: entopic.MethodPattern, Confidence: confAlias, Participants: m.Participants,
	}
}

// standsAlone reports whether view[s:e] is a word of its own: in quotes or
// brackets, or for Han text at the start of a clause and not the start of
// a longer word (战略性); for Latin text between non-letters.
func standsAlone(view []rune, s, e int) bool {
	before, after := rune(0), rune(0)
	if s > 0 {
		before = view[s-1]
	}
	if e < len(view) {
		after = view[e]
	}
	if isHan(view[s]) {
		if strings.ContainsRune("“\"「《『", before) {
			return true
		}
		return (s == 0 || unicode.IsPunct(before) || unicode.IsSpace(before)) && after != '性' && after != '的'
	}
	letter := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return !letter(before) && !letter(after)
}
