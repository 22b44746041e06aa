// Package ner is entopic's sequence labeller for named entities: a linear
// model over rich features, trained as an averaged structured perceptron and
// decoded with Viterbi under BIO constraints.
//
// In: a sentence as a sequence of positions (characters for Chinese), each
// described by the hashes of its features (see Features and ZH). Out: one
// BIO label per position (B-PER, I-PER, O …), and the entity spans they
// make with a confidence each.
//
// A Model is trained by Train, written with Save and read with Load; after
// loading it is read-only and safe for concurrent use, so one model serves
// every worker of a process.
package ner

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Model is a trained labeller.
type Model struct {
	// Labels are the model's labels, "O" first, then B- (begin), I-
	// (inside), E- (end) and S- (single) of each type in the order of
	// Types: the BIOES scheme, whose transitions see where entities end.
	Labels []string
	// Types are the entity types (PER, LOC, ORG …).
	Types []string
	// Meta describes how the model was made (data, epochs, seed, dev F1).
	Meta map[string]string

	// While training: feature hash → row of w, and the rows × len(Labels)
	// emission weights. A frozen model holds them in tab instead.
	index map[uint64]int32
	w     []float32
	trans []float32 // (len(Labels)+1) × len(Labels): from label (or start, the last row) to label
	preds [][]int   // per label, the labels that may precede it
	tab   *table    // the emission weights of a frozen model
	expT  []float64 // exp of trans (0 where not allowed), built by freeze
}

// freeze turns a model that will not change any more into its labelling
// form: weights quantized into the lookup table, as the model file holds
// them, and the exponentials of the transitions.
func (m *Model) freeze() *Model {
	if m.tab == nil {
		n := len(m.Labels)
		scale := quantize(m.w)
		m.tab = newTable(len(m.index), n, scale)
		q := make([]int16, n)
		for k, r := range m.index {
			for l := range n {
				q[l] = int16(math.Round(float64(m.w[int(r)*n+l] / scale)))
			}
			m.tab.put(k, q)
		}
		m.index, m.w = nil, nil
	}
	n := len(m.Labels)
	m.expT = make([]float64, len(m.trans))
	for p := range n + 1 {
		for l := range n {
			prev := p
			if p == n {
				prev = -1
			}
			if allowed(prev, l) {
				m.expT[p*n+l] = math.Exp(float64(m.trans[p*n+l]))
			}
		}
	}
	return m
}

// newModel returns an empty model for the given entity types.
func newModel(types []string) *Model {
	m := &Model{Types: slices.Clone(types), Labels: []string{"O"}, index: make(map[uint64]int32)}
	for _, t := range types {
		m.Labels = append(m.Labels, "B-"+t, "I-"+t, "E-"+t, "S-"+t)
	}
	n := len(m.Labels)
	m.trans = make([]float32, (n+1)*n)
	m.preds = make([][]int, n)
	for l := range n {
		for p := range n {
			if allowed(p, l) {
				m.preds[l] = append(m.preds[l], p)
			}
		}
	}
	return m
}

// Label indexes: O is 0; type k has B at 1+4k, I at 2+4k, E at 3+4k and
// S at 4+4k.
const (
	roleB = iota
	roleI
	roleE
	roleS
)

func role(l int) int   { return (l - 1) % 4 }
func typeOf(l int) int { return (l - 1) / 4 }
func label(t, r int) int {
	return 1 + 4*t + r
}

// open reports a label after which the entity must go on (B, I).
func open(l int) bool { return l > 0 && (role(l) == roleB || role(l) == roleI) }

// continues reports a label that goes on an entity begun before (I, E).
func continues(l int) bool { return l > 0 && (role(l) == roleI || role(l) == roleE) }

// allowed reports whether label l may follow label prev (prev < 0: the
// start of the sentence): an entity goes on exactly when one is open, and
// with its own type.
func allowed(prev, l int) bool {
	if prev >= 0 && open(prev) {
		return continues(l) && typeOf(prev) == typeOf(l)
	}
	return !continues(l)
}

// final reports a label a sentence may end with.
func final(l int) bool { return !open(l) }

// Features are the feature hashes of each position of a sentence.
type Features [][]uint64

// emissions fills scores (positions × labels) from the features.
func (m *Model) emissions(fs Features, scores []float32) {
	n := len(m.Labels)
	clear(scores)
	if m.tab != nil {
		// Sums of the quantized weights, scaled once per position. The
		// slots of a position's features are touched first, in a loop
		// whose loads do not wait on one another, so that the memory
		// fetches them all at once (the table is far larger than the
		// caches); the lookups then find them in cache.
		var sink uint64
		for i, feats := range fs {
			for _, f := range feats {
				sink += m.tab.touch(f)
			}
			row := scores[i*n : (i+1)*n]
			for _, f := range feats {
				m.tab.addRow(row, f)
			}
			for l := range row {
				row[l] *= m.tab.scale
			}
		}
		touched.Store(sink) // keeps the touching loads
		return
	}
	for i, feats := range fs {
		row := scores[i*n : (i+1)*n]
		for _, f := range feats {
			if r, ok := m.index[f]; ok {
				w := m.w[int(r)*n : (int(r)+1)*n]
				for l := range row {
					row[l] += w[l]
				}
			}
		}
	}
}

// decoder holds the buffers of one Viterbi decoding, and the marginals of
// its sentence once a confidence has asked for them.
type decoder struct {
	scores    []float32
	delta     []float32
	back      []int16
	lattice   lattice
	marginals []float64 // positions × labels
	fresh     bool      // marginals belong to the current sentence
	e, a, b   []float64 // buffers of posteriors
}

// viterbi returns the best label sequence under BIO constraints.
func (m *Model) viterbi(fs Features, d *decoder, out []int) []int {
	return m.viterbiFixed(fs, nil, d, out)
}

// fits reports whether label l may stand at position t given the fixed
// labels (nil: no constraint).
func fits(fixed []int, t, l int) bool {
	if fixed == nil {
		return true
	}
	switch f := fixed[t]; {
	case f == -1:
		return true
	case f == -2:
		return !continues(l)
	default:
		return f == l
	}
}

// viterbiFixed is viterbi with some positions' labels fixed.
func (m *Model) viterbiFixed(fs Features, fixed []int, d *decoder, out []int) []int {
	n, T := len(m.Labels), len(fs)
	out = out[:0]
	if T == 0 {
		return out
	}
	d.scores = resize(d.scores, T*n)
	d.delta = resize(d.delta, T*n)
	d.back = resize(d.back, T*n)
	m.emissions(fs, d.scores)
	d.fresh = false
	neg := float32(math.Inf(-1))
	start := m.trans[n*n:]
	for l := range n {
		if allowed(-1, l) && fits(fixed, 0, l) {
			d.delta[l] = start[l] + d.scores[l]
		} else {
			d.delta[l] = neg
		}
	}
	for t := 1; t < T; t++ {
		for l := range n {
			best, arg := neg, int16(0)
			if !fits(fixed, t, l) {
				d.delta[t*n+l], d.back[t*n+l] = neg, 0
				continue
			}
			for _, p := range m.preds[l] {
				if s := d.delta[(t-1)*n+p] + m.trans[p*n+l]; s > best {
					best, arg = s, int16(p)
				}
			}
			if best == neg {
				d.delta[t*n+l] = neg
			} else {
				d.delta[t*n+l] = best + d.scores[t*n+l]
			}
			d.back[t*n+l] = arg
		}
	}
	last := 0
	for l := 1; l < n; l++ {
		if final(l) && d.delta[(T-1)*n+l] > d.delta[(T-1)*n+last] {
			last = l
		}
	}
	out = slices.Grow(out, T)[:T]
	out[T-1] = last
	for t := T - 1; t > 0; t-- {
		out[t-1] = int(d.back[t*n+out[t]])
	}
	return out
}

// Span is an entity found by the model: positions [Start, End) and its type.
type Span struct {
	Start, End int
	Type       string
	// Confidence is the margin of the span over the best labelling
	// without it, squashed to (0, 1): 0.5 when the model hesitates, near
	// 1 when no labelling without the entity comes close.
	Confidence float32
}

// Predict labels a sentence and returns its entity spans.
func (m *Model) Predict(fs Features) []Span { return m.PredictWith(fs, new(Buffer)) }

// PredictWith is Predict decoding in b's memory.
func (m *Model) PredictWith(fs Features, b *Buffer) []Span {
	b.labels = m.viterbi(fs, &b.d, b.labels)
	return m.spans(b.labels, &b.d)
}

// spans reads entity spans from labels, with confidences from the decoder's
// scores.
func (m *Model) spans(labels []int, d *decoder) []Span {
	var out []Span
	for i := 0; i < len(labels); {
		l := labels[i]
		if l == 0 || continues(l) {
			i++
			continue
		}
		j := i + 1
		if role(l) == roleB {
			for j < len(labels) && continues(labels[j]) && typeOf(labels[j]) == typeOf(l) {
				j++
				if role(labels[j-1]) == roleE {
					break
				}
			}
		}
		out = append(out, Span{Start: i, End: j, Type: m.Types[typeOf(l)], Confidence: m.confidence(labels, i, j, d)})
		i = j
	}
	return out
}

// confidence is the model's probability for the span [i, j): the smallest,
// over its positions, of the marginal probability (forward-backward) of
// the label the decoding chose there.
func (m *Model) confidence(labels []int, i, j int, d *decoder) float32 {
	n := len(m.Labels)
	if !d.fresh {
		m.posteriors(len(labels), d)
		d.fresh = true
	}
	p := 1.0
	for t := i; t < j; t++ {
		p = min(p, d.marginals[t*n+labels[t]])
	}
	return float32(math.Round(p*1000) / 1000)
}

// posteriors computes the marginal probability of every label at every
// position by forward-backward in scaled probabilities (not logs: a few
// multiplications per cell instead of an exp and a log). A model not
// frozen (being trained) uses the log-space lattice instead.
func (m *Model) posteriors(T int, d *decoder) {
	n := len(m.Labels)
	d.marginals = resize(d.marginals, T*n)
	if m.expT == nil {
		m.forwardBackward(d.scores, T, nil, &d.lattice)
		for i := range d.marginals {
			d.marginals[i] = marginal(&d.lattice, i)
		}
		return
	}
	d.e, d.a, d.b = resize(d.e, T*n), resize(d.a, T*n), resize(d.b, T*n)
	e, alpha, beta := d.e, d.a, d.b // e: exp of the emission scores, shifted per position
	for t := range T {
		row := d.scores[t*n : (t+1)*n]
		mx := slices.Max(row)
		for l, s := range row {
			e[t*n+l] = math.Exp(float64(s - mx))
		}
	}
	clear(beta)
	start := m.expT[n*n:]
	norm := func(v []float64) float64 {
		var z float64
		for _, x := range v {
			z += x
		}
		if z > 0 {
			for i := range v {
				v[i] /= z
			}
		}
		return z
	}
	for l := range n {
		alpha[l] = start[l] * e[l]
	}
	norm(alpha[:n])
	for t := 1; t < T; t++ {
		for l := range n {
			var s float64
			for _, p := range m.preds[l] {
				s += alpha[(t-1)*n+p] * m.expT[p*n+l]
			}
			alpha[t*n+l] = s * e[t*n+l]
		}
		norm(alpha[t*n : (t+1)*n])
	}
	for l := range n {
		if final(l) {
			beta[(T-1)*n+l] = 1
		}
	}
	norm(beta[(T-1)*n : T*n])
	for t := T - 2; t >= 0; t-- {
		for p := range n {
			var s float64
			for l := range n {
				s += m.expT[p*n+l] * e[(t+1)*n+l] * beta[(t+1)*n+l]
			}
			beta[t*n+p] = s
		}
		norm(beta[t*n : (t+1)*n])
	}
	for t := range T {
		row := d.marginals[t*n : (t+1)*n]
		for l := range n {
			row[l] = alpha[t*n+l] * beta[t*n+l]
		}
		norm(row)
	}
}

// Size returns the number of features with weights.
func (m *Model) Size() int {
	if m.tab != nil {
		return m.tab.count
	}
	return len(m.index)
}

// TypeNames lists the model's types, sorted.
func (m *Model) TypeNames() []string {
	t := slices.Clone(m.Types)
	slices.SortFunc(t, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return t
}
