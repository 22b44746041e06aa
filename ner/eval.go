package ner

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// PRF are the counts and scores of one entity type.
type PRF struct {
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Scores are entity-level exact-match scores (the CoNLL definition: an
// entity counts as correct when its start, end and type all match), per
// type and overall (micro-averaged).
type Scores struct {
	Types   map[string]*PRF
	Overall PRF
}

// Counter accumulates gold and predicted entities sentence by sentence.
type Counter struct {
	s Scores
}

// Add counts the entities of one sentence.
func (c *Counter) Add(gold, pred []Entity) {
	if c.s.Types == nil {
		c.s.Types = map[string]*PRF{}
	}
	get := func(t string) *PRF {
		p := c.s.Types[t]
		if p == nil {
			p = &PRF{}
			c.s.Types[t] = p
		}
		return p
	}
	key := func(e Entity) Entity { return e }
	goldSet := make(map[Entity]bool, len(gold))
	for _, e := range gold {
		goldSet[key(e)] = true
		get(e.Type).Gold++
	}
	for _, e := range pred {
		p := get(e.Type)
		p.Predicted++
		if goldSet[key(e)] {
			p.Correct++
			delete(goldSet, key(e)) // a predicted entity matches one gold entity at most
		}
	}
}

// Scores returns the scores so far.
func (c *Counter) Scores() Scores {
	s := Scores{Types: map[string]*PRF{}}
	for t, p := range c.s.Types {
		q := *p
		q.Finish()
		s.Types[t] = &q
		s.Overall.Gold += p.Gold
		s.Overall.Predicted += p.Predicted
		s.Overall.Correct += p.Correct
	}
	s.Overall.Finish()
	return s
}

// Finish computes precision, recall and F1 from the counts.
func (p *PRF) Finish() {
	if p.Predicted > 0 {
		p.Precision = float64(p.Correct) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Correct) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// Evaluate labels instances and scores them against their gold labels.
func (m *Model) Evaluate(ins []Instance) Scores {
	var c Counter
	var d decoder
	var labels []int
	for _, in := range ins {
		labels = m.viterbi(in.Features, &d, labels)
		var pred []Entity
		for _, sp := range m.spans(labels, &d) {
			pred = append(pred, Entity{Start: sp.Start, End: sp.End, Type: sp.Type})
		}
		var gold []Entity
		for _, e := range in.Example.Entities {
			if slices.Contains(m.Types, e.Type) {
				gold = append(gold, e)
			}
		}
		c.Add(gold, pred)
	}
	return c.Scores()
}

// Table writes scores as an aligned table, types in order then overall.
func (s Scores) Table(w io.Writer) {
	fmt.Fprintf(w, "%-10s %9s %9s %9s %7s %7s %7s\n", "type", "precision", "recall", "f1", "gold", "pred", "correct")
	types := make([]string, 0, len(s.Types))
	for t := range s.Types {
		types = append(types, t)
	}
	slices.Sort(types)
	row := func(name string, p PRF) {
		fmt.Fprintf(w, "%-10s %9.4f %9.4f %9.4f %7d %7d %7d\n", name, p.Precision, p.Recall, p.F1, p.Gold, p.Predicted, p.Correct)
	}
	for _, t := range types {
		row(t, *s.Types[t])
	}
	fmt.Fprintln(w, strings.Repeat("-", 65))
	row("overall", s.Overall)
}
