package ner

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Instance is a training or evaluation sentence as the model sees it: the
// features of each position and the gold labels.
type Instance struct {
	Features Features
	Gold     []int
	Example  Example
	// Fixed, for a partially labelled sentence, constrains the labels of
	// its positions (see Model.constraints): training then raises the
	// probability of every labelling that respects what is known.
	Fixed []int
}

// TrainOptions configure Train.
type TrainOptions struct {
	// Epochs is the number of passes over the training data; the model of
	// the epoch with the best dev F1 is returned (the last when there is
	// no dev set).
	Epochs int
	// Seed orders the sentences of each epoch; the same seed and data give
	// the same model.
	Seed uint64
	// Rate is AdaGrad's learning rate; 0 means 0.1.
	Rate float64
	// L2 is the strength of the Gaussian prior on the weights, applied to
	// the weights a sentence touches in proportion to its share of the
	// data; 0 means none.
	L2 float64
	// Prune drops features whose weights are all below this in magnitude,
	// to keep the model small.
	Prune float32
	// Progress, when set, is told about each epoch.
	Progress func(EpochReport)
}

// EpochReport describes one epoch of training.
type EpochReport struct {
	Epoch    int
	Loss     float64 // negative log-likelihood of the training data
	Dev      Scores  // scores on the dev set, when there is one
	Elapsed  time.Duration
	Best     bool // the best epoch so far
	Features int  // features kept in the model
}

// trainer holds a linear-chain CRF's weights and AdaGrad's accumulated
// squared gradients.
type trainer struct {
	m      *Model
	g2     []float32 // accumulated squared gradients, like m.w
	g2t    []float32 // the same for m.trans
	rate   float64
	l2     float64
	nTrain int
}

// step applies one AdaGrad step to weight w with gradient g.
func (tr *trainer) step(w, g2 *float32, g float64) {
	if g == 0 {
		return
	}
	*g2 += float32(g * g)
	*w -= float32(tr.rate * g / (math.Sqrt(float64(*g2)) + 1e-6))
}

// Train trains a linear-chain CRF for types on train by AdaGrad on the
// conditional log-likelihood, and returns the model of the epoch with the
// best dev F1. Partially labelled sentences (Instance.Fixed) contribute the
// likelihood of all labellings that agree with what they mark.
func Train(types []string, train, dev []Instance, opts TrainOptions) (*Model, []EpochReport) {
	tr := &trainer{m: newModel(types), rate: opts.Rate, l2: opts.L2, nTrain: len(train)}
	if tr.rate == 0 {
		tr.rate = 0.1
	}
	tr.g2t = make([]float32, len(tr.m.trans))
	// Every feature of the training data gets a row, in a fixed order.
	seen := map[uint64]bool{}
	for _, in := range train {
		for _, fs := range in.Features {
			for _, f := range fs {
				seen[f] = true
			}
		}
	}
	keys := make([]uint64, 0, len(seen))
	for f := range seen {
		keys = append(keys, f)
	}
	slices.Sort(keys)
	n := len(tr.m.Labels)
	for i, f := range keys {
		tr.m.index[f] = int32(i)
	}
	tr.m.w = make([]float32, len(keys)*n)
	tr.g2 = make([]float32, len(keys)*n)

	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	var best *Model
	bestF1 := -1.0
	var reports []EpochReport
	var full, clamped lattice
	var scores []float32
	for e := 1; e <= max(1, opts.Epochs); e++ {
		start := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var loss float64
		for _, k := range order {
			in := train[k]
			T := len(in.Features)
			if T == 0 {
				continue
			}
			scores = resize(scores, T*n)
			tr.m.emissions(in.Features, scores)
			tr.m.forwardBackward(scores, T, nil, &full)
			fixed := in.Fixed
			if fixed == nil {
				fixed = in.Gold
			}
			tr.m.forwardBackward(scores, T, fixed, &clamped)
			loss += full.logZ - clamped.logZ
			// The gradient of the negative log-likelihood: expected
			// counts under the model minus those under the distribution
			// clamped to the gold labels.
			for t := range T {
				for l := range n {
					g := marginal(&full, t*n+l) - marginal(&clamped, t*n+l)
					if math.Abs(g) < 1e-7 {
						continue
					}
					for _, f := range in.Features[t] {
						i := int(tr.m.index[f])*n + l
						tr.step(&tr.m.w[i], &tr.g2[i], g+tr.l2*float64(tr.m.w[i])/float64(tr.nTrain))
					}
				}
			}
			tr.transGradient(scores, T, &full, &clamped)
		}
		m := tr.snapshot(opts.Prune)
		rep := EpochReport{Epoch: e, Loss: loss, Elapsed: time.Since(start), Features: m.Size()}
		f1 := float64(e)
		if len(dev) > 0 {
			rep.Dev = m.Evaluate(dev)
			f1 = rep.Dev.Overall.F1
		}
		if f1 > bestF1 {
			best, bestF1, rep.Best = m, f1, true
			best.Meta["epoch"] = fmt.Sprint(e)
		}
		reports = append(reports, rep)
		if opts.Progress != nil {
			opts.Progress(rep)
		}
	}
	return best, reports
}

// marginal is the probability of label l at t (index t·n+l) in a lattice.
func marginal(lt *lattice, i int) float64 {
	a := lt.alpha[i]
	if math.IsInf(a, -1) {
		return 0
	}
	return math.Exp(a + lt.beta[i] - lt.logZ)
}

// lattice holds the log-space forward and backward scores of a sentence.
type lattice struct {
	alpha, beta []float64
	logZ        float64
	buf         []float64
}

// forwardBackward fills a lattice for emission scores, with some labels
// fixed (nil: none), under the BIOES constraints.
func (m *Model) forwardBackward(scores []float32, T int, fixed []int, lt *lattice) {
	n := len(m.Labels)
	if cap(lt.alpha) < T*n {
		lt.alpha, lt.beta = make([]float64, T*n), make([]float64, T*n)
	}
	lt.alpha, lt.beta = lt.alpha[:T*n], lt.beta[:T*n]
	if cap(lt.buf) < n {
		lt.buf = make([]float64, n)
	}
	buf := lt.buf[:n]
	neg := math.Inf(-1)
	start := m.trans[n*n:]
	for l := range n {
		if allowed(-1, l) && fits(fixed, 0, l) {
			lt.alpha[l] = float64(start[l] + scores[l])
		} else {
			lt.alpha[l] = neg
		}
	}
	for t := 1; t < T; t++ {
		for l := range n {
			if !fits(fixed, t, l) {
				lt.alpha[t*n+l] = neg
				continue
			}
			k := 0
			for p := range n {
				if allowed(p, l) && lt.alpha[(t-1)*n+p] != neg {
					buf[k] = lt.alpha[(t-1)*n+p] + float64(m.trans[p*n+l])
					k++
				}
			}
			lt.alpha[t*n+l] = logSumExp(buf[:k]) + float64(scores[t*n+l])
		}
	}
	for l := range n {
		if final(l) {
			lt.beta[(T-1)*n+l] = 0
		} else {
			lt.beta[(T-1)*n+l] = neg
		}
	}
	for t := T - 2; t >= 0; t-- {
		for p := range n {
			k := 0
			for l := range n {
				if allowed(p, l) && lt.alpha[(t+1)*n+l] != neg {
					buf[k] = float64(m.trans[p*n+l]+scores[(t+1)*n+l]) + lt.beta[(t+1)*n+l]
					k++
				}
			}
			lt.beta[t*n+p] = logSumExp(buf[:k])
		}
	}
	k := 0
	for l := range n {
		if final(l) {
			buf[k] = lt.alpha[(T-1)*n+l]
			k++
		}
	}
	lt.logZ = logSumExp(buf[:k])
}

func logSumExp(xs []float64) float64 {
	mx := math.Inf(-1)
	for _, x := range xs {
		mx = max(mx, x)
	}
	if math.IsInf(mx, -1) {
		return mx
	}
	var s float64
	for _, x := range xs {
		s += math.Exp(x - mx)
	}
	return mx + math.Log(s)
}

// transGradient applies the gradient of the transition weights.
func (tr *trainer) transGradient(scores []float32, T int, full, clamped *lattice) {
	n := len(tr.m.Labels)
	grad := make([]float64, len(tr.m.trans))
	for l := range n {
		grad[n*n+l] += marginal(full, l) - marginal(clamped, l)
	}
	pair := func(lt *lattice, t, p, l int, edge float64) float64 {
		a, b := lt.alpha[(t-1)*n+p], lt.alpha[t*n+l]
		if math.IsInf(a, -1) || math.IsInf(b, -1) {
			return 0
		}
		return math.Exp(a + edge + lt.beta[t*n+l] - lt.logZ)
	}
	for t := 1; t < T; t++ {
		for p := range n {
			for l := range n {
				if !allowed(p, l) {
					continue
				}
				edge := float64(tr.m.trans[p*n+l] + scores[t*n+l])
				grad[p*n+l] += pair(full, t, p, l, edge) - pair(clamped, t, p, l, edge)
			}
		}
	}
	for i, g := range grad {
		tr.step(&tr.m.trans[i], &tr.g2t[i], g)
	}
}

// snapshot copies the current weights into a model, pruned.
func (tr *trainer) snapshot(prune float32) *Model {
	n := len(tr.m.Labels)
	out := newModel(tr.m.Types)
	out.Meta = map[string]string{}
	for f, r := range tr.m.index {
		row := tr.m.w[int(r)*n : (int(r)+1)*n]
		keep := false
		for _, v := range row {
			if v != 0 && float32(math.Abs(float64(v))) >= prune {
				keep = true
				break
			}
		}
		if keep {
			out.index[f] = int32(len(out.index))
			out.w = append(out.w, row...)
		}
	}
	copy(out.trans, tr.m.trans)
	return out
}
