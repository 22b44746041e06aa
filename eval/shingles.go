package eval

import (
	"unicode"
)

// ShingleCounts are the true positives, false positives and false negatives
// of one page's 4-token shingles, divided by their sum so that every page
// weighs the same (all zero when neither text has a shingle).
type ShingleCounts struct {
	TP, FP, FN float64
}

// Shingles compares a predicted article body with the true one by the
// metric of the article-extraction benchmark
// (github.com/scrapinghub/article-extraction-benchmark, evaluate.py): both
// texts are cut into tokens — runs of letters, digits and underscores, the
// \w+ of Python's re — and each into its shingles of four consecutive
// tokens (a text of one to three tokens is one shorter shingle); the two
// multisets are compared, and the counts normalised by their sum.
func Shingles(truth, pred string) ShingleCounts {
	t, p := shingleSet(truth), shingleSet(pred)
	var c ShingleCounts
	for k, n := range t {
		m := p[k]
		c.TP += float64(min(n, m))
		c.FN += float64(max(0, n-m))
	}
	for k, m := range p {
		c.FP += float64(max(0, m-t[k]))
	}
	if s := c.TP + c.FP + c.FN; s > 0 {
		c.TP, c.FP, c.FN = c.TP/s, c.FP/s, c.FN/s
	}
	return c
}

// Precision is the benchmark's per-page precision; ok is false when the
// page has no predicted shingle and is left out of the average.
func (c ShingleCounts) Precision() (p float64, ok bool) {
	switch {
	case c.TP+c.FP == 0:
		return 0, false
	case c.FP == 0 && c.FN == 0:
		return 1, true
	}
	return c.TP / (c.TP + c.FP), true
}

// Recall is the benchmark's per-page recall; ok is false when the page has
// no true shingle and is left out of the average.
func (c ShingleCounts) Recall() (r float64, ok bool) {
	switch {
	case c.TP+c.FN == 0:
		return 0, false
	case c.FP == 0 && c.FN == 0:
		return 1, true
	}
	return c.TP / (c.TP + c.FN), true
}

// F1 is the harmonic mean of one page's precision and recall (0 when
// either is missing or zero).
func (c ShingleCounts) F1() float64 {
	p, ok1 := c.Precision()
	r, ok2 := c.Recall()
	if !ok1 || !ok2 || p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// BodyScore is the benchmark's score over a set of pages: precision and
// recall averaged over the pages where they are defined, and F1 of the two
// averages.
type BodyScore struct {
	Pages     int     `json:"pages"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// ScoreBodies averages per-page shingle counts as the benchmark does.
func ScoreBodies(pages []ShingleCounts) BodyScore {
	s := BodyScore{Pages: len(pages)}
	var np, nr int
	for _, c := range pages {
		if p, ok := c.Precision(); ok {
			s.Precision += p
			np++
		}
		if r, ok := c.Recall(); ok {
			s.Recall += r
			nr++
		}
	}
	if np > 0 {
		s.Precision /= float64(np)
	}
	if nr > 0 {
		s.Recall /= float64(nr)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// shingleSet counts the shingles of a text, each key the tokens joined by
// a separator no token holds.
func shingleSet(text string) map[string]int {
	toks := wordTokens(text)
	out := make(map[string]int, len(toks))
	if len(toks) == 0 {
		return out
	}
	n := 4
	if len(toks) < n {
		n = len(toks)
	}
	for i := 0; i+n <= len(toks); i++ {
		key := toks[i]
		for _, t := range toks[i+1 : i+n] {
			key += "\x00" + t
		}
		out[key]++
	}
	return out
}

// wordTokens returns the runs of letters, digits and underscores of text,
// case kept (the benchmark's IGNORECASE flag does not change what \w
// matches).
func wordTokens(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		w := r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
		switch {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}
