package entities

import (
	"bufio"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/internal/ahocorasick"
)

// Entry is a named thing of a gazetteer: models/data/entities.tsv, or a
// user's file given with --gazetteer.
type Entry struct {
	Type       string   `yaml:"type"`
	Subtype    string   `yaml:"subtype"`
	Name       string   `yaml:"name"`
	Aliases    []string `yaml:"aliases"`
	Normalized string   `yaml:"normalized"`
}

// knownTypes are the types a gazetteer entry may have.
var knownTypes = []string{entopic.TypePerson, entopic.TypeOrg, entopic.TypeLoc, entopic.TypePolicy,
	entopic.TypeDialogue, entopic.TypeMisc}

// ParseGazetteer reads gazetteer entries, in YAML (a list of mappings with
// type, subtype, name, aliases, normalized) when yamlFormat is set, else
// in the tab-separated format of models/data/entities.tsv. A malformed
// entry is refused with its line and the reason.
func ParseGazetteer(src []byte, yamlFormat bool) ([]Entry, error) {
	if yamlFormat {
		return parseGazetteerYAML(src)
	}
	var out []Entry
	sc := bufio.NewScanner(strings.NewReader(string(src)))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 || len(f) > 5 {
			return nil, fmt.Errorf("gazetteer: line %d: want type, subtype, name, aliases, normalized separated by tabs, got %d fields", n, len(f))
		}
		for len(f) < 5 {
			f = append(f, "")
		}
		e := Entry{Type: strings.TrimSpace(f[0]), Subtype: strings.TrimSpace(f[1]), Name: strings.TrimSpace(f[2]),
			Normalized: strings.TrimSpace(f[4])}
		for _, a := range strings.Split(f[3], "|") {
			if a = strings.TrimSpace(a); a != "" {
				e.Aliases = append(e.Aliases, a)
			}
		}
		if err := e.check(); err != nil {
			return nil, fmt.Errorf("gazetteer: line %d: %w", n, err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}

func parseGazetteerYAML(src []byte) ([]Entry, error) {
	var out []Entry
	if err := yaml.UnmarshalWithOptions(src, &out, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("gazetteer: %s", yaml.FormatError(err, false, false))
	}
	file, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	for i := range out {
		out[i].Type = strings.TrimSpace(out[i].Type)
		if err := out[i].check(); err != nil {
			line := 0
			if p, perr := yaml.PathString(fmt.Sprintf("$[%d]", i)); perr == nil {
				if node, ferr := p.FilterFile(file); ferr == nil && node != nil && node.GetToken() != nil {
					line = node.GetToken().Position.Line
				}
			}
			return nil, fmt.Errorf("gazetteer: line %d: %w", line, err)
		}
	}
	return out, nil
}

// check validates an entry.
func (e Entry) check() error {
	switch {
	case !slices.Contains(knownTypes, e.Type):
		return fmt.Errorf("type %q is not one of %s", e.Type, strings.Join(knownTypes, ", "))
	case e.Name == "":
		return errors.New("no name")
	case strings.ContainsAny(e.Name, "|\t"):
		return fmt.Errorf("name %q holds a | or a tab", e.Name)
	}
	return nil
}

// Gazetteer finds the names of its entries in documents and gives mentions
// found by other means the name their entry is counted under. Build it
// with NewGazetteer; it is read-only afterwards and safe for concurrent use.
type Gazetteer struct {
	han     *hanzi.Converter
	entries []Entry
	zh, en  *ahocorasick.Matcher
	zhRefs  []int // per pattern: entry index
	enRefs  []int
	// folded finds the English names of documents and meetings of two
	// words or more in any case: the strategic and economic dialogue,
	// THE PARIS AGREEMENT.
	folded     *ahocorasick.Matcher
	foldedRefs []int
	byForm     map[string][]int // any name or alias (simplified) → entries
}

// NewGazetteer builds a gazetteer from lists of entries; an entry of a
// later list takes the place of one with the same type and name in an
// earlier list (a user's file overrides the embedded table).
func NewGazetteer(han *hanzi.Converter, lists ...[]Entry) *Gazetteer {
	g := &Gazetteer{han: han, byForm: map[string][]int{}}
	index := map[string]int{}
	for _, list := range lists {
		for _, e := range list {
			key := e.Type + "\t" + e.Name
			if i, ok := index[key]; ok {
				g.entries[i] = e
				continue
			}
			index[key] = len(g.entries)
			g.entries = append(g.entries, e)
		}
	}
	var zhP, enP, foldP []string
	for i, e := range g.entries {
		for _, form := range append([]string{e.Name}, e.Aliases...) {
			searched := !strings.HasPrefix(form, "~")
			form = strings.TrimPrefix(form, "~")
			key := g.fold(form)
			if !slices.Contains(g.byForm[key], i) {
				g.byForm[key] = append(g.byForm[key], i)
			}
			if !searched || utf8.RuneCountInString(form) < 2 {
				continue
			}
			if hasHan([]rune(form)) {
				zhP, g.zhRefs = append(zhP, key), append(g.zhRefs, i)
				continue
			}
			enP, g.enRefs = append(enP, form), append(g.enRefs, i)
			if layer(e.Type) == 1 && strings.Contains(form, " ") {
				foldP, g.foldedRefs = append(foldP, foldCase(form)), append(g.foldedRefs, i)
			}
		}
	}
	g.zh, g.en, g.folded = ahocorasick.Build(zhP), ahocorasick.Build(enP), ahocorasick.Build(foldP)
	return g
}

// fold is the form names are compared in: simplified characters.
func (g *Gazetteer) fold(s string) string {
	if g.han == nil {
		return s
	}
	return g.han.String(s)
}

// normalizedOf returns the name an entry's mentions are counted under.
func (e Entry) normalizedOf() string {
	if e.Normalized != "" {
		return e.Normalized
	}
	return e.Name
}

// Confidences of the gazetteer's mentions. A name's type depends on its
// context (意大利 is a country, or a team that plays), which the trained
// model reads and a table does not: where both find the same span, the
// model's type wins. Where the policy rules find the same document or
// meeting, theirs wins too: they read its participants and ordinal from
// the text around it, and the gazetteer still normalizes it.
const (
	confName     = 0.6
	confDocument = 0.75
)

// Recognize implements Recognizer: every name or alias of two characters
// or more, at word boundaries (whole words of the segmenter in Chinese,
// whole words in Latin script).
func (g *Gazetteer) Recognize(d *entopic.Doc) []entopic.Mention {
	text := []rune(d.Text)
	view := text
	if g.han != nil {
		view = g.han.Runes(text)
	}
	starts, ends := make([]bool, len(text)+1), make([]bool, len(text)+1)
	for _, t := range d.Tokens {
		if t.End <= len(text) {
			starts[t.Start], ends[t.End] = true, true
		}
	}
	var out []entopic.Mention
	add := func(m ahocorasick.Match, entry int) {
		e := g.entries[entry]
		conf := float32(confName)
		if layer(e.Type) == 1 {
			conf = confDocument
		}
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: m.Start, End: m.End}, Type: e.Type, Subtype: e.Subtype,
			Normalized: e.normalizedOf(), Method: entopic.MethodDictionary, Confidence: conf,
		})
	}
	for _, m := range g.zh.FindAll(string(view)) {
		if starts[m.Start] && ends[m.End] {
			add(m, g.zhRefs[m.Pattern])
		}
	}
	// A Latin form several entries share (G20) is found once, for the
	// entry of the document's language.
	byPattern := map[entopic.Span][]int{}
	for _, m := range g.en.FindAll(string(text)) {
		if wordEdge(text, m.Start-1) && wordEdge(text, m.End) {
			key := entopic.Span{Start: m.Start, End: m.End}
			byPattern[key] = append(byPattern[key], len(out))
			add(m, g.enRefs[m.Pattern])
		}
	}
	if len(byPattern) > 0 {
		out = g.oneEntryPerSpan(out, byPattern, d.Lang == "zh")
	}
	for _, m := range g.folded.FindAll(foldCase(string(text))) {
		if _, found := byPattern[entopic.Span{Start: m.Start, End: m.End}]; !found &&
			wordEdge(text, m.Start-1) && wordEdge(text, m.End) {
			add(m, g.foldedRefs[m.Pattern])
		}
	}
	return out
}

// foldCase lowers every letter, one code point for one, so that offsets
// into the folded text are offsets into the text.
func foldCase(s string) string { return strings.Map(unicode.ToLower, s) }

// wordEdge reports whether position i is outside a Latin word.
func wordEdge(text []rune, i int) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	r := text[i]
	return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.Is(unicode.Han, r)
}

// Enrich implements Enricher: a name the gazetteer knows gets the
// gazetteer's normalized name and subtype (上合组织 → 上海合作组织; 中 →
// 中国; 《网络安全法》 → 中华人民共和国网络安全法), when the types agree. An organization it does not know gets a
// subtype from its last word (大学 university, 公司 company, 部 government).
func (g *Gazetteer) Enrich(d *entopic.Doc) {
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Method == entopic.MethodDictionary {
			continue
		}
		entry, ok := g.lookup(m.Text, m.Type)
		if !ok && (m.Type == entopic.TypePolicy || m.Type == entopic.TypeDialogue) {
			// A title found in 《》 is known by its name without them.
			entry, ok = g.lookup(m.Normalized, m.Type)
		}
		if ok {
			m.Normalized = entry.normalizedOf()
			if m.Subtype == "" {
				m.Subtype = entry.Subtype
			}
			continue
		}
		if m.Type == entopic.TypeOrg && m.Subtype == "" {
			m.Subtype = OrgSubtype(g.fold(m.Text))
		}
	}
}

// lookup finds the entry a surface form belongs to, of the given type (or
// a place named like an organization, as 欧盟 is either).
func (g *Gazetteer) lookup(surface, typ string) (Entry, bool) {
	var found []int
	for _, i := range g.byForm[g.fold(surface)] {
		e := g.entries[i]
		if e.Type == typ || (e.Type == entopic.TypeLoc || e.Type == entopic.TypeOrg) && (typ == entopic.TypeLoc || typ == entopic.TypeOrg) {
			found = append(found, i)
		}
	}
	if len(found) == 0 {
		return Entry{}, false
	}
	return g.entries[g.sameScript(found, surface)], true
}

// sameScript picks, of entries that share a form (G20 is an alias of
// 二十国集团 and of Group of 20), the first whose name is written in the
// script of the surface, so that English text normalizes to English names
// and Chinese to Chinese; else the first.
func (g *Gazetteer) sameScript(entries []int, surface string) int {
	han := hasHan([]rune(surface))
	for _, i := range entries {
		if hasHan([]rune(g.entries[i].Name)) == han {
			return i
		}
	}
	return entries[0]
}

// orgSubtypes give an organization's subtype by its last word.
var orgSubtypes = []struct {
	suffixes []string
	subtype  string
}{
	{[]string{"大学", "学院", "学校", "中学", "小学", "University", "College", "School", "Institute of Technology"}, "university"},
	{[]string{"研究院", "研究所", "研究中心", "科学院", "实验室", "Institute", "Laboratory", "Academy"}, "research"},
	{[]string{"公司", "集团", "银行", "企业", "Inc", "Inc.", "Corp", "Corp.", "Company", "Group", "Bank", "Ltd", "Ltd."}, "company"},
	{[]string{"部", "局", "委员会", "委", "办公室", "政府", "国务院", "厅", "署", "法院", "检察院", "Ministry", "Department", "Agency", "Commission", "Council", "Court", "Government", "Office"}, "government"},
	{[]string{"党", "Party"}, "party"},
	{[]string{"组织", "联盟", "Organization", "Organisation", "Union", "Alliance"}, "multilateral"},
	{[]string{"社", "报", "台", "网", "News", "Times", "Post", "Daily"}, "media"},
}

// OrgSubtype gives an organization's subtype by the word its name ends with
// (大学 university, 公司 company, 部 government) or, in English, starts with
// (Ministry of …), or "" when the name does not say.
func OrgSubtype(name string) string {
	for _, s := range orgSubtypes {
		for _, suf := range s.suffixes {
			if strings.HasSuffix(name, suf) {
				return s.subtype
			}
		}
	}
	// English writes the kind first: Ministry of Foreign Affairs,
	// University of Hong Kong.
	for _, s := range orgSubtypes {
		for _, word := range s.suffixes {
			if hasHan([]rune(word)) || strings.HasSuffix(word, ".") {
				continue
			}
			if strings.HasPrefix(name, word+" of ") || strings.HasPrefix(name, word+" for ") {
				return s.subtype
			}
		}
	}
	return ""
}

// oneEntryPerSpan keeps, of the mentions found at the same span (indexes
// in at), the one whose entry is named in Chinese when zh is set, else in
// Latin script.
func (g *Gazetteer) oneEntryPerSpan(ms []entopic.Mention, at map[entopic.Span][]int, zh bool) []entopic.Mention {
	drop := map[int]bool{}
	for _, idx := range at {
		if len(idx) < 2 {
			continue
		}
		keep := idx[0]
		for _, i := range idx {
			if hasHan([]rune(ms[i].Normalized)) == zh {
				keep = i
				break
			}
		}
		for _, i := range idx {
			drop[i] = i != keep
		}
	}
	out := ms[:0]
	for i, m := range ms {
		if !drop[i] {
			out = append(out, m)
		}
	}
	return out
}
