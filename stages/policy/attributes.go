package policy

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/entopic/entopic"
)

// Enrich fills the attributes of the POLICY and DIALOGUE mentions of a
// document whose overlaps the entities stage has resolved: short titles
// resolved to full ones, participants shared between the mentions of one
// dialogue, dates and issuers.
func (r Rules) Enrich(d *entopic.Doc) {
	r.dropPeopleTalking(d)
	dropPeopleNamed(d)
	dropInsideWorks(d)
	r.dropInsideNames(d)
	r.enclose(d)
	view := r.Han.Runes([]rune(d.Text))
	r.fullTitles(d)
	for i := range d.Mentions {
		if m := &d.Mentions[i]; m.Type == entopic.TypeDialogue && m.Method == entopic.MethodDictionary {
			r.readBefore(d, view, m)
		}
	}
	r.shareParticipants(d, view)
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Type != entopic.TypePolicy && m.Type != entopic.TypeDialogue {
			continue
		}
		if m.Date == "" {
			m.Date = r.date(d, view, m)
		}
		if m.Type == entopic.TypePolicy && m.Issuer == "" {
			m.Issuer = r.issuer(d, view, i)
		}
	}
}

// dropPeopleTalking drops dialogues named by the people who talk: 胡锦涛与
// 贝卢斯科尼会谈, the Clinton-Yeltsin summit say that people meet, they
// name no dialogue. A name with more than people and joins in it (Camp
// David talks, where a model may read David as a person) stays. Mentions
// are ordered by start, outer first, so the names inside a dialogue follow
// it.
func (r Rules) dropPeopleTalking(d *entopic.Doc) {
	text := []rune(d.Text)
	out := d.Mentions[:0]
	for i, m := range d.Mentions {
		if m.Type == entopic.TypeDialogue {
			rest := slices.Clone(text[m.Start:m.End])
			person := false
			for _, n := range d.Mentions[i+1:] {
				if n.Start >= m.End {
					break
				}
				if n.Type == entopic.TypePerson && n.End <= m.End {
					person = true
					for k := n.Start; k < n.End; k++ {
						rest[k-m.Start] = ' '
					}
				}
			}
			if person && r.onlyHead(string(rest)) {
				continue
			}
		}
		out = append(out, m)
	}
	d.Mentions = out
}

// dropPeopleNamed drops a document or a meeting found by its head (not in
// brackets) that ends with a person's name: the head was read in the
// name (韩亚银行董事长王宪章 holds no charter).
func dropPeopleNamed(d *entopic.Doc) {
	out := d.Mentions[:0]
	for i, m := range d.Mentions {
		drop := false
		if (m.Type == entopic.TypePolicy || m.Type == entopic.TypeDialogue) && !strings.ContainsAny(m.Text, "《》「」“”") {
			for _, n := range d.Mentions[i+1:] {
				if n.Start >= m.End {
					break
				}
				drop = drop || n.Type == entopic.TypePerson && n.End == m.End
			}
		}
		if !drop {
			out = append(out, m)
		}
	}
	d.Mentions = out
}

// dropInsideWorks drops a known document or meeting named inside the
// title of a book or another work in 《》 that is no policy document:
// 《简明刑法教程》 is a textbook, not the criminal law.
func dropInsideWorks(d *entopic.Doc) {
	text := []rune(d.Text)
	d.Mentions = slices.DeleteFunc(d.Mentions, func(m entopic.Mention) bool {
		if m.Method != entopic.MethodDictionary || m.Type != entopic.TypePolicy && m.Type != entopic.TypeDialogue {
			return false
		}
		open := -1
		for i := m.Start - 1; i >= 0 && m.Start-i <= 30; i-- {
			if text[i] == '《' {
				open = i
				break
			}
			if text[i] == '》' || text[i] == '\n' {
				return false
			}
		}
		if open < 0 {
			return false
		}
		for i := m.End; i < len(text) && i-m.End <= 30; i++ {
			if text[i] == '》' {
				return open < m.Start-1 || i > m.End // more than the name in the brackets
			}
			if text[i] == '《' || text[i] == '\n' {
				return false
			}
		}
		return false
	})
}

// dropInsideNames drops a document or a meeting the gazetteer knows that
// is the start of a longer name: 一国两制研究中心 is an institute.
func (r Rules) dropInsideNames(d *entopic.Doc) {
	text := []rune(d.Text)
	d.Mentions = slices.DeleteFunc(d.Mentions, func(m entopic.Mention) bool {
		return m.Method == entopic.MethodDictionary && (m.Type == entopic.TypePolicy || m.Type == entopic.TypeDialogue) &&
			hasPrefixIn(string(text[m.End:min(len(text), m.End+4)]), r.KB.headCompounds)
	})
}

// enclose widens a document's mention to the quotation marks or the
// brackets the text sets its name in (“一国两制”, 《国十一条》): the name as
// written holds them. A short name being defined keeps its own extent
// (（下称“战略”）).
func (r Rules) enclose(d *entopic.Doc) {
	text := []rune(d.Text)
	view := r.Han.Runes(text)
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Type != entopic.TypePolicy || m.Start == 0 || m.End >= len(text) || strings.HasSuffix(string(view[max(0, m.Start-3):m.Start-1]), "称") {
			continue
		}
		open, closing := text[m.Start-1], text[m.End]
		if open == '“' && closing == '”' || open == '《' && closing == '》' || open == '「' && closing == '」' {
			m.Start--
			m.End++
			m.Text = string(text[m.Start:m.End])
		}
	}
}

// onlyHead reports whether what is left of a dialogue's name once its
// people are blanked out is joins and a head: 与会谈, - summit.
func (r Rules) onlyHead(rest string) bool {
	rest = strings.TrimFunc(rest, func(c rune) bool {
		return unicode.IsSpace(c) || strings.ContainsRune("与和及同、-–—－", c)
	})
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "and "), "与")
	rest = strings.TrimSpace(rest)
	if _, ok := r.dialogueHeadEnding([]rune(rest), len([]rune(rest))); ok && utf8.RuneCountInString(rest) <= 4 {
		return true
	}
	for _, h := range r.KB.dialogueEN {
		if strings.EqualFold(rest, h.text) {
			return true
		}
	}
	return false
}

// fullTitles resolves a short title to the full one it abbreviates: a
// policy named 战略 in a document that names 网络空间国际合作战略 is that
// strategy. A short title that ends more than one full title is left alone.
func (r Rules) fullTitles(d *entopic.Doc) {
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Type != entopic.TypePolicy {
			continue
		}
		full := ""
		ambiguous := false
		for _, o := range d.Mentions {
			if o.Type != entopic.TypePolicy || len(o.Normalized) <= len(m.Normalized) || !strings.HasSuffix(o.Normalized, m.Normalized) {
				continue
			}
			switch {
			case full == "" || full == o.Normalized:
				full = o.Normalized
			default:
				ambiguous = true
			}
		}
		if full != "" && !ambiguous {
			m.Normalized = full
		}
	}
}

// ordinalEndRE matches a numbered ordinal at the end of a text (第四次, 首轮).
var ordinalEndRE = regexp.MustCompile(`(` + numberedOrdinal + `)$`)

// readBefore reads the participants and the ordinal written before a
// dialogue the gazetteer found by its name, as the rules do for those they
// find: 第四次中美 before a Chinese name, "the first China-US" before an
// English one.
func (r Rules) readBefore(d *entopic.Doc, view []rune, m *entopic.Mention) {
	if isHan(view[m.Start]) {
		var parts []string
		p := m.Start
		for p > 0 {
			found := false
			for _, k := range []int{2, 1} {
				if p-k < 0 {
					continue
				}
				if c, ok := r.KB.participantsZH[string(view[p-k:p])]; ok {
					parts = append([]string{c}, parts...)
					p -= k
					found = true
					break
				}
			}
			if !found {
				break
			}
		}
		if len(parts) >= 2 && len(m.Participants) == 0 {
			m.Participants = appendNew(nil, parts...)
		} else {
			p = m.Start
		}
		if o := ordinalEndRE.FindString(string(view[max(0, p-6):p])); o != "" && m.Ordinal == 0 {
			m.Ordinal = ordinalValue(o)
			// A session's number is part of a conference's name:
			// 第62届世界卫生大会.
			if n := sessionBefore(view, m.Start); n > 0 && p == m.Start && (m.Subtype == "conference" || m.Subtype == "forum") {
				m.Start -= n
				m.Text = string([]rune(d.Text)[m.Start:m.End])
			}
		}
		return
	}
	words := strings.Fields(string(view[max(0, m.Start-40):m.Start]))
	if len(words) == 0 {
		return
	}
	last := strings.Trim(words[len(words)-1], ",;:(")
	if parts := r.participantsEN(last); len(parts) >= 2 && len(m.Participants) == 0 {
		m.Participants = parts
	}
	for j := len(words) - 1; j >= 0 && j >= len(words)-4 && m.Ordinal == 0; j-- {
		if v, ok := ordinalsEN[strings.ToLower(words[j])]; ok {
			m.Ordinal = v
		}
	}
}

// shareParticipants gives a dialogue mention without participants those of
// another mention of the same dialogue, or of the dialogue it is
// coordinated with (第四次中美…对话和首轮执法及网络安全对话: 中美 holds for
// both).
func (r Rules) shareParticipants(d *entopic.Doc, view []rune) {
	byName := map[string][]string{}
	for _, m := range d.Mentions {
		if m.Type == entopic.TypeDialogue && len(m.Participants) > 0 {
			byName[m.Normalized] = appendNew(byName[m.Normalized], m.Participants...)
		}
	}
	var prev *entopic.Mention
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Type != entopic.TypeDialogue {
			continue
		}
		if len(m.Participants) == 0 {
			if p := byName[m.Normalized]; len(p) > 0 {
				m.Participants = p
			} else if prev != nil && len(prev.Participants) > 0 && coordinated(view, prev.End, m.Start) {
				m.Participants = prev.Participants
			}
		}
		prev = m
	}
}

// coordinated reports whether the text between two mentions only joins
// them: 和, 与, 及, 、, perhaps with an ordinal (和首轮).
func coordinated(view []rune, from, to int) bool {
	if to < from || to-from > 6 {
		return false
	}
	between := string(view[from:to])
	between = ordinalRE.ReplaceAllString(strings.TrimLeft(between, "和与及、"), "")
	between = strings.TrimLeft(between, "和与及、")
	return between == "" && to > from
}

// clause returns the code point range of the clause around a mention: the
// text between the boundaries 。！？；and line breaks, within the mention's
// sentence (which ends English sentences at their full stop too).
func clause(d *entopic.Doc, view []rune, m entopic.Mention) (int, int) {
	lo, hi := 0, len(view)
	if m.Sentence < len(d.Sentences) {
		if sent := d.Sentences[m.Sentence]; sent.Start <= m.Start && m.End <= sent.End {
			lo, hi = sent.Start, sent.End
		}
	}
	s, e := m.Start, m.End
	for s > lo && !strings.ContainsRune("。！？；;\n!?", view[s-1]) {
		s--
	}
	for e < hi && !strings.ContainsRune("。！？；;\n!?", view[e]) {
		e++
	}
	return s, e
}

var (
	monthNames   = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`
	datePatterns = []struct {
		re   *regexp.Regexp
		kind string
	}{
		{regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日`), "ymd"},
		{regexp.MustCompile(`(去年|今年|前年|明年|上年|本年)(\d{1,2})月(\d{1,2})日`), "rel-md"},
		{regexp.MustCompile(`(\d{4})年(\d{1,2})月`), "ym"},
		{regexp.MustCompile(`(去年|今年|前年|明年|上年|本年)(\d{1,2})月`), "rel-m"},
		{regexp.MustCompile(`(\d{1,2})月(\d{1,2})日`), "md"},
		{regexp.MustCompile(`(\d{4})年`), "y"},
		{regexp.MustCompile(`(?:^|[^\d月])(\d{1,2})日`), "d"},
		{regexp.MustCompile(`(去年|今年|前年|明年)`), "rel-y"},
		{regexp.MustCompile(monthNames + `\s+(\d{1,2}),?\s+(\d{4})`), "en-mdy"},
		{regexp.MustCompile(`(\d{1,2})\s+` + monthNames + `,?\s+(\d{4})`), "en-dmy"},
		{regexp.MustCompile(monthNames + `\s+(\d{4})`), "en-my"},
		{regexp.MustCompile(`(?i)(last|this|next)\s+` + monthNames), "en-rel-m"},
		{regexp.MustCompile(monthNames + `\s+(\d{1,2})\b`), "en-md"},
		{regexp.MustCompile(`(?i)\b(?:in|since|by|until)\s+(\d{4})\b`), "en-y"},
		{regexp.MustCompile(`(?i)\b(last|this|next)\s+year\b`), "en-rel-y"},
	}
	relYears = map[string]int{"去年": -1, "上年": -1, "今年": 0, "本年": 0, "前年": -2, "明年": 1, "last": -1, "this": 0, "next": 1}
)

// dateExpr is a date written in a clause: its place and its ISO value
// (YYYY, YYYY-MM or YYYY-MM-DD).
type dateExpr struct {
	start, end int
	value      string
}

// dates returns the dates written in view[from:to], relative ones resolved
// against the publication time (left out when it is unknown).
func dates(view []rune, from, to int, published time.Time) []dateExpr {
	s := string(view[from:to])
	var out []dateExpr
	taken := make([]bool, to-from+1)
	for _, p := range datePatterns {
		for _, g := range p.re.FindAllStringSubmatchIndex(s, -1) {
			lo := g[0]
			if p.kind == "d" {
				lo = g[2] // the character before the day only marks its edge
			}
			start := from + utf8.RuneCountInString(s[:lo])
			end := start + utf8.RuneCountInString(s[lo:g[1]])
			if taken[start-from] || taken[end-from-1] {
				continue
			}
			group := func(i int) string { return s[g[2*i]:g[2*i+1]] }
			v := dateValue(p.kind, group, published)
			if v == "" {
				continue
			}
			for k := start; k < end; k++ {
				taken[k-from] = true
			}
			out = append(out, dateExpr{start, end, v})
		}
	}
	return out
}

// dateValue turns a matched date into ISO form.
func dateValue(kind string, g func(int) string, pub time.Time) string {
	num := func(i int) int { n, _ := strconv.Atoi(g(i)); return n }
	known := !pub.IsZero()
	ym := func(y, m int) string {
		if m < 1 || m > 12 || y < 1900 || y > 2200 {
			return ""
		}
		return strconv.Itoa(y) + "-" + pad(m)
	}
	ymd := func(y, m, d int) string {
		if d < 1 || d > 31 {
			return ""
		}
		if s := ym(y, m); s != "" {
			return s + "-" + pad(d)
		}
		return ""
	}
	switch kind {
	case "ymd":
		return ymd(num(1), num(2), num(3))
	case "ym":
		return ym(num(1), num(2))
	case "y":
		if y := num(1); y >= 1900 && y <= 2200 {
			return g(1)
		}
	case "rel-md":
		if known {
			return ymd(pub.Year()+relYears[g(1)], num(2), num(3))
		}
	case "rel-m":
		if known {
			return ym(pub.Year()+relYears[g(1)], num(2))
		}
	case "rel-y":
		if known {
			return strconv.Itoa(pub.Year() + relYears[g(1)])
		}
	case "d":
		// 外交部1日发布: a day of the month of publication, or of the
		// month before when that day is still to come.
		if known {
			d := num(1)
			t := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC)
			if d > pub.Day() {
				t = t.AddDate(0, -1, 0)
			}
			return ymd(t.Year(), int(t.Month()), d)
		}
	case "md":
		if known {
			return ymd(pub.Year(), num(1), num(2))
		}
	case "en-mdy":
		return ymd(num(3), month(g(1)), num(2))
	case "en-dmy":
		return ymd(num(3), month(g(2)), num(1))
	case "en-my":
		return ym(num(2), month(g(1)))
	case "en-rel-m":
		if known {
			return ym(pub.Year()+relYears[strings.ToLower(g(1))], month(g(2)))
		}
	case "en-md":
		if known {
			return ymd(pub.Year(), month(g(1)), num(2))
		}
	case "en-y":
		return g(1)
	case "en-rel-y":
		if known {
			return strconv.Itoa(pub.Year() + relYears[strings.ToLower(g(1))])
		}
	}
	return ""
}

func month(name string) int {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(name, m) {
			return i + 1
		}
	}
	return 0
}

func pad(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// date returns the date a mention's clause ties to it: the nearest date
// before it, else one right after it (…于2017年3月1日发布).
func (r Rules) date(d *entopic.Doc, view []rune, m *entopic.Mention) string {
	s, e := clause(d, view, *m)
	ds := dates(view, s, e, d.Published)
	best, nearest := "", -1
	for _, x := range ds {
		if x.end <= m.Start && x.end > nearest {
			nearest, best = x.end, x.value
		}
	}
	if best != "" {
		return best
	}
	for _, x := range ds {
		if x.start >= m.End && x.start-m.End <= 12 {
			return x.value
		}
	}
	return ""
}

// issuer returns who issued (or agreed on) the policy of mention i: the
// named actors just before an issuing verb just before the mention (中国出台
// 首部《…》, 外交部和国家互联网信息办公室1日共同发布《…》, 中美达成《…》).
func (r Rules) issuer(d *entopic.Doc, view []rune, i int) string {
	m := d.Mentions[i]
	s, _ := clause(d, view, m)
	verbs := r.KB.issueZH
	english := !isHan(view[m.Start]) && !(m.Start+1 < len(view) && isHan(view[m.Start+1]))
	if english {
		verbs = r.KB.issueEN
	}
	// The verb: ending within a few characters before the mention.
	vs := -1
	for p := m.Start; p >= s && m.Start-p <= 8 && vs < 0; p-- {
		for _, v := range verbs {
			n := utf8.RuneCountInString(v)
			if p-n >= s && string(view[p-n:p]) == v && (!english || p-n == 0 || view[p-n-1] == ' ') {
				vs = p - n
				break
			}
		}
	}
	if vs < 0 {
		return ""
	}
	// The actors: named mentions ending shortly before the verb, joined by
	// 和, 与, 、 or "and".
	var actors []string
	limit := vs
	for k := i - 1; k >= 0; k-- {
		a := d.Mentions[k]
		if a.End > limit {
			continue
		}
		if a.Start < s || limit-a.End > 6 || a.Type == entopic.TypePolicy || a.Type == entopic.TypeDialogue {
			break
		}
		gap := strings.TrimSpace(string(view[a.End:limit]))
		if len(actors) > 0 && gap != "和" && gap != "与" && gap != "、" && gap != "," && gap != "and" && gap != "" {
			break
		}
		// The verb's subject stands in its clause: 青岛举行，各方签署 has
		// no comma between an issuer and its verb.
		if len(actors) == 0 && strings.ContainsFunc(gap, func(r rune) bool { return unicode.IsPunct(r) }) {
			break
		}
		actors = append([]string{a.Normalized}, actors...)
		limit = a.Start
	}
	return strings.Join(expandAbbreviations(actors, r.KB.participantsZH), ", ")
}

// expandAbbreviations writes single-character country abbreviations out
// (中, 美 → 中国, 美国).
func expandAbbreviations(names []string, abbr map[string]string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if full, ok := abbr[n]; ok && utf8.RuneCountInString(n) == 1 {
			n = full
		}
		out = appendNew(out, n)
	}
	return out
}
