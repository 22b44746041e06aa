package topicmodel

import (
	"math"
	"math/rand/v2"
	"sync"
)

// bag is a document as the model sees it: vocabulary ids and their counts.
type bag struct {
	ids    []int32
	counts []float64
}

// lda is latent Dirichlet allocation fitted by online variational Bayes
// (Hoffman, Blei and Bach, "Online learning for latent Dirichlet
// allocation", 2010): documents come in mini-batches, each batch's
// variational E-step gives the expected topic-word counts, and the topics'
// Dirichlet parameters λ move towards what the batch says, by a step that
// shrinks as batches go by: ρ = (τ0 + t)^−κ with τ0 = 1 and κ = 0.7, so
// that the first batches shape the topics and later ones refine them. Memory
// is the K×V matrix λ and one batch, whatever the corpus size.
type lda struct {
	k, v        int
	alpha, eta  float64
	tau0, kappa float64
	docs        int // the corpus size D the batch statistics scale to
	updates     int
	lambda      [][]float64 // K×V
	expElogBeta [][]float64 // K×V, exp(E[log β]) under λ
	workers     int
}

func newLDA(k, v, docs, workers int, seed uint64) *lda {
	m := &lda{k: k, v: v, alpha: 1 / float64(k), eta: 1 / float64(k), tau0: 1, kappa: 0.7, docs: docs, workers: max(1, workers)}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	m.lambda = make([][]float64, k)
	for i := range m.lambda {
		m.lambda[i] = make([]float64, v)
		for w := range m.lambda[i] {
			// Around 1, as Gamma(100, 1/100) draws are.
			m.lambda[i][w] = max(0.01, 1+0.1*rng.NormFloat64())
		}
	}
	m.expElogBeta = make([][]float64, k)
	for i := range m.expElogBeta {
		m.expElogBeta[i] = make([]float64, v)
	}
	m.refresh()
	return m
}

// refresh recomputes exp(E[log β]) from λ.
func (m *lda) refresh() {
	for i, row := range m.lambda {
		sum := 0.0
		for _, x := range row {
			sum += x
		}
		dsum := digamma(sum)
		for w, x := range row {
			m.expElogBeta[i][w] = math.Exp(digamma(x) - dsum)
		}
	}
}

// eStep infers a document's topic proportions γ (unnormalised) and, when
// sstats is not nil, adds the document's expected topic-word counts to it
// (still to be multiplied by exp(E[log β]), as in the paper).
func (m *lda) eStep(d bag, sstats [][]float64) []float64 {
	k := m.k
	gamma := make([]float64, k)
	for i := range gamma {
		gamma[i] = 1
	}
	expElogTheta := make([]float64, k)
	phinorm := make([]float64, len(d.ids))
	update := func() {
		sum := 0.0
		for _, g := range gamma {
			sum += g
		}
		ds := digamma(sum)
		for i, g := range gamma {
			expElogTheta[i] = math.Exp(digamma(g) - ds)
		}
		for n, w := range d.ids {
			p := 1e-100
			for i := range k {
				p += expElogTheta[i] * m.expElogBeta[i][w]
			}
			phinorm[n] = p
		}
	}
	update()
	for range 100 {
		change := 0.0
		for i := range k {
			s := 0.0
			for n, w := range d.ids {
				s += d.counts[n] * m.expElogBeta[i][w] / phinorm[n]
			}
			g := m.alpha + expElogTheta[i]*s
			change += math.Abs(g - gamma[i])
			gamma[i] = g
		}
		update()
		if change/float64(k) < 1e-3 {
			break
		}
	}
	if sstats != nil {
		for i := range k {
			for n, w := range d.ids {
				sstats[i][w] += expElogTheta[i] * d.counts[n] / phinorm[n]
			}
		}
	}
	return gamma
}

// inferAll runs the E-step over documents with the model's workers, each
// worker taking a fixed share in order, and returns their γ; with stats
// set it also returns the summed statistics, summed in a fixed order so
// that the result does not depend on scheduling.
func (m *lda) inferAll(docs []bag, stats bool) ([][]float64, [][]float64) {
	gammas := make([][]float64, len(docs))
	workers := min(m.workers, max(1, len(docs)))
	parts := make([][][]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(docs)/workers, (w+1)*len(docs)/workers
		var ss [][]float64
		if stats {
			ss = matrix(m.k, m.v)
			parts[w] = ss
		}
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				gammas[i] = m.eStep(docs[i], ss)
			}
		})
	}
	wg.Wait()
	if !stats {
		return gammas, nil
	}
	sum := parts[0]
	for _, p := range parts[1:] {
		for i := range sum {
			for w := range sum[i] {
				sum[i][w] += p[i][w]
			}
		}
	}
	return gammas, sum
}

// update learns from one mini-batch.
func (m *lda) update(batch []bag) {
	if len(batch) == 0 {
		return
	}
	_, sstats := m.inferAll(batch, true)
	rho := math.Pow(m.tau0+float64(m.updates), -m.kappa)
	scale := float64(m.docs) / float64(len(batch))
	for i := range m.lambda {
		for w := range m.lambda[i] {
			target := m.eta + scale*sstats[i][w]*m.expElogBeta[i][w]
			m.lambda[i][w] = (1-rho)*m.lambda[i][w] + rho*target
		}
	}
	m.updates++
	m.refresh()
}

func matrix(rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}
	return m
}

// digamma is ψ(x) for x > 0: the recurrence ψ(x) = ψ(x+1) − 1/x up to
// x ≥ 6, then the asymptotic series.
func digamma(x float64) float64 {
	r := 0.0
	for x < 6 {
		r -= 1 / x
		x++
	}
	f := 1 / (x * x)
	return r + math.Log(x) - 0.5/x - f*(1.0/12-f*(1.0/120-f*(1.0/252-f*(1.0/240-f/132))))
}
