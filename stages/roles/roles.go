// Package roles says who the people of a document are: the role and the
// affiliation the text gives each person it names.
//
// In: Doc.Text, Doc.Tokens and the entities stage's resolved Doc.Mentions.
// Out: Role and Affiliation of PERSON mentions, normalized where the
// affiliation is a known name (美 → 美国, Chinese → China); in English, a
// person the model missed or took in with a title ("Minister of Public
// Security Guo Shengkun" read as one organization) becomes a PERSON
// mention of its own.
//
// Chinese writes the affiliation and the title before the name:
// 复旦大学国际问题研究院教授张家栋 (affiliation 复旦大学国际问题研究院, role
// 教授), 中国国家主席习近平, 网络技术专家金波 (role 网络技术专家: a field, not
// an organization). English writes titles before the name ("US Attorney
// General Jefferson B. Sessions") or in an apposition after it ("Tang Lan,
// deputy director of the Institute of …"). The titles, their prefixes and
// the words that end organizations are data: models/data/roles.yaml.
package roles

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/stages/entities"
	"github.com/entopic/entopic/stages/lang"
)

// Rules fills roles and affiliations. It is read-only after Parse and safe
// for concurrent use.
type Rules struct {
	han          *hanzi.Converter
	zhTitles     []string // longest first
	titles       map[string]bool
	kinds        map[string]string // base title (English lowercased) → person subtype
	kindTitles   []string          // the keys of kinds, longest first
	zhPrefixes   []string          // longest first
	descriptive  map[string]bool
	orgSuffixes  []string
	enTitles     [][]string // words, longest first
	enPrefixes   map[string]bool
	enCountries  map[string]string
	maxEnCountry int // words in the longest country name
}

type source struct {
	ZH struct {
		Titles      []string `yaml:"titles"`
		Prefixes    []string `yaml:"prefixes"`
		Descriptive []string `yaml:"descriptive"`
		Officials   []string `yaml:"officials"`
		Experts     []string `yaml:"experts"`
		OrgSuffixes []string `yaml:"org_suffixes"`
	} `yaml:"zh"`
	EN struct {
		Titles    []string          `yaml:"titles"`
		Officials []string          `yaml:"officials"`
		Experts   []string          `yaml:"experts"`
		Prefixes  []string          `yaml:"prefixes"`
		Countries map[string]string `yaml:"countries"`
	} `yaml:"en"`
}

// Parse reads the role tables (models/data/roles.yaml). han, when not nil,
// lets the Chinese rules read traditional text.
func Parse(src []byte, han *hanzi.Converter) (*Rules, error) {
	var s source
	if err := yaml.UnmarshalWithOptions(src, &s, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("roles: %s", yaml.FormatError(err, false, false))
	}
	if len(s.ZH.Titles) == 0 || len(s.EN.Titles) == 0 {
		return nil, fmt.Errorf("roles: zh and en titles are needed")
	}
	r := &Rules{
		han: han, zhTitles: byLength(s.ZH.Titles), zhPrefixes: byLength(s.ZH.Prefixes),
		descriptive: map[string]bool{}, orgSuffixes: s.ZH.OrgSuffixes,
		enPrefixes: map[string]bool{}, enCountries: map[string]string{},
	}
	r.kinds = map[string]string{}
	for kind, lists := range map[string][][]string{"official": {s.ZH.Officials, s.EN.Officials}, "expert": {s.ZH.Experts, s.EN.Experts}} {
		for _, list := range lists {
			for _, t := range list {
				r.kinds[strings.ToLower(t)] = kind
			}
		}
	}
	for t := range r.kinds {
		r.kindTitles = append(r.kindTitles, t)
	}
	slices.SortFunc(r.kindTitles, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	r.titles = map[string]bool{}
	for _, t := range s.ZH.Titles {
		r.titles[t] = true
	}
	for _, t := range s.ZH.Descriptive {
		r.descriptive[t] = true
	}
	for _, t := range s.EN.Titles {
		r.enTitles = append(r.enTitles, strings.Fields(strings.ToLower(t)))
	}
	slices.SortStableFunc(r.enTitles, func(a, b []string) int { return len(b) - len(a) })
	for _, p := range s.EN.Prefixes {
		r.enPrefixes[strings.ToLower(p)] = true
	}
	for k, v := range s.EN.Countries {
		r.enCountries[k] = v
		r.maxEnCountry = max(r.maxEnCountry, len(strings.Fields(k)))
	}
	return r, nil
}

func byLength(ws []string) []string {
	out := slices.Clone(ws)
	slices.SortStableFunc(out, func(a, b string) int { return utf8.RuneCountInString(b) - utf8.RuneCountInString(a) })
	return out
}

// Enrich implements the entities stage's Enricher.
func (r *Rules) Enrich(d *entopic.Doc) {
	if len(d.Mentions) == 0 && len(d.Tokens) == 0 {
		return
	}
	text := []rune(d.Text)
	view := text
	if r.han != nil {
		view = r.han.Runes(text)
	}
	// English titles name people in English text only: in a German
	// page "Premier Solution Partner" is no premier.
	if d.Lang != lang.Other {
		r.englishTitled(d, text, indexNames(d.Mentions, len(text)))
	}
	x := indexNames(d.Mentions, len(text))
	var orgs []entopic.Span // affiliations read by their last word
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Type != entopic.TypePerson || m.Role != "" {
			continue
		}
		if isHan(view[m.Start]) {
			var org entopic.Span
			m.Role, m.Affiliation, org = r.chinese(d, x, text, view, m.Start)
			if m.Role == "" {
				m.Role = r.titleAfter(d, text, view, m.End)
			}
			if org.End > org.Start {
				orgs = append(orgs, org)
			}
		} else {
			m.Role, m.Affiliation = r.apposition(d, x, text, *m)
		}
	}
	for i := range d.Mentions {
		if m := &d.Mentions[i]; m.Type == entopic.TypePerson && m.Role != "" && m.Subtype == "" {
			m.Subtype = r.kind(m.Role)
		}
	}
	if len(orgs) > 0 {
		d.Mentions = wholeOrganizations(d, orgs, text)
	}
}

// wholeOrganizations makes each affiliation read by its last word one
// organization mention in place of the parts the model found
// (复旦大学 of 复旦大学国际问题研究院, 社会发展研究所 of 现代国际关系研究院信息与
// 社会发展研究所), unless a mention crosses its edge.
func wholeOrganizations(d *entopic.Doc, orgs []entopic.Span, text []rune) []entopic.Mention {
	ms := d.Mentions
	// Which mention covers each code point (names do not overlap; a
	// document or meeting makes an organization there impossible).
	owner := make([]int, len(text)+1)
	for i, m := range ms {
		for p := m.Start; p < m.End && p < len(owner); p++ {
			if m.Type == entopic.TypePolicy || m.Type == entopic.TypeDialogue {
				owner[p] = -1
			} else if owner[p] == 0 {
				owner[p] = i + 1
			}
		}
	}
	inside := make([]bool, len(text)+1) // code points of accepted organizations
	var added []entopic.Mention
	for _, o := range orgs {
		clean := !inside[o.Start]
		for p := o.Start; p < o.End && clean; p++ {
			switch k := owner[p]; {
			case k < 0:
				clean = false
			case k > 0:
				m := ms[k-1]
				clean = m.Start >= o.Start && m.End <= o.End && (m.Type == entopic.TypeOrg || m.Type == entopic.TypeLoc)
			}
		}
		if !clean {
			continue
		}
		for p := o.Start; p < o.End; p++ {
			inside[p] = true
		}
		name := string(text[o.Start:o.End])
		added = append(added, entopic.Mention{Span: o, Type: entopic.TypeOrg, Subtype: entities.OrgSubtype(name), Text: name,
			Normalized: name, Method: entopic.MethodRule, Confidence: 0.7, Sentence: d.SentenceAt(o.Start)})
	}
	if len(added) == 0 {
		return ms
	}
	out := ms[:0:0]
	for _, m := range ms {
		if !(inside[m.Start] && m.Type != entopic.TypePolicy && m.Type != entopic.TypeDialogue) {
			out = append(out, m)
		}
	}
	out = append(out, added...)
	slices.SortStableFunc(out, func(a, b entopic.Mention) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	return out
}

// kind tells an official or an expert by their role's last title: 副部长
// and "Acting Secretary of Homeland Security" are officials, 教授 an expert.
func (r *Rules) kind(role string) string {
	role = strings.ToLower(r.han.String(role))
	if k, ok := r.kinds[role]; ok {
		return k
	}
	for _, t := range r.kindTitles {
		// The title ends the role in Chinese (国家主席); in English it
		// is one of its words (Secretary of Homeland Security).
		if strings.HasSuffix(role, t) && !isASCII(t) || strings.Contains(" "+role+" ", " "+t+" ") {
			return r.kinds[t]
		}
	}
	return ""
}

// names indexes the name mentions (PERSON, ORG, LOC, MISC) of a document by
// position: within their layer they do not overlap, so each code point is
// covered by at most one, and the rules look one up in constant time however
// many the document holds.
type names struct {
	ms []entopic.Mention
	at []int32 // per code point: 1 + index into ms of the name covering it, or 0
}

func indexNames(ms []entopic.Mention, n int) *names {
	x := &names{ms: ms, at: make([]int32, n+1)}
	for i, m := range ms {
		if m.Type == entopic.TypePolicy || m.Type == entopic.TypeDialogue || m.End > n {
			continue
		}
		for p := m.Start; p < m.End; p++ {
			x.at[p] = int32(i + 1)
		}
	}
	return x
}

// covering returns the name mention covering code point p.
func (x *names) covering(p int) (entopic.Mention, bool) {
	if p < 0 || p >= len(x.at) || x.at[p] == 0 {
		return entopic.Mention{}, false
	}
	return x.ms[x.at[p]-1], true
}

// place returns the organization or place mention covering p.
func (x *names) place(p int) (entopic.Mention, bool) {
	m, ok := x.covering(p)
	return m, ok && (m.Type == entopic.TypeOrg || m.Type == entopic.TypeLoc)
}

// chinese reads the title and the affiliation written before a name that
// starts at start.
func (r *Rules) chinese(d *entopic.Doc, x *names, text, view []rune, start int) (role, affiliation string, org entopic.Span) {
	ts := r.titleEnding(view, start)
	if ts == start {
		return "", "", org
	}
	role = string(text[ts:start])
	as := r.affiliationStart(d, x, view, ts)
	if as == ts {
		return role, "", org
	}
	aff := string(view[as:ts])
	if m, ok := x.place(as); ok && m.Start == as && m.End == ts {
		return role, m.Normalized, org
	}
	if r.isOrganization(x, aff, as, ts) {
		if m, ok := x.place(ts - 1); !ok || m.End != ts {
			org = entopic.Span{Start: as, End: ts} // read by its last word
		}
		return role, string(text[as:ts]), org
	}
	if r.descriptive[r.baseTitle(view, start)] {
		// 网络技术专家: the words before say what the expert knows.
		return string(text[as:start]), "", org
	}
	return role, "", org
}

// titleAfter returns a title written as the word right after a name
// (习近平主席出席, 王毅外长表示), or "".
func (r *Rules) titleAfter(d *entopic.Doc, text, view []rune, end int) string {
	k, found := slices.BinarySearchFunc(d.Tokens, end, func(t entopic.Token, p int) int { return t.Start - p })
	if !found {
		return ""
	}
	t := d.Tokens[k]
	if t.End > len(view) || !r.titles[string(view[t.Start:t.End])] {
		return ""
	}
	return string(text[t.Start:t.End])
}

// titleEnding returns where the title (its prefixes included) that ends at
// end starts; end when there is none.
func (r *Rules) titleEnding(view []rune, end int) int {
	p := end - r.longestEnding(r.zhTitles, view, end)
	if p == end {
		return end
	}
	for {
		if pre := r.longestEnding(r.zhPrefixes, view, p); pre > 0 {
			p -= pre
			continue
		}
		// Titles joined: 国务委员兼外长, 教授、博士生导师.
		if p > 0 && (view[p-1] == '兼' || view[p-1] == '、') {
			if t := r.longestEnding(r.zhTitles, view, p-1); t > 0 {
				p -= 1 + t
				continue
			}
		}
		return p
	}
}

// longestEnding returns the length of the first of words (longest first)
// that ends at end, or 0.
func (r *Rules) longestEnding(words []string, view []rune, end int) int {
	for _, w := range words {
		if endsWith(view, end, w) {
			return utf8.RuneCountInString(w)
		}
	}
	return 0
}

// baseTitle returns the title without its prefixes that ends at end.
func (r *Rules) baseTitle(view []rune, end int) string {
	return string(view[end-r.longestEnding(r.zhTitles, view, end) : end])
}

func endsWith(view []rune, end int, s string) bool {
	n := utf8.RuneCountInString(s)
	return n <= end && string(view[end-n:end]) == s
}

// nounTags are gse's parts of speech that can make an organization's name:
// nouns, names, abbreviations, verbal and adjectival nouns, time words
// (现代), and Latin words.
var nounTags = map[string]bool{
	"n": true, "nr": true, "nrt": true, "nrfg": true, "ns": true, "nt": true, "nz": true, "ng": true, "nx": true,
	"j": true, "vn": true, "an": true, "t": true, "eng": true, "l": true, "i": true, "b": true,
}

// affiliationStart walks left from the title at ts over the words that
// can make an organization's name, and returns where they start: 与, 和 and
// 及 join two nouns (信息与社会发展研究所); anything else ends the walk.
func (r *Rules) affiliationStart(d *entopic.Doc, x *names, view []rune, ts int) int {
	k := tokenEndingAt(d.Tokens, ts)
	if k < 0 {
		return ts
	}
	start := ts
	for ; k >= 0; k-- {
		t := d.Tokens[k]
		if t.End != start || ts-t.Start > 30 {
			break
		}
		if m, ok := x.covering(t.Start); ok && m.Type == entopic.TypePerson {
			break
		}
		w := string(view[t.Start:t.End])
		if strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			break
		}
		if strings.HasSuffix(w, "电") && (w == "日电" || t.Start > 0 && view[t.Start-1] == '日') {
			break // the end of a dateline: 新华社北京4月20日电解放军总参谋部…
		}
		if (w == "与" || w == "和" || w == "及") && k > 0 && nounTags[d.Tokens[k-1].POS] && start < ts {
			start = t.Start
			continue
		}
		if m, ok := x.place(t.Start); !nounTags[t.POS] && !(ok && t.End <= m.End) {
			break
		}
		start = t.Start
	}
	// A joining word cannot start the name.
	for start < ts && strings.ContainsRune("与和及", view[start]) {
		start++
	}
	return start
}

// tokenEndingAt returns the index of the token that ends at p, or -1.
func tokenEndingAt(toks []entopic.Token, p int) int {
	i, _ := slices.BinarySearchFunc(toks, p, func(t entopic.Token, p int) int { return t.End - p })
	if i < len(toks) && toks[i].End == p {
		return i
	}
	return -1
}

// isOrganization reports whether view[as:ts], the words before a title,
// name an organization or a country: it ends with an organization or place
// mention, or with a word organizations end with.
func (r *Rules) isOrganization(x *names, aff string, as, ts int) bool {
	if m, ok := x.place(ts - 1); ok && m.End == ts && m.Start >= as {
		return true
	}
	for _, s := range r.orgSuffixes {
		if strings.HasSuffix(aff, s) && utf8.RuneCountInString(aff) > utf8.RuneCountInString(s) {
			return true
		}
	}
	return false
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// A titled name found in English text: title tokens [title, name), name
// tokens [name, end).
type titled struct {
	title, name, end int
	affiliation      string
}

// englishTitled finds names after capitalised titles in English sentences
// ("Chinese State Councilor and Minister of Public Security Guo
// Shengkun", "President Xi Jinping") and makes each a PERSON mention with
// its role and affiliation, in place of the names the model read across
// the title.
func (r *Rules) englishTitled(d *entopic.Doc, text []rune, x *names) {
	var found []entopic.Mention
	var from []int // where each found mention's title starts
	for _, s := range d.Sentences {
		toks := d.SentenceTokens(s)
		if len(toks) == 0 || hasHan(text[s.Start:s.End]) {
			continue
		}
		for i := 0; i < len(toks); i++ {
			t, ok := r.titledAt(x, toks, i)
			if !ok {
				continue
			}
			span := entopic.Span{Start: toks[t.name].Start, End: toks[t.end-1].End}
			found = append(found, entopic.Mention{
				Span: span, Type: entopic.TypePerson, Text: string(text[span.Start:span.End]),
				Normalized: string(text[span.Start:span.End]), Method: entopic.MethodRule, Confidence: 0.85,
				Role:        string(text[toks[t.title].Start:toks[t.name-1].End]),
				Affiliation: t.affiliation,
			})
			from = append(from, toks[t.title].Start)
			i = t.end - 1
		}
	}
	if len(found) == 0 {
		return
	}
	// The names read across a title and its name go; documents and
	// meetings stay. taken[p+1] counts the code points before p that a
	// title or a titled name holds.
	taken := make([]int, len(text)+1)
	for k, f := range found {
		for p := from[k]; p < f.End; p++ {
			taken[p+1] = 1
		}
	}
	for p := 1; p <= len(text); p++ {
		taken[p] += taken[p-1]
	}
	out := d.Mentions[:0:0]
	for _, m := range d.Mentions {
		if m.Type == entopic.TypePolicy || m.Type == entopic.TypeDialogue || m.End > len(text) || taken[m.End] == taken[m.Start] {
			out = append(out, m)
		}
	}
	for _, f := range found {
		f.Sentence = d.SentenceAt(f.Start)
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b entopic.Mention) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	d.Mentions = out
}

// titledAt reads a title starting at toks[i] and the name after it.
func (r *Rules) titledAt(x *names, toks []entopic.Token, i int) (titled, bool) {
	j, ok := r.titleChain(toks, i, true)
	if m, named := x.covering(toks[i].Start); !ok || j >= len(toks) || named && m.Type == entopic.TypePerson {
		// A title word the model reads as part of a name is a name
		// (Dean Jones, King Ace).
		return titled{}, false
	}
	// The capitalised words after the title: the office's domain ("of
	// Homeland Security") and the name, or the name alone.
	k := j
	domain := false
	if low := strings.ToLower(toks[k].Text); (low == "of" || low == "for") && k+1 < len(toks) {
		domain = true
		k++
	}
	run := k
	for run < len(toks) && !r.isCountryWord(toks[run].Text) {
		w := toks[run].Text
		if w == "." && run > k && isInitial(toks[run-1].Text) && toks[run].Start == toks[run-1].End {
			run++ // the period of an initial cut off by the tokenizer
			continue
		}
		if particles[w] && run > k && run+1 < len(toks) && capitalised(toks[run+1].Text) {
			run++ // Jean van Boxmeer
			continue
		}
		if !capitalised(w) {
			break
		}
		run++
	}
	if run == k {
		return titled{}, false
	}
	name := k
	switch {
	case domain:
		name = r.nameInRun(x, toks, k, run)
		if name <= k {
			return titled{}, false
		}
	case run-k > 4:
		return titled{}, false
	}
	// The model's person name that starts where the rule's does and
	// runs on further knows the name's end better than capital letters:
	// Kengo wa Dondo, Zine al-Abidine Ben Ali.
	if m, ok := x.covering(toks[name].Start); ok && m.Type == entopic.TypePerson && m.Start == toks[name].Start && m.End > toks[run-1].End {
		for e := run; e < len(toks) && e < run+3; e++ {
			if toks[e].End == m.End {
				run = e + 1
				break
			}
		}
	}
	if !plausibleName(toks[name:run]) {
		return titled{}, false
	}
	return titled{title: i, name: name, end: run, affiliation: r.affiliationBefore(x, toks, i)}, true
}

// titleChain reads prefixes and a title at toks[i] ("Acting Secretary"),
// and further titles joined by "and" ("State Councilor and Minister"). In
// capitalised mode every word must be capitalised. It returns the index
// after the last title word.
func (r *Rules) titleChain(toks []entopic.Token, i int, capital bool) (int, bool) {
	j := i
	for j < len(toks) && r.enPrefixes[strings.ToLower(toks[j].Text)] && (!capital || capitalised(toks[j].Text)) {
		j++
	}
	n := r.titleAt(toks, j, capital)
	if n == 0 {
		return i, false
	}
	j += n
	// "State Councilor and Minister …": another title after "and".
	if j+1 < len(toks) && toks[j].Text == "and" {
		if e, ok := r.titleChain(toks, j+1, capital); ok {
			j = e
		}
	}
	return j, true
}

// titleAt returns the number of words of the longest title at toks[j].
func (r *Rules) titleAt(toks []entopic.Token, j int, capital bool) int {
	for _, t := range r.enTitles {
		if j+len(t) > len(toks) {
			continue
		}
		ok := true
		for k, w := range t {
			tw := toks[j+k].Text
			if strings.ToLower(tw) != w || capital && !capitalised(tw) && w != "of" {
				ok = false
				break
			}
		}
		if ok {
			return len(t)
		}
	}
	return 0
}

// nameInRun splits a run of capitalised words after "Secretary of" into
// the office's domain and the name: the person mention the model found at
// the end of the run, else the last two words (three with an initial).
func (r *Rules) nameInRun(x *names, toks []entopic.Token, k, run int) int {
	if m, ok := x.covering(toks[run-1].End - 1); ok && m.Type == entopic.TypePerson && m.End == toks[run-1].End && m.Start > toks[k].Start {
		for n := k + 1; n < run; n++ {
			if toks[n].Start == m.Start {
				return n
			}
		}
	}
	n := run - 2
	for n > k+1 && (isInitial(toks[n].Text) || toks[n].Text == ".") {
		n--
	}
	return n
}

// affiliationBefore reads a country word ("Chinese", "US") or an
// organization mention right before a title.
func (r *Rules) affiliationBefore(x *names, toks []entopic.Token, i int) string {
	for n := min(r.maxEnCountry, i); n >= 1; n-- {
		var ws []string
		for _, t := range toks[i-n : i] {
			ws = append(ws, t.Text)
		}
		if c, ok := r.enCountries[strings.Join(ws, " ")]; ok {
			return c
		}
	}
	if i > 0 {
		if m, ok := x.place(toks[i-1].End - 1); ok && m.End == toks[i-1].End {
			return m.Normalized
		}
	}
	return ""
}

func (r *Rules) isCountryWord(w string) bool {
	_, ok := r.enCountries[w]
	return ok
}

// apposition reads a role and affiliation written after an English name:
// "Tang Lan, deputy director of the Institute of …", "Zhang Jiadong, a
// professor at Fudan University".
func (r *Rules) apposition(d *entopic.Doc, x *names, text []rune, m entopic.Mention) (role, affiliation string) {
	s := d.Sentences[min(m.Sentence, len(d.Sentences)-1)]
	toks := d.SentenceTokens(s)
	k, _ := slices.BinarySearchFunc(toks, m.End, func(t entopic.Token, p int) int { return t.Start - p })
	if k >= len(toks) || toks[k].Text != "," {
		return "", ""
	}
	k++
	if k < len(toks) {
		switch strings.ToLower(toks[k].Text) {
		case "a", "an", "the":
			k++
		}
	}
	e, ok := r.titleChain(toks, k, false)
	if !ok {
		return "", ""
	}
	role = string(text[toks[k].Start:toks[e-1].End])
	if e+1 < len(toks) {
		switch strings.ToLower(toks[e].Text) {
		case "of", "at", "with", "for", "from":
			return role, r.orgPhrase(x, text, toks, e+1)
		}
	}
	// "… , Chinese foreign ministry spokesman": a country before the title.
	return role, ""
}

// orgPhrase reads a capitalised organization name starting at toks[k]
// (after "the"), its words joined by of, and, for, on, at and &.
func (r *Rules) orgPhrase(x *names, text []rune, toks []entopic.Token, k int) string {
	if k < len(toks) && strings.ToLower(toks[k].Text) == "the" {
		k++
	}
	e := k
	for j := k; j < len(toks); j++ {
		w := toks[j].Text
		if capitalised(w) {
			e = j + 1
			continue
		}
		switch w {
		case "of", "and", "for", "on", "at", "&", "the":
			continue
		}
		break
	}
	if e == k {
		return ""
	}
	span := entopic.Span{Start: toks[k].Start, End: toks[e-1].End}
	if m, ok := x.place(span.Start); ok && m.Span == span {
		return m.Normalized
	}
	return string(text[span.Start:span.End])
}

// capitalised reports a word that starts with a capital letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isInitial reports an initial: "B." or "B" (whose period the tokenizer
// may cut off).
func isInitial(w string) bool {
	rs := []rune(w)
	return len(rs) == 1 && unicode.IsUpper(rs[0]) || len(rs) == 2 && unicode.IsUpper(rs[0]) && rs[1] == '.'
}

// particles are lowercase words inside names.
var particles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "da": true, "di": true,
	"del": true, "la": true, "le": true, "bin": true, "ibn": true, "al": true, "el": true}

// notNames are capitalised words that do not start or make a person's name
// after a title.
var notNames = map[string]bool{
	"The": true, "A": true, "An": true, "On": true, "In": true, "At": true, "And": true, "Of": true, "For": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true,
	"Sunday": true, "January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
}

func plausibleName(toks []entopic.Token) bool {
	if len(toks) == 0 || len(toks) > 5 || isInitial(toks[len(toks)-1].Text) || toks[len(toks)-1].Text == "." {
		return false
	}
	for _, t := range toks {
		if notNames[t.Text] || strings.ToUpper(t.Text) == t.Text && len(t.Text) > 2 && t.Text != "." {
			return false // a weekday, a month, an acronym
		}
	}
	return true
}

func hasHan(rs []rune) bool { return slices.ContainsFunc(rs, isHan) }

func isASCII(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r > unicode.MaxASCII })
}
