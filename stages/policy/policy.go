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
	out = append(out, r.quoted(view)...)
	out = append(out, counted(view)...)
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

// note matches a trailing note on a title: （草案）, (试行), （修订草案）.
var note = regexp.MustCompile(`[（(](草案|试行|修订草案|修订稿|征求意见稿|送审稿|暂行|修正案|\d{4}年[^）)]{0,8})[）)]$`)

func stripNote(title string) string { return strings.TrimSpace(note.ReplaceAllString(title, "")) }

// countedRE matches a set of principles named by their number: 四项原则,
// 五项基本原则.
var countedRE = regexp.MustCompile(`[一二三四五六七八九十两0-9]{1,3}项(?:基本|指导)?原则`)

// counted finds sets of principles named by their number, written without
// quotation marks (和平、主权、共治、普惠四项基本原则). Quoted ones are
// found by quoted, with their quotes.
func counted(view []rune) []entopic.Mention {
	var out []entopic.Mention
	s := string(view)
	for _, g := range countedRE.FindAllStringIndex(s, -1) {
		start := utf8.RuneCountInString(s[:g[0]])
		end := start + utf8.RuneCountInString(s[g[0]:g[1]])
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: start, End: end}, Type: entopic.TypePolicy, Subtype: "principles",
			Method: entopic.MethodPattern, Confidence: confCounted,
		})
	}
	return out
}

// quoted finds policy names in quotation marks: “四项原则”, or a quoted
// name followed by its head: “一带一路”倡议.
func (r Rules) quoted(view []rune) []entopic.Mention {
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
			if n < 2 || n > 20 || strings.ContainsFunc(inner, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }) {
				continue
			}
			if h, ok := r.KB.policyHead(inner); ok && n > utf8.RuneCountInString(h.text) {
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
					end := i + 1 + utf8.RuneCountInString(h.text)
					out = append(out, entopic.Mention{
						Span: entopic.Span{Start: i - n - 1, End: end}, Type: entopic.TypePolicy, Subtype: h.subtype,
						Normalized: inner + h.text, Method: entopic.MethodPattern, Confidence: confQuoted,
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
// participants (中美) and generic words (元首, 高级别).
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
		ms := r.modifierStart(view, hs, byEnd, d.Tokens)
		// A name starts where a word starts: 中国致公党 is not 国致公党.
		for ms < hs && !starts[ms] {
			ms++
		}
		name, ordinal, parts, partsAt := r.strip(string(view[ms:hs]), func(off int) bool { return starts[ms+off] })
		start := hs - utf8.RuneCountInString(name)
		switch {
		case name != "" && strings.ContainsRune("与和及同跟", []rune(name)[0]):
			continue // 与村民代表谈判: people talk, no dialogue is named
		case r.isName(name):
		case partsAt >= 0 && r.generic(name) && h.subtype != "mechanism" && (name != "" || utf8.RuneCountInString(h.text) > 2):
			// 中美战略对话: generic words name the participants'
			// dialogue, the participants part of the name (not so a
			// mechanism: 中美对话机制 is any of them).
			start = ms + partsAt
			name = string(view[start:hs])
		default:
			continue
		}
		if h.subtype == "mechanism" && len(parts) == 0 && !r.KB.cued(name+h.text) {
			continue // 市场机制, 激励机制: no meeting of parties
		}
		if verbHeads[h.text] && len(parts) == 0 && start > 0 && byEnd[start] > 0 &&
			talkedWith[string(view[d.Tokens[byEnd[start]-1].Start:start])] {
			continue // 找欧阳蜂对话, 跟业主协商: talking with someone
		}
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: start, End: e}, Type: entopic.TypeDialogue, Subtype: h.subtype,
			Normalized: name + h.text, Method: entopic.MethodRule, Confidence: confDialogue,
			Ordinal: ordinal, Participants: parts,
		})
	}
	return out
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
// punctuation, at the start of the text, and before a word that ends names
// (a verb, a particle, a pronoun, a preposition: name_stops). 与, 和 and 及
// join parts of one name (战略与经济对话) unless what precedes them ends
// another dialogue. Only whole words stop the walk: 上 stops in 在会上,
// not in 上海合作组织.
func (r Rules) modifierStart(view []rune, hs int, byEnd []int, toks []entopic.Token) int {
	nameChar := func(c rune) bool { return isHan(c) || c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c)) }
	p := hs
	for p > 0 && hs-p < maxName {
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
		if strings.ContainsFunc(w, func(c rune) bool { return !nameChar(c) }) {
			break
		}
		if w == "与" || w == "和" || w == "及" {
			if _, ends := r.dialogueHeadEnding(view, t.Start); ends || t.Start == 0 || byEnd[t.Start] == 0 || p == hs {
				break
			}
			p = t.Start
			continue
		}
		if r.KB.isStop(w) || stopTags[t.POS] {
			break
		}
		p = t.Start
	}
	return p
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
// interjections and onomatopoeia.
var stopTags = map[string]bool{"p": true, "r": true, "c": true, "u": true, "uj": true, "ul": true, "uz": true,
	"uv": true, "ud": true, "ug": true, "d": true, "y": true, "e": true, "o": true}

// numberedOrdinal is an ordinal that says which round: 第四次, 第12届, 首轮.
const numberedOrdinal = `第[0-9一二三四五六七八九十百两]+[次届轮期]|首[次届轮期]`

var (
	ordinalRE = regexp.MustCompile(`^(` + numberedOrdinal + `|新一轮|下一轮|上一轮|本届|本轮)`)
	countRE   = regexp.MustCompile(`^[0-9一二三四五六七八九十两几多数]+[个次项场届轮]`)
)

// strip takes off the left of a name candidate what does not belong to the
// name: ordinals (returned as a number), counts, participants (returned,
// with the offset where they were written, or −1), and the words of the
// strip list. It repeats until nothing more comes off. Only whole words
// come off: wordStart reports whether a word starts at a code point offset
// of m.
func (r Rules) strip(m string, wordStart func(int) bool) (name string, ordinal int, parts []string, partsAt int) {
	off := 0
	partsAt = -1
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
				ordinal = v
			}
			continue
		}
		if c := countRE.FindString(m); c != "" && cut(c) {
			continue
		}
		at := off
		if p, rest := r.participantRun(m); len(p) > 0 && cut(m[:len(m)-len(rest)]) {
			parts = appendNew(parts, p...)
			if partsAt < 0 {
				partsAt = at
			}
			continue
		}
		if g := r.prefixIn(r.KB.strippable, m); g != "" && cut(g) {
			continue
		}
		return m, ordinal, parts, partsAt
	}
}

// participantRun reads a run of two or more country abbreviations at the
// start of m (中美, 中美俄) and returns the countries and the rest.
func (r Rules) participantRun(m string) ([]string, string) {
	var parts []string
	rest := m
	for rest != "" {
		found := false
		for _, k := range []int{2, 1} {
			if utf8.RuneCountInString(rest) < k {
				continue
			}
			key := string([]rune(rest)[:k])
			if c, ok := r.KB.participantsZH[key]; ok {
				parts = append(parts, c)
				rest = string([]rune(rest)[k:])
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	if len(parts) < 2 {
		return nil, m
	}
	return parts, rest
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
		} else if g := acronymDef.FindStringSubmatch(rest); g != nil {
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
