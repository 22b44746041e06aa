// Package keywords picks the words and phrases that say what a document is
// about.
//
// In: Doc.Tokens (with part-of-speech tags), Doc.Lang and Doc.Mentions (no
// keyphrase cuts through a name). Out: Doc.Keywords, the best candidates
// by TF-IDF (method "tfidf") and by TextRank (method "textrank", see
// TextRank), each list scored 0–1 relative to its best one.
//
// Candidates are content words (nouns, names, verbal nouns) that are not
// stopwords, and phrases of two or three adjacent nouns in one sentence
// (网络 空间 → 网络空间, "security strategy"). A candidate's weight is its
// frequency, with saturation (1 + ln tf), times its inverse document
// frequency (models/data/idf-zh.txt over gse's table for Chinese,
// models/data/idf-en.txt for English: `go run ./models/gen idf-zh|idf-en`);
// phrases take the mean IDF of their words plus a bonus, since a phrase is
// rarer than its words.
package keywords

import (
	"bufio"
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
)

// IDF maps a word to its inverse document frequency.
type IDF struct {
	values  map[string]float64
	unknown float64 // the IDF given to words not in the table
	median  float64
	base    *IDF // where words missing from values are looked up
}

// Over returns a table that looks words up in t, then in base: a table
// built on a small corpus over one built on a large one. Its median and
// its value for unknown words are base's.
func (t *IDF) Over(base *IDF) *IDF {
	return &IDF{values: t.values, unknown: base.unknown, median: base.median, base: base}
}

// ParseIDF reads a table of "word idf" lines (whitespace-separated; lines
// starting with # are comments). Words missing from the table get the 90th
// percentile of the table's values: unseen words are rare ones.
func ParseIDF(src string) *IDF {
	t := &IDF{values: make(map[string]float64)}
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var all []float64
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil || v <= 0 {
			continue
		}
		t.values[strings.ToLower(f[0])] = v
		all = append(all, v)
	}
	if len(all) > 0 {
		slices.Sort(all)
		t.unknown = all[len(all)*9/10]
		t.median = all[len(all)/2]
	} else {
		t.unknown, t.median = 1, 1
	}
	return t
}

// Median returns the median IDF of the table's words.
func (t *IDF) Median() float64 { return t.median }

// Of returns the IDF of a word.
func (t *IDF) Of(w string) float64 {
	if v, ok := t.values[strings.ToLower(w)]; ok {
		return v
	}
	if t.base != nil {
		return t.base.Of(w)
	}
	return t.unknown
}

// Extractor is the keywords stage. It is safe for concurrent use.
type Extractor struct {
	idf       map[string]*IDF // by language
	stopwords map[string]bool
	// Max is the number of keywords kept per method per document.
	Max int
	// Han, when set, looks traditional words up in the IDF table and the
	// stopword list by their simplified form.
	Han *hanzi.Converter
}

// New builds an Extractor from IDF tables per language ("zh", "en") and a
// stopword list (one word per line, # comments).
func New(idf map[string]*IDF, stopwords string) *Extractor {
	return &Extractor{idf: idf, stopwords: ParseStopwords(stopwords), Max: 10}
}

// ParseStopwords reads a stopword list, one word per line (# comments), as
// a set of lowercase words.
func ParseStopwords(list string) map[string]bool {
	out := make(map[string]bool)
	for line := range strings.Lines(list) {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			out[strings.ToLower(w)] = true
		}
	}
	return out
}

// Process fills d.Keywords: the TF-IDF keywords, then the TextRank ones.
func (e *Extractor) Process(d *entopic.Doc) error { return e.ProcessContext(context.Background(), d) }

// ProcessContext is Process that stops, with the context's error, when
// ctx is cancelled while it ranks the words of a long document.
func (e *Extractor) ProcessContext(ctx context.Context, d *entopic.Doc) error {
	names := nameOf(d.Tokens, d.Mentions)
	tfidf := e.extract(d.Tokens, d.Lang, names)
	if err := ctx.Err(); err != nil {
		return err
	}
	ranked, err := e.textRank(ctx, d.Tokens, names)
	if err != nil {
		return err
	}
	d.Keywords = append(tfidf, ranked...)
	return nil
}

// candidate accumulates one keyword's statistics.
type candidate struct {
	text  string
	name  bool // the phrase is a whole name
	tf    int
	idf   float64
	words int
	first int
}

// Extract returns the keywords of a token sequence.
func (e *Extractor) Extract(toks []entopic.Token, lang string) []entopic.Keyword {
	return e.extract(toks, lang, nil)
}

// nameOf gives each token the index (from 1) of the innermost mention it
// lies in, 0 for none: a keyphrase does not cut through a name ("Public
// Security Guo" of "Minister of Public Security Guo Shengkun"), and the
// words of one name may all make one ("General Data Protection
// Regulation").
func nameOf(toks []entopic.Token, mentions []entopic.Mention) []int {
	out := make([]int, len(toks))
	j := 0
	for i, t := range toks {
		for j < len(mentions) && mentions[j].End <= t.Start {
			j++
		}
		for k := j; k < len(mentions) && mentions[k].Start < t.End; k++ {
			m := mentions[k]
			if m.Start <= t.Start && t.End <= m.End {
				// Mentions go outer first: the last that holds t is
				// innermost. People count negative: their names bound
				// phrases but are not keyphrases of their own.
				out[i] = k + 1
				if m.Type == entopic.TypePerson {
					out[i] = -(k + 1)
				}
			}
		}
	}
	return out
}

// sameName reports whether tokens i and j may stand in one keyphrase as
// far as names go: both outside names, or both in the same one.
func sameName(names []int, i, j int) bool {
	return names == nil || names[i] == names[j]
}

// inName reports whether tokens i and j are in the same name, where a
// keyphrase may be as long as the name.
func inName(names []int, i, j int) bool {
	return i >= 0 && j < len(names) && names[i] != 0 && names[i] == names[j]
}

func (e *Extractor) extract(toks []entopic.Token, lang string, names []int) []entopic.Keyword {
	idf := e.idf[lang]
	if idf == nil {
		idf = e.idf["en"]
		if lang == "zh" || idf == nil {
			idf = e.idf["zh"]
		}
	}
	if idf == nil {
		return nil
	}
	cands := make(map[string]*candidate)
	add := func(text string, idfv float64, words, pos int, name bool) {
		key := strings.ToLower(text)
		c := cands[key]
		if c == nil {
			c = &candidate{text: text, idf: idfv, words: words, first: pos}
			cands[key] = c
		}
		c.tf++
		c.name = c.name || name
	}
	for i := 0; i < len(toks); i++ {
		if !e.content(toks[i]) {
			continue
		}
		add(toks[i].Text, idf.Of(e.Han.String(toks[i].Text)), 1, i, false)
		// Noun phrases of two or three content words in a row.
		sum := idf.Of(e.Han.String(toks[i].Text))
		phrase := toks[i].Text
		for j := i + 1; j < len(toks) && (j <= i+2 || inName(names, i, j)); j++ {
			if toks[j].Sentence != toks[i].Sentence || !e.content(toks[j]) || !IsNoun(toks[j].POS) || !IsNoun(toks[j-1].POS) ||
				!sameName(names, j-1, j) {
				break
			}
			if isHan(phrase) && isHan(toks[j].Text) {
				if toks[j].Start != toks[j-1].End {
					break
				}
				phrase += toks[j].Text
			} else {
				phrase += " " + toks[j].Text
			}
			sum += idf.Of(e.Han.String(toks[j].Text))
			n := j - i + 1
			whole := inName(names, i, j) && names[i] > 0 && !inName(names, i, j+1) && !inName(names, i-1, i)
			add(phrase, sum/float64(n)+math.Log(float64(n)), n, i, whole)
		}
	}
	var list []*candidate
	for _, c := range cands {
		// A phrase seen once is most often a chance sequence, unless it
		// is a whole name.
		if c.words > 1 && c.tf < 2 && !c.name {
			continue
		}
		list = append(list, c)
	}
	score := func(c *candidate) float64 { return (1 + math.Log(float64(c.tf))) * c.idf }
	slices.SortFunc(list, func(a, b *candidate) int {
		if c := cmp.Compare(score(b), score(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.first, b.first); c != 0 {
			return c
		}
		return cmp.Compare(a.text, b.text)
	})
	list = dropContained(list, e.Max)
	if len(list) == 0 {
		return nil
	}
	best := score(list[0])
	out := make([]entopic.Keyword, len(list))
	for i, c := range list {
		out[i] = entopic.Keyword{
			Keyword: c.text, Score: float32(math.Round(score(c)/best*1e4) / 1e4), Rank: i + 1, Method: "tfidf",
		}
	}
	return out
}

// dropContained keeps at most n candidates, leaving out a single word that
// a better-ranked phrase already holds with the same frequency.
func dropContained(list []*candidate, n int) []*candidate {
	var out []*candidate
	for _, c := range list {
		if len(out) == n {
			break
		}
		covered := false
		for _, o := range out {
			if o.words > c.words && o.tf >= c.tf && strings.Contains(strings.ToLower(o.text), strings.ToLower(c.text)) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, c)
		}
	}
	return out
}

// content reports whether a token can be a keyword: a noun, name or verbal
// noun of at least two characters (one Han character rarely carries a
// topic) that is not a stopword or a number.
func (e *Extractor) content(t entopic.Token) bool {
	if !IsNoun(t.POS) && t.POS != "vn" {
		return false
	}
	n := utf8.RuneCountInString(t.Text)
	if n < 2 || e.stopwords[strings.ToLower(e.Han.String(t.Text))] {
		return false
	}
	letters := 0
	for _, r := range t.Text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters*2 > n
}

// IsNoun covers gse's noun tags (n, nr, ns, nt, nz, ng …, with verbal
// nouns vn, abbreviations j and idioms l) and the Penn Treebank tags prose
// gives English nouns (NN, NNS, NNP, NNPS).
func IsNoun(pos string) bool {
	return (strings.HasPrefix(pos, "n") && pos != "nx") || strings.HasPrefix(pos, "NN") || pos == "vn" || pos == "j" || pos == "l"
}

func isHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}
