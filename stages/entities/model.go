package entities

import (
	"unicode"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/models"
	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/stages/segment"
)

// ChineseModel proposes people, places and organizations in Chinese
// sentences with the trained labeller of package ner. It sees a sentence as
// training did: the sentence's characters and the words the segment stage
// cut it into.
type ChineseModel struct {
	Model    *ner.Model
	Features *ner.ZH
}

// modelTypes maps the model's types to the contract's.
var modelTypes = map[string]string{"PER": entopic.TypePerson, "LOC": entopic.TypeLoc, "ORG": entopic.TypeOrg}

// Recognize implements Recognizer: every sentence with Han characters is
// labelled, whatever the document's language.
func (c ChineseModel) Recognize(d *entopic.Doc) []entopic.Mention {
	var out []entopic.Mention
	runes := []rune(d.Text)
	tok := 0
	for _, s := range d.Sentences {
		text := runes[s.Start:s.End]
		for tok < len(d.Tokens) && d.Tokens[tok].Start < s.Start {
			tok++
		}
		if !hasHan(text) {
			continue
		}
		sent := ner.Sentence{Text: text}
		for k := tok; k < len(d.Tokens) && d.Tokens[k].End <= s.End; k++ {
			t := d.Tokens[k]
			sent.Words = append(sent.Words, ner.Word{Start: t.Start - s.Start, End: t.End - s.Start, POS: t.POS})
		}
		for _, sp := range c.Model.Predict(c.Features.Features(sent)) {
			typ, ok := modelTypes[sp.Type]
			if !ok {
				continue
			}
			out = append(out, entopic.Mention{
				Span: entopic.Span{Start: s.Start + sp.Start, End: s.Start + sp.End}, Type: typ,
				Method: entopic.MethodModel, Confidence: sp.Confidence,
			})
		}
	}
	return out
}

func hasHan(rs []rune) bool {
	for _, r := range rs {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// ChineseFeatures builds the Chinese model's feature extractor from the
// embedded gazetteer and surname lists and the segmenter's dictionary.
// Training (entopic train) and the pipeline build it the same way.
func ChineseFeatures(seg *segment.Segmenter) (*ner.ZH, error) {
	gaz, err := models.Read("gazetteer-zh.tsv")
	if err != nil {
		return nil, err
	}
	sur, err := models.Read("surnames-zh.txt")
	if err != nil {
		return nil, err
	}
	return ner.NewZH(ner.ZHResources{Gazetteer: string(gaz), Surnames: string(sur), Lexicon: seg.Lexicon}), nil
}

// ChineseWords cuts a sentence into words as the segment stage does, for
// training.
func ChineseWords(seg *segment.Segmenter) ner.Segmenter {
	return func(sentence string) []ner.Word {
		words := seg.ChineseWords(sentence)
		out := make([]ner.Word, len(words))
		for i, w := range words {
			out[i] = ner.Word{Start: w.Start, End: w.End, POS: w.Tag}
		}
		return out
	}
}

// EnglishModel proposes people, places, organizations and other names
// (MISC) in sentences without Han characters, with the English model of
// package ner over the words the segment stage cut.
type EnglishModel struct {
	Model *ner.Model
}

// englishTypes maps the English model's types to the contract's.
var englishTypes = map[string]string{"PER": entopic.TypePerson, "LOC": entopic.TypeLoc, "ORG": entopic.TypeOrg,
	"MISC": entopic.TypeMisc}

// Recognize implements Recognizer.
func (e EnglishModel) Recognize(d *entopic.Doc) []entopic.Mention {
	var out []entopic.Mention
	runes := []rune(d.Text)
	tok := 0
	for _, s := range d.Sentences {
		for tok < len(d.Tokens) && d.Tokens[tok].Start < s.Start {
			tok++
		}
		if hasHan(runes[s.Start:s.End]) {
			continue
		}
		var toks []entopic.Token
		for k := tok; k < len(d.Tokens) && d.Tokens[k].End <= s.End; k++ {
			toks = append(toks, d.Tokens[k])
		}
		if len(toks) == 0 {
			continue
		}
		words := make([]string, len(toks))
		for i, t := range toks {
			words[i] = t.Text
		}
		for _, sp := range e.Model.Predict(ner.EN{}.Words(words)) {
			typ, ok := englishTypes[sp.Type]
			if !ok {
				continue
			}
			out = append(out, entopic.Mention{
				Span: entopic.Span{Start: toks[sp.Start].Start, End: toks[sp.End-1].End}, Type: typ,
				Method: entopic.MethodModel, Confidence: sp.Confidence,
			})
		}
	}
	return out
}
