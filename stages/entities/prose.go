package entities

import (
	"strings"

	"github.com/jdkato/prose/v2"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/stages/segment"
)

// Prose proposes people, places and organizations in English sentences with
// the entity extractor of github.com/jdkato/prose/v2. Model must be the one
// model loaded for the process (segment.Segmenter.English).
type Prose struct {
	Model *prose.Model
}

// proseTypes maps prose's entity labels to the contract's types.
var proseTypes = map[string]string{
	"PERSON": entopic.TypePerson, "GPE": entopic.TypeLoc, "LOCATION": entopic.TypeLoc,
	"GSP": entopic.TypeLoc, "ORGANIZATION": entopic.TypeOrg, "ORG": entopic.TypeOrg,
}

// Recognize implements Recognizer.
func (p Prose) Recognize(d *entopic.Doc) []entopic.Mention {
	if d.Lang != "en" || p.Model == nil {
		return nil
	}
	offs := entopic.ByteOffsets(d.Text)
	rc := entopic.NewRuneCounter(d.Text)
	var out []entopic.Mention
	for _, s := range d.Sentences {
		start := offs[s.Start]
		sentence := d.Text[start:offs[s.End]]
		doc, err := prose.NewDocument(sentence, prose.WithSegmentation(false), prose.UsingModel(p.Model))
		if err != nil {
			continue
		}
		toks := doc.Tokens()
		words, labels := make([]string, len(toks)), make([]string, len(toks))
		for i, t := range toks {
			words[i], labels[i] = t.Text, t.Label
		}
		aligned := segment.Align(sentence, words, labels)
		typ, from, to := "", 0, 0
		flush := func() {
			if typ != "" {
				out = append(out, entopic.Mention{
					Span: entopic.Span{Start: rc.At(start + from), End: rc.At(start + to)},
					Type: typ, Method: entopic.MethodModel, Confidence: 0.4,
				})
			}
			typ = ""
		}
		for _, w := range aligned {
			bio, label, _ := strings.Cut(w.Tag, "-")
			t := proseTypes[label]
			switch {
			case bio == "I" && t == typ && typ != "":
				to = w.End
			case t != "":
				flush()
				typ, from, to = t, w.Start, w.End
			default:
				flush()
			}
		}
		flush()
	}
	return out
}
