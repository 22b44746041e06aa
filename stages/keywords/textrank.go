package keywords

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/entopic/entopic"
)

// TextRank parameters (Mihalcea and Tarau, 2004): words are linked when
// they occur within a window of co-occurrence among the content words of a
// sentence; scores are PageRank's with damping 0.85, iterated until they
// move less than epsilon.
const (
	window   = 5
	damping  = 0.85
	epsilon  = 1e-6
	maxIters = 100
)

// TextRank returns the keywords of a token sequence by TextRank: the
// content words are ranked by PageRank over their co-occurrence graph, the
// best third are marked, and marked words that stand next to each other in
// the text are joined into keyphrases (网络 空间 → 网络空间), scored by the
// sum of their words' scores. Scores are relative to the best keyword.
// Unlike TF-IDF it needs no corpus statistics: a word is central when it
// co-occurs with many central words of the document.
func (e *Extractor) TextRank(toks []entopic.Token) []entopic.Keyword {
	out, _ := e.textRank(context.Background(), toks, nil)
	return out
}

func (e *Extractor) textRank(ctx context.Context, toks []entopic.Token, names []int) ([]entopic.Keyword, error) {
	// Nodes in order of first occurrence, so that results do not depend
	// on map order.
	index := map[string]int{}
	var words []string
	node := make([]int, len(toks)) // per token: its node, or -1
	for i, t := range toks {
		node[i] = -1
		if !e.content(t) {
			continue
		}
		key := strings.ToLower(t.Text)
		n, ok := index[key]
		if !ok {
			n = len(words)
			index[key] = n
			words = append(words, key)
		}
		node[i] = n
	}
	if len(words) == 0 {
		return nil, nil
	}
	// Co-occurrence edges within a window of content words of a sentence.
	adj := make([]map[int]float64, len(words))
	for i := range adj {
		adj[i] = map[int]float64{}
	}
	var recent []int // content tokens of the current sentence, last window-1
	sentence := -1
	for i, t := range toks {
		if i%8192 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if node[i] < 0 {
			continue
		}
		if t.Sentence != sentence {
			recent, sentence = recent[:0], t.Sentence
		}
		for _, j := range recent {
			if a, b := node[i], node[j]; a != b {
				adj[a][b]++
				adj[b][a]++
			}
		}
		recent = append(recent, i)
		if len(recent) >= window {
			recent = recent[1:]
		}
	}
	score, err := pageRank(ctx, adj)
	if err != nil {
		return nil, err
	}

	// The best third of the words (at least a few) are marked.
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	marked := make([]bool, len(words))
	for _, n := range order[:max(min(len(order), 5), len(order)/3)] {
		marked[n] = true
	}

	// Runs of marked words next to each other in one sentence make
	// keyphrases; a lone marked word is a keyword of its own.
	type phrase struct {
		text  string
		score float64
		words int
		first int
	}
	found := map[string]*phrase{}
	var list []*phrase
	for i := 0; i < len(toks); {
		if node[i] < 0 || !marked[node[i]] {
			i++
			continue
		}
		j, text, sum := i, toks[i].Text, score[node[i]]
		for j+1 < len(toks) && node[j+1] >= 0 && (marked[node[j+1]] || inName(names, j, j+1)) && toks[j+1].Sentence == toks[i].Sentence &&
			(j+1-i < 3 || inName(names, i, j+1)) && properNoun(toks[j].POS) && properNoun(toks[j+1].POS) && sameName(names, j, j+1) {
			next := toks[j+1]
			if isHan(text) && isHan(next.Text) {
				if next.Start != toks[j].End {
					break
				}
				text += next.Text
			} else {
				text += " " + next.Text
			}
			sum += score[node[j+1]]
			j++
		}
		key := strings.ToLower(text)
		if p, ok := found[key]; !ok {
			p = &phrase{text: text, score: sum, words: j - i + 1, first: i}
			found[key] = p
			list = append(list, p)
		}
		i = j + 1
	}
	slices.SortStableFunc(list, func(a, b *phrase) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.first, b.first)
	})
	var out []entopic.Keyword
	for _, p := range list {
		if len(out) == e.Max {
			break
		}
		covered := false
		for _, o := range out {
			if strings.Contains(strings.ToLower(o.Keyword), strings.ToLower(p.text)) {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		out = append(out, entopic.Keyword{Keyword: p.text, Score: float32(p.score), Method: "textrank"})
	}
	best := float64(out[0].Score)
	for i := range out {
		out[i].Score = float32(math.Round(float64(out[i].Score)/best*1e4) / 1e4)
		out[i].Rank = i + 1
	}
	return out, nil
}

// pageRank scores the nodes of an undirected weighted graph.
func pageRank(ctx context.Context, adj []map[int]float64) ([]float64, error) {
	n := len(adj)
	out := make([]float64, n)
	strength := make([]float64, n)
	neighbours := make([][]int, n)
	for i, m := range adj {
		for j, w := range m {
			strength[i] += w
			neighbours[i] = append(neighbours[i], j)
		}
		slices.Sort(neighbours[i]) // a fixed order of summation
	}
	// The weight of each edge into i, divided by its source's strength,
	// looked up once rather than in every iteration.
	coef := make([][]float64, n)
	for i := range n {
		coef[i] = make([]float64, len(neighbours[i]))
		for k, j := range neighbours[i] {
			coef[i][k] = adj[j][i] / strength[j]
		}
	}
	score := make([]float64, n)
	for i := range score {
		score[i] = 1
	}
	for range maxIters {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		delta := 0.0
		for i := range n {
			sum := 0.0
			for k, j := range neighbours[i] {
				sum += coef[i][k] * score[j]
			}
			out[i] = 1 - damping + damping*sum
			delta = max(delta, math.Abs(out[i]-score[i]))
		}
		score, out = out, score
		if delta < epsilon {
			break
		}
	}
	return score, nil
}

// properNoun reports a noun proper to join a keyphrase: a noun or name, not
// a verbal noun (网络营造 is no phrase).
func properNoun(pos string) bool { return IsNoun(pos) && pos != "vn" }
