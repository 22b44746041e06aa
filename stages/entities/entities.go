// Package entities finds the named things a document mentions: people,
// organizations, places, policy documents and named dialogues.
//
// In: Doc.Text, Doc.Lang, Doc.Sentences and Doc.Tokens. Out: Doc.Mentions
// (one per occurrence, ordered by position, no two overlapping) and
// Doc.Entities (one per type and normalized name, with counts and salience).
//
// The stage runs a list of Recognizers, each proposing mentions by its own
// method (a trained model, dictionaries, rules, patterns), and resolves
// overlaps between them. Mentions come in two layers: names (PERSON, ORG,
// LOC, MISC) and the documents and meetings that contain names (POLICY,
// DIALOGUE: 《中华人民共和国香港特别行政区基本法》 holds two places). Within a
// layer no two mentions overlap: a longer mention wins over one it
// overlaps, and between mentions of equal extent the more confident one.
// Across layers a name may lie inside a document or meeting, but not
// across its edge, nor with exactly its extent, nor (an organization or
// other name) at its end: that is the outer name's head read as a name.
// New recognizers plug in without changing the stage.
package entities

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/entopic/entopic"
)

// A Recognizer proposes mentions for a document. Offsets are code points
// into d.Text; Sentence, Text and Normalized may be left empty: the stage
// fills them. Recognizers are shared by all workers and must be safe for
// concurrent use.
type Recognizer interface {
	Recognize(d *entopic.Doc) []entopic.Mention
}

// A ContextRecognizer is a Recognizer whose work on a long document
// stops, with the context's error, when the context is cancelled. The
// stage uses it where a recognizer offers it.
type ContextRecognizer interface {
	RecognizeContext(ctx context.Context, d *entopic.Doc) ([]entopic.Mention, error)
}

// An Enricher fills attributes of a document's mentions once their
// overlaps are resolved (roles, dates, normalized names …). Enrichers are
// shared by all workers and must be safe for concurrent use.
type Enricher interface {
	Enrich(d *entopic.Doc)
}

// Extractor is the entities stage.
type Extractor struct {
	recognizers []Recognizer
	enrichers   []Enricher
}

// New returns an Extractor running the given recognizers, in order of
// preference: when two propose the same span, the first one's mention is
// kept.
func New(recognizers ...Recognizer) *Extractor {
	return &Extractor{recognizers: recognizers}
}

// With returns the Extractor with enrichers added, run in order after
// overlaps are resolved.
func (e *Extractor) With(enrichers ...Enricher) *Extractor {
	e.enrichers = append(e.enrichers, enrichers...)
	return e
}

// Process fills d.Mentions and d.Entities: the mentions of the text, then
// those of the title (Field FieldTitle, offsets into the title), found by
// the same recognizers and enrichers on the title alone.
func (e *Extractor) Process(d *entopic.Doc) error { return e.ProcessContext(context.Background(), d) }

// ProcessContext is Process that stops, with the context's error, when
// ctx is cancelled while its recognizers work through a long document.
func (e *Extractor) ProcessContext(ctx context.Context, d *entopic.Doc) error {
	ms, err := e.mentions(ctx, d, entopic.FieldText)
	if err != nil {
		return err
	}
	d.Mentions = ms
	if d.Title != "" {
		title := &entopic.Doc{ID: d.ID, Lang: d.Lang, Published: d.Published, Title: d.Title,
			Text: d.Title, Sentences: d.TitleSentences, Tokens: d.TitleTokens}
		ms, err := e.mentions(ctx, title, entopic.FieldTitle)
		if err != nil {
			return err
		}
		d.Mentions = append(d.Mentions, ms...)
	}
	d.Entities = Aggregate(d.Mentions, utf8.RuneCountInString(d.Text), d.Title)
	return nil
}

// mentions runs the recognizers over d.Text, resolves their overlaps, and
// runs the enrichers.
func (e *Extractor) mentions(ctx context.Context, d *entopic.Doc, field string) ([]entopic.Mention, error) {
	var all []candidate
	for i, r := range e.recognizers {
		var found []entopic.Mention
		if cr, ok := r.(ContextRecognizer); ok {
			var err error
			if found, err = cr.RecognizeContext(ctx, d); err != nil {
				return nil, err
			}
		} else {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			found = r.Recognize(d)
		}
		for _, m := range found {
			if m.Start < 0 || m.End <= m.Start {
				continue
			}
			all = append(all, candidate{m, i})
		}
	}
	offs := entopic.ByteOffsets(d.Text)
	kept := resolve(all, len(offs)-1)
	d.Mentions = d.Mentions[:0]
	for _, m := range kept {
		m.Text = d.Text[offs[m.Start]:offs[m.End]]
		if m.Normalized == "" {
			m.Normalized = m.Text
		}
		m.Sentence = d.SentenceAt(m.Start)
		m.Field = field
		d.Mentions = append(d.Mentions, m)
	}
	for _, en := range e.enrichers {
		en.Enrich(d)
	}
	// Enrichers add mentions of their own (a titled name, a whole
	// organization): they belong to the same field.
	for i := range d.Mentions {
		if d.Mentions[i].Field == "" {
			d.Mentions[i].Field = field
		}
	}
	return d.Mentions, nil
}

// candidate is a proposed mention and the rank of its recognizer.
type candidate struct {
	entopic.Mention
	rank int
}

// layer returns the layer of a mention type: 1 for documents and meetings,
// which contain names, 0 for names.
func layer(typ string) int {
	if typ == entopic.TypePolicy || typ == entopic.TypeDialogue {
		return 1
	}
	return 0
}

// resolve keeps, within each layer, a set of non-overlapping mentions
// (longer first, then by confidence, then by recognizer order), then drops
// names that cross the edge of a kept document or meeting or have exactly
// its extent. The result is ordered by position, outer mentions before the
// names they contain.
func resolve(all []candidate, textLen int) []entopic.Mention {
	var kept []entopic.Mention
	for l := range 2 {
		var in []candidate
		for _, c := range all {
			if layer(c.Type) == l {
				in = append(in, c)
			}
		}
		kept = append(kept, resolveLayer(in, textLen)...)
	}
	// A person named exactly like a document or a meeting the rules
	// found by its head is the person (Stuart Law), and a name the
	// gazetteer knows is what it knows it as (World Food Programme, an
	// organization): the rules only guessed from the head.
	people := map[entopic.Span]bool{}
	for _, m := range kept {
		if m.Type == entopic.TypePerson && m.Method == entopic.MethodModel || layer(m.Type) == 0 && m.Method == entopic.MethodDictionary {
			people[m.Span] = true
		}
	}
	if len(people) > 0 {
		kept = slices.DeleteFunc(kept, func(m entopic.Mention) bool {
			return layer(m.Type) == 1 && m.Method == entopic.MethodRule && people[m.Span]
		})
	}
	// The documents and meetings, by position: they do not overlap one
	// another, so the one a name may lie in is the last that starts
	// before the name ends, found by binary search (a document with
	// thousands of names must not compare each with each).
	var outer []entopic.Mention
	for _, m := range kept {
		if layer(m.Type) == 1 {
			outer = append(outer, m)
		}
	}
	slices.SortFunc(outer, func(a, b entopic.Mention) int { return cmp.Compare(a.Start, b.Start) })
	out := kept[:0]
	for _, m := range kept {
		drop := false
		if layer(m.Type) == 0 {
			j, _ := slices.BinarySearchFunc(outer, m.End, func(o entopic.Mention, end int) int { return cmp.Compare(o.Start, end) })
			if j > 0 {
				o := outer[j-1]
				// A name across the edge of a document or meeting, or
				// one with exactly its extent (网络安全工作组 is the
				// working group, not also an organization), goes; so
				// does one that ends the outer name, for that is its
				// head read as a name ("Road Initiative" in "Belt and
				// Road Initiative"), while names inside modify it
				// (《联合国宪章》 holds 联合国). A name over several
				// outer ones crosses the edge of the last.
				drop = m.Start < o.End && (m.Start < o.Start || m.End > o.End || m.Span == o.Span ||
					m.End == o.End && (m.Type == entopic.TypeOrg || m.Type == entopic.TypeMisc))
			}
		}
		if !drop {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b entopic.Mention) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(b.End, a.End)
	})
	return out
}

// resolveLayer keeps a set of non-overlapping mentions.
func resolveLayer(all []candidate, textLen int) []entopic.Mention {
	slices.SortStableFunc(all, func(a, b candidate) int {
		if c := cmp.Compare(b.Len(), a.Len()); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Confidence, a.Confidence); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return cmp.Compare(a.Start, b.Start)
	})
	taken := make([]bool, textLen)
	var kept []entopic.Mention
	for _, c := range all {
		if c.End > textLen {
			continue
		}
		free := true
		for i := c.Start; i < c.End; i++ {
			if taken[i] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for i := c.Start; i < c.End; i++ {
			taken[i] = true
		}
		kept = append(kept, c.Mention)
	}
	return kept
}

// Aggregate gathers mentions into one Entity per (type, normalized name), in
// order of first mention. Salience grows with the number of mentions, with
// an early first mention and with a mention in the title, saturating
// towards 1:
//
//	salience = 1 − exp(−(mentions·(1 + lead) + 2·inTitle) / 3)
//
// where mentions counts those in the text, lead is 1 for a first mention at
// the start of the text falling to 0 at its end, and inTitle is 1 when the
// title names the entity. Mentions in the title count in Entity.Mentions.
func Aggregate(mentions []entopic.Mention, textLen int, title string) []entopic.Entity {
	type key struct{ typ, norm string }
	index := make(map[key]int)
	inTitle := make(map[int]bool)
	inText := make(map[int]int) // mentions in the text
	var ents []entopic.Entity
	for _, m := range mentions {
		k := key{m.Type, m.Normalized}
		i, ok := index[k]
		if !ok {
			i = len(ents)
			index[k] = i
			ents = append(ents, entopic.Entity{Type: m.Type, Normalized: m.Normalized, FirstStart: -1})
		}
		e := &ents[i]
		if m.InTitle() {
			inTitle[i] = true
		} else {
			inText[i]++
			if e.FirstStart < 0 {
				e.FirstStart = m.Start
			}
		}
		e.Mentions++
		if !slices.Contains(e.SurfaceForms, m.Text) {
			e.SurfaceForms = append(e.SurfaceForms, m.Text)
		}
	}
	for i := range ents {
		e := &ents[i]
		lead := 1.0
		switch {
		case e.FirstStart < 0:
			lead = 0 // named in the title only
		case textLen > 0:
			lead = 1 - float64(e.FirstStart)/float64(textLen)
		}
		titled := 0.0
		if inTitle[i] {
			titled = 1
		}
		for _, f := range e.SurfaceForms {
			if f != "" && strings.Contains(title, f) {
				titled = 1
				break
			}
		}
		x := (float64(inText[i])*(1+lead) + 2*titled) / 3
		e.Salience = float32(math.Round((1-math.Exp(-x))*1e4) / 1e4)
	}
	return ents
}
