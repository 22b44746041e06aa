// Package topics tags documents with the topics of a taxonomy.
//
// In: Doc.Title, Doc.Text and the entities stage's Doc.Mentions. Out:
// Doc.Topics, the topics whose score passes the threshold, best first, each
// with the terms that fired as evidence.
//
// Scoring is BM25-like. Every term of the taxonomy found in the document
// (the longest where terms overlap: 网络空间命运共同体, not also 网络空间)
// counts its occurrences weighted by position — 3 in the title, 1.5 in the
// lead, 1 elsewhere — and contributes
//
//	weight × idf × tf·(k1+1) / (tf + k1·(1 − b + b·L/avgL))
//
// where weight is the term's taxonomy weight, idf how rare the term is in
// news (the IDF table of the keywords stage, relative to its median, kept
// within [0.4, 1.6]: 公司 says less than 勒索软件), tf the weighted count,
// and L the document's length in words. A document's named things support
// topics too: a POLICY, DIALOGUE or ORG mention whose name holds a term
// (《国家网络空间安全战略》 holds 网络空间安全) adds half the term's weight,
// once per distinct name. A top-level topic adds to its own score its best
// subtopic's and a quarter of the others'.
//
// The raw score r is calibrated to (0, 1) by 1 − exp(−r/Scale): one strong
// term seen once in a body scores about 0.3, a document about nothing else
// near 1. Topics under Threshold are dropped.
package topics

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/internal/ahocorasick"
)

// Defaults of a Tagger's tunables.
const (
	// DefaultThreshold is the least score a topic needs to be reported: a
	// supporting term (weight 1) seen once does not reach it, one typical
	// (2) or strong (3) term in the body does.
	DefaultThreshold = 0.15
	// Scale sets how fast raw scores approach 1.
	Scale = 8.0

	k1, b      = 1.2, 0.5 // BM25 saturation and length normalisation
	avgWords   = 400      // length of a typical news article, in words
	titleBoost = 3.0
	leadBoost  = 1.5
)

// Rarity tells how rare a word is in news: an inverse document frequency
// table. The keywords stage's IDF tables implement it.
type Rarity interface {
	Of(word string) float64
	Median() float64
}

// Options configure a Tagger. The zero value works: no IDF weighting and
// no traditional Chinese.
type Options struct {
	// IDF per language ("zh", "en") weighs terms by rarity.
	IDF map[string]Rarity
	// Han lets Chinese terms match traditional text.
	Han *hanzi.Converter
}

// Tagger scores documents against a taxonomy. It is safe for concurrent use.
type Tagger struct {
	tax *Taxonomy
	// Threshold is the least score reported; MaxTopics the most topics
	// reported per document.
	Threshold float64
	MaxTopics int

	opts Options
	// Chinese terms, English terms matched word by word (stems, or names
	// as written), and English acronyms searched as written.
	zh, acr        *ahocorasick.Matcher
	en             *englishTerms
	zhT, enT, acrT []termRef
	childrenOf     map[int][]int
	// supporters lists, by kind of named thing ("ORG/government"), the
	// topics it supports and by how much.
	supporters map[string][]termRef
}

// termRef ties a matcher pattern to its topic.
type termRef struct {
	topic  int
	term   string
	weight float64 // taxonomy weight × rarity factor
}

// New compiles a taxonomy into a Tagger.
func New(tax *Taxonomy, opts Options) *Tagger {
	t := &Tagger{tax: tax, Threshold: DefaultThreshold, MaxTopics: 8, opts: opts, childrenOf: make(map[int][]int),
		supporters: make(map[string][]termRef)}
	var zhP, acrP []string
	t.en = newEnglishTerms()
	for i, tp := range tax.Topics {
		for _, term := range slices.Sorted(maps.Keys(tp.Terms["zh"])) {
			zhP = append(zhP, term)
			t.zhT = append(t.zhT, termRef{i, term, tp.Terms["zh"][term] * t.rarity("zh", term)})
		}
		for _, term := range slices.Sorted(maps.Keys(tp.Terms["en"])) {
			ref := termRef{i, term, tp.Terms["en"][term] * t.rarity("en", term)}
			if isAcronym(term) {
				acrP, t.acrT = append(acrP, term), append(t.acrT, ref)
			} else {
				t.en.add(term, len(t.enT))
				t.enT = append(t.enT, ref)
			}
		}
		if tp.Parent != "" {
			p := tax.index[tp.Parent]
			t.childrenOf[p] = append(t.childrenOf[p], i)
		}
		for _, kind := range slices.Sorted(maps.Keys(tp.Entities)) {
			t.supporters[kind] = append(t.supporters[kind], termRef{topic: i, term: kind, weight: tp.Entities[kind]})
		}
	}
	t.zh, t.acr = ahocorasick.Build(zhP), ahocorasick.Build(acrP)
	return t
}

// Taxonomy returns the taxonomy the Tagger scores against.
func (t *Tagger) Taxonomy() *Taxonomy { return t.tax }

// rarity is a term's IDF relative to the median of its language's table,
// within [0.4, 1.6]; a phrase of several words takes its rarest word's.
func (t *Tagger) rarity(lang, term string) float64 {
	idf := t.opts.IDF[lang]
	if idf == nil || idf.Median() <= 0 {
		return 1
	}
	v := idf.Of(term)
	if lang == "en" && strings.Contains(term, " ") {
		v = 0
		for _, w := range strings.Fields(term) {
			v = max(v, idf.Of(w))
		}
	}
	return min(1.6, max(0.4, v/idf.Median()))
}

// isAcronym reports a term written in capitals (WHO, AI, NBA): it is
// searched as written, so that "who" and "ai" do not match it; other English
// terms are searched in lowercase.
func isAcronym(term string) bool {
	upper := 0
	for _, r := range term {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			return false
		}
	}
	return upper >= 2
}

// Process fills d.Topics.
func (t *Tagger) Process(d *entopic.Doc) error {
	d.Topics = t.Score(d.Title, d.Text, d.Mentions...)
	return nil
}

// hit is the evidence a term gives a topic.
type hit struct {
	term  string
	score float64
}

// Score returns the topics of a document with the given title, text and
// named things.
func (t *Tagger) Score(title, text string, mentions ...entopic.Mention) []entopic.Topic {
	full := title + "\n" + text
	if t.opts.Han != nil {
		full = t.opts.Han.String(full)
	}
	runes := []rune(full)
	titleEnd := len([]rune(title))
	lead := titleEnd + 1 + max(200, (len(runes)-titleEnd)/7)
	weigh := func(start int) float64 {
		switch {
		case start < titleEnd:
			return titleBoost
		case start < lead:
			return leadBoost
		}
		return 1
	}

	// Weighted occurrences per term, in the order of the taxonomy so that
	// sums come out the same on every run.
	refs := t.matches(full, personSpans(mentions, titleEnd+1))
	tf := make([]float64, len(refs))
	for i, m := range refs {
		for _, start := range m.starts {
			tf[i] += weigh(start)
		}
	}

	raw := make([]float64, len(t.tax.Topics))
	evidence := make([][]hit, len(t.tax.Topics))
	norm := k1 * (1 - b + b*wordCount(text)/avgWords)
	for i, m := range refs {
		f := tf[i]
		s := m.ref.weight * f * (k1 + 1) / (f + norm)
		raw[m.ref.topic] += s
		evidence[m.ref.topic] = append(evidence[m.ref.topic], hit{m.ref.term, s})
	}
	t.supportByEntities(mentions, raw, evidence)

	own := slices.Clone(raw)
	for p, kids := range t.childrenOf {
		best, sum := 0.0, 0.0
		for _, c := range kids {
			best, sum = max(best, own[c]), sum+own[c]
		}
		raw[p] += best/4 + (sum-best)/8
	}

	var out []entopic.Topic
	for i, r := range raw {
		score := 1 - math.Exp(-r/Scale)
		if r == 0 || score < t.Threshold {
			continue
		}
		tp := t.tax.Topics[i]
		ev := evidence[i]
		for _, c := range t.childrenOf[i] {
			ev = append(ev, evidence[c]...)
		}
		out = append(out, entopic.Topic{
			ID: tp.ID, Parent: tp.Parent, LabelZH: tp.LabelZH, LabelEN: tp.LabelEN,
			Score: float32(math.Round(score*1e4) / 1e4), Method: "taxonomy", Evidence: topTerms(ev, 8),
		})
	}
	slices.SortFunc(out, func(a, b entopic.Topic) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(out) > t.MaxTopics {
		out = out[:t.MaxTopics]
	}
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

// termHits is a term found in a text and where.
type termHits struct {
	ref    *termRef
	starts []int
}

// matches finds the terms of the taxonomy in a text: Chinese terms as
// written, English ones as whole words (acronyms as written, other terms in
// any case); of overlapping terms, the longest. The result is in the order
// of the taxonomy's terms.
//
// Words inside the spans of skip (people's names) are not evidence: Bill
// Belichick says nothing of legislation, nor Paris Hilton of travel; but a
// name term that is a whole span is (Pfizer read as a person).
func (t *Tagger) matches(text string, skip []entopic.Span) []termHits {
	runes := []rune(text)
	var all []ahocorasick.Match
	var refs []*termRef
	// English terms inside people's names are skipped; Chinese ones are
	// not, as a Chinese name mention may hold its title (习近平总书记).
	add := func(ms []ahocorasick.Match, table []termRef, whole, masked bool) {
	next:
		for _, m := range ms {
			if whole && !(isWordBoundary(runes, m.Start-1) && isWordBoundary(runes, m.End)) {
				continue
			}
			ref := &table[m.Pattern]
			for _, sp := range skip {
				// A name the taxonomy lists that is the whole of a
				// person's name is what the taxonomy knows it as: the
				// entity model, trained on other text, read the
				// company (Pfizer) as a person.
				listed := m.Start == sp.Start && m.End == sp.End && hasUpper(ref.term)
				if masked && m.Start < sp.End && sp.Start < m.End && !listed {
					continue next
				}
			}
			m.Pattern = len(refs)
			all, refs = append(all, m), append(refs, ref)
		}
	}
	add(t.zh.FindAll(text), t.zhT, false, false)
	add(t.en.find(text), t.enT, false, true)
	add(t.acr.FindAll(text), t.acrT, true, true)

	// One occurrence counts once for a topic, though a Chinese and an
	// English term (iPhone, iphone) or two terms of it match it.
	type at struct{ start, end, topic int }
	counted := map[at]bool{}
	byRef := map[*termRef][]int{}
	for _, m := range longest(all) {
		ref := refs[m.Pattern]
		if k := (at{m.Start, m.End, ref.topic}); !counted[k] {
			counted[k] = true
			byRef[ref] = append(byRef[ref], m.Start)
		}
	}
	out := make([]termHits, 0, len(byRef))
	for _, table := range [][]termRef{t.zhT, t.enT, t.acrT} {
		for i := range table {
			if starts, ok := byRef[&table[i]]; ok {
				out = append(out, termHits{&table[i], starts})
			}
		}
	}
	return out
}

// personSpans returns the spans of the people a document names, as code
// point offsets into title + "\n" + text (the text starts at textStart).
func personSpans(mentions []entopic.Mention, textStart int) []entopic.Span {
	var out []entopic.Span
	for _, m := range mentions {
		if m.Type != entopic.TypePerson {
			continue
		}
		sp := m.Span
		if !m.InTitle() {
			sp.Start, sp.End = sp.Start+textStart, sp.End+textStart
		}
		out = append(out, sp)
	}
	return out
}

// longest keeps, of overlapping matches, the longest (the first of equal
// ones), in order of position.
func longest(ms []ahocorasick.Match) []ahocorasick.Match {
	slices.SortStableFunc(ms, func(a, b ahocorasick.Match) int {
		if c := cmp.Compare(b.End-b.Start, a.End-a.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.Start, b.Start)
	})
	// Which kept match holds each position (0: none, else its index + 1),
	// so that a match is checked against the positions it covers, not
	// against every match kept.
	end := 0
	for _, m := range ms {
		end = max(end, m.End)
	}
	owner := make([]int32, end)
	var kept []ahocorasick.Match
	for _, m := range ms {
		free := true
		for p := m.Start; p < m.End; p++ {
			if o := owner[p]; o != 0 && (kept[o-1].Start != m.Start || kept[o-1].End != m.End) {
				free = false
				break
			}
		}
		if free {
			kept = append(kept, m)
			for p := m.Start; p < m.End; p++ {
				if owner[p] == 0 {
					owner[p] = int32(len(kept))
				}
			}
		}
	}
	slices.SortStableFunc(kept, func(a, b ahocorasick.Match) int { return cmp.Compare(a.Start, b.Start) })
	return kept
}

// supportByEntities adds, for each distinct named thing of the document,
// the support the taxonomy gives its kind (ORG/government → politics), and
// for each distinct policy, dialogue or organization whose name holds a
// term, half the term's weight. Support saturates as terms do.
func (t *Tagger) supportByEntities(mentions []entopic.Mention, raw []float64, evidence [][]hit) {
	seen := map[string]bool{}
	kinds := make([]float64, len(t.tax.Topics))
	for _, m := range mentions {
		name := m.Normalized
		if name == "" {
			name = m.Text
		}
		if seen[m.Type+"\t"+name] {
			continue
		}
		seen[m.Type+"\t"+name] = true
		for _, s := range t.supporters[m.Type] {
			kinds[s.topic] += s.weight
		}
		if m.Subtype != "" {
			for _, s := range t.supporters[m.Type+"/"+m.Subtype] {
				kinds[s.topic] += s.weight
			}
		}
		if m.Type != entopic.TypePolicy && m.Type != entopic.TypeDialogue && m.Type != entopic.TypeOrg {
			continue
		}
		if t.opts.Han != nil {
			name = t.opts.Han.String(name)
		}
		for _, x := range t.matches(name, nil) {
			raw[x.ref.topic] += x.ref.weight / 2
			evidence[x.ref.topic] = append(evidence[x.ref.topic], hit{x.ref.term, x.ref.weight / 2})
		}
	}
	for i, k := range kinds {
		if k > 0 {
			raw[i] += 3 * k / (k + 3)
		}
	}
}

// topTerms returns the n terms that contributed most, best first.
func topTerms(hits []hit, n int) []string {
	byTerm := make(map[string]float64)
	for _, h := range hits {
		byTerm[h.term] += h.score
	}
	terms := slices.Collect(maps.Keys(byTerm))
	slices.SortFunc(terms, func(a, b string) int {
		if c := cmp.Compare(byTerm[b], byTerm[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return terms[:min(n, len(terms))]
}

// wordCount estimates the number of words: Han characters count for 1/1.6
// of a word, runs of letters or digits for one.
func wordCount(text string) float64 {
	var n float64
	inWord := false
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			n += 1 / 1.6
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	return n
}

// isWordBoundary reports whether position i of rs is outside a word: before
// the start, past the end, or not a letter or digit.
func isWordBoundary(rs []rune, i int) bool {
	if i < 0 || i >= len(rs) {
		return true
	}
	r := rs[i]
	return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.Is(unicode.Han, r)
}
