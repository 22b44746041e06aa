// Package topics tags documents with the topics of a taxonomy.
//
// In: Doc.Title and Doc.Text. Out: Doc.Topics, the topics whose score passes
// the threshold, best first, each with the terms that fired as evidence.
//
// A topic's raw score sums, over its terms found in the document, the
// term's weight times a saturating function of its frequency (1 + ln tf),
// where an occurrence in the title counts double and one in the lead half
// again; the sum is divided by the square root of the document's length in
// units of 500 words, so that long documents do not win by length alone. A
// top-level topic also takes half the raw scores of its children. The raw
// score is calibrated to (0, 1) by 1 − exp(−raw/3); topics under Threshold
// are dropped.
package topics

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/internal/ahocorasick"
)

// DefaultThreshold is the least score a topic needs to be reported. A score
// of 0.15 is reached by one strong term (weight 3) seen once in a short text
// or by a few weaker ones.
const DefaultThreshold = 0.15

// Tagger scores documents against a taxonomy. It is safe for concurrent use.
type Tagger struct {
	tax *Taxonomy
	// Threshold is the least score reported; MaxTopics the most topics
	// reported per document.
	Threshold float64
	MaxTopics int

	zh, en     *ahocorasick.Matcher
	zhT, enT   []termRef
	childrenOf map[int][]int
}

// termRef ties a matcher pattern to its topic.
type termRef struct {
	topic  int
	term   string
	weight float64
}

// New compiles a taxonomy into a Tagger.
func New(tax *Taxonomy) *Tagger {
	t := &Tagger{tax: tax, Threshold: DefaultThreshold, MaxTopics: 10, childrenOf: make(map[int][]int)}
	var zhP, enP []string
	for i, tp := range tax.Topics {
		for _, term := range slices.Sorted(maps.Keys(tp.Terms["zh"])) {
			zhP = append(zhP, term)
			t.zhT = append(t.zhT, termRef{i, term, tp.Terms["zh"][term]})
		}
		for _, term := range slices.Sorted(maps.Keys(tp.Terms["en"])) {
			enP = append(enP, lowerRunes(term))
			t.enT = append(t.enT, termRef{i, term, tp.Terms["en"][term]})
		}
		if tp.Parent != "" {
			p := tax.index[tp.Parent]
			t.childrenOf[p] = append(t.childrenOf[p], i)
		}
	}
	t.zh, t.en = ahocorasick.Build(zhP), ahocorasick.Build(enP)
	return t
}

// Process fills d.Topics.
func (t *Tagger) Process(d *entopic.Doc) error {
	d.Topics = t.Score(d.Title, d.Text)
	return nil
}

// hit is the evidence a term gives a topic.
type hit struct {
	term  string
	score float64
}

// Score returns the topics of a document with the given title and text.
func (t *Tagger) Score(title, text string) []entopic.Topic {
	full := title + "\n" + text
	titleEnd := len([]rune(title))
	runes := []rune(full)
	lead := titleEnd + 1 + max(200, (len(runes)-titleEnd)/7)

	// Occurrences per term, position-weighted.
	type key struct {
		zh  bool
		ref int
	}
	tf := make(map[key]float64)
	weigh := func(start int) float64 {
		switch {
		case start < titleEnd:
			return 2
		case start < lead:
			return 1.5
		}
		return 1
	}
	for _, m := range t.zh.FindAll(full) {
		tf[key{true, m.Pattern}] += weigh(m.Start)
	}
	lowered := []rune(lowerRunes(full))
	for _, m := range t.en.FindAll(string(lowered)) {
		if isWordBoundary(lowered, m.Start-1) && isWordBoundary(lowered, m.End) {
			tf[key{false, m.Pattern}] += weigh(m.Start)
		}
	}

	raw := make([]float64, len(t.tax.Topics))
	evidence := make([][]hit, len(t.tax.Topics))
	for k, f := range tf {
		refs := t.enT
		if k.zh {
			refs = t.zhT
		}
		ref := refs[k.ref]
		s := ref.weight * (1 + math.Log(f))
		raw[ref.topic] += s
		evidence[ref.topic] = append(evidence[ref.topic], hit{ref.term, s})
	}
	words := wordCount(text)
	norm := math.Sqrt(max(1, words/500))
	for p, kids := range t.childrenOf {
		for _, c := range kids {
			raw[p] += raw[c] / 2
		}
	}

	var out []entopic.Topic
	for i, r := range raw {
		score := 1 - math.Exp(-r/norm/3)
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

// lowerRunes lowercases rune by rune, keeping the number of code points (and
// so the offsets) unchanged, which strings.ToLower does not promise.
func lowerRunes(s string) string { return strings.Map(unicode.ToLower, s) }

// isWordBoundary reports whether position i of rs is outside a word: before
// the start, past the end, or not a letter or digit.
func isWordBoundary(rs []rune, i int) bool {
	if i < 0 || i >= len(rs) {
		return true
	}
	r := rs[i]
	return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.Is(unicode.Han, r)
}
