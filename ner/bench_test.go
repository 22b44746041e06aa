package ner_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/models"
	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/stages/entities"
)

// BenchmarkLabeller measures the Chinese labeller on one core: features
// and Viterbi decoding of People's Daily dev sentences, words cut
// beforehand (the segment stage does that in the pipeline).
//
//	go test -run XXX -bench Labeller ./ner
func BenchmarkLabeller(b *testing.B) {
	exs := benchSentences(b, "../../shared/data/ner/zh/peoples-daily-dev.bio")
	seg, _, err := job.LoadSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	z, err := entities.ChineseFeatures(seg)
	if err != nil {
		b.Fatal(err)
	}
	m := embeddedModel(b, "ner-zh.model")
	words := entities.ChineseWords(seg)
	sents := make([]ner.Sentence, len(exs))
	chars := 0
	for i, ex := range exs {
		sents[i] = ner.Sentence{Text: ex.Text, Words: ner.RuneWords(string(ex.Text), words(string(ex.Text)))}
		chars += len(ex.Text)
	}
	b.ResetTimer()
	done := 0
	var buf ner.Buffer // as the entities stage labels a document's sentences
	for b.Loop() {
		for _, s := range sents {
			m.PredictWith(z.FeaturesWith(s, &buf), &buf)
		}
		done += chars
	}
	b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "chars/s")
}

// BenchmarkLoad measures loading the embedded Chinese model.
func BenchmarkLoad(b *testing.B) {
	src, err := models.Read("ner-zh.model")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ner.Load(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLabellerEnglish measures the English labeller on one core:
// features (gazetteer included) and Viterbi decoding of the CoNLL-2003
// validation sentences, in characters of their words joined by spaces.
//
//	go test -run XXX -bench LabellerEnglish ./ner
func BenchmarkLabellerEnglish(b *testing.B) {
	exs := benchSentences(b, "../../shared/data/ner/en/conll2003-valid.txt")
	en, err := entities.EnglishFeatures()
	if err != nil {
		b.Fatal(err)
	}
	m := embeddedModel(b, "ner-en.model")
	sents := make([][]string, len(exs))
	chars := 0
	for i, ex := range exs {
		sents[i] = strings.Fields(string(ex.Text))
		chars += len(ex.Text)
	}
	b.ResetTimer()
	done := 0
	for b.Loop() {
		for _, s := range sents {
			m.Predict(en.Words(s))
		}
		done += chars
	}
	b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "chars/s")
}

// BenchmarkEnglishGazetteer measures building the English gazetteer
// (models/data/gazetteer-en.tsv), which a run does once, when English text
// first arrives.
func BenchmarkEnglishGazetteer(b *testing.B) {
	for b.Loop() {
		if _, err := entities.EnglishFeatures(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSentences reads the labelled sentences of a file of ../shared/data,
// or skips the benchmark when the file is not there.
func benchSentences(b *testing.B, path string) []ner.Example {
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s not available: %v", path, err)
	}
	exs, err := ner.ReadExamples(ner.Source{Path: path}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return exs
}

// embeddedModel loads an embedded entity model.
func embeddedModel(b *testing.B, name string) *ner.Model {
	src, err := models.Read(name)
	if err != nil {
		b.Fatal(err)
	}
	m, err := ner.Load(bytes.NewReader(src))
	if err != nil {
		b.Fatal(err)
	}
	return m
}
