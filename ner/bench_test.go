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
	f, err := os.Open("../../shared/data/ner/zh/peoples-daily-dev.bio")
	if err != nil {
		b.Skipf("People's Daily dev set not available: %v", err)
	}
	exs, err := ner.ReadBIO(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	seg, _, err := job.LoadSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	z, err := entities.ChineseFeatures(seg)
	if err != nil {
		b.Fatal(err)
	}
	src, _ := models.Read("ner-zh.model")
	m, err := ner.Load(bytes.NewReader(src))
	if err != nil {
		b.Fatal(err)
	}
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
	f, err := os.Open("../../shared/data/ner/en/conll2003-valid.txt")
	if err != nil {
		b.Skipf("CoNLL-2003 validation set not available: %v", err)
	}
	exs, err := ner.ReadCoNLL(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	en, err := entities.EnglishFeatures()
	if err != nil {
		b.Fatal(err)
	}
	src, _ := models.Read("ner-en.model")
	m, err := ner.Load(bytes.NewReader(src))
	if err != nil {
		b.Fatal(err)
	}
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
