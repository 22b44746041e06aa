package job_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entopic/entopic/job"
)

// BenchmarkPipeline runs the whole job over a benchmark corpus of
// ../shared/data/bench/ and reports its throughput in MB/s of input, so
// that every change can be measured against the last:
//
//	go test -run XXX -bench Pipeline -benchtime 3x ./job
func BenchmarkPipeline(b *testing.B) {
	for _, corpus := range []string{"zh-news.jsonl", "en-news.jsonl"} {
		b.Run(corpus, func(b *testing.B) {
			path := filepath.Join(root, "..", "shared", "data", "bench", corpus)
			info, err := os.Stat(path)
			if err != nil {
				b.Skipf("benchmark corpus not available (%v): it lives in ../shared/data/bench/", err)
			}
			res := resources(b)
			b.SetBytes(info.Size())
			b.ResetTimer()
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "out")
				m, err := job.Run(context.Background(), job.Config{Inputs: []string{path}, Out: out}, res)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(m.Counts.Documents)/m.Finished.Sub(m.Started).Seconds(), "docs/s")
			}
		})
	}
}

// BenchmarkLongDocument runs the job over one record holding 1, 4 and 16
// MB of Chinese news (the texts of zh-news.jsonl one after another), so
// that a cost growing faster than a document's length shows as falling
// MB/s:
//
//	go test -run XXX -bench LongDocument -benchtime 1x ./job
func BenchmarkLongDocument(b *testing.B) {
	path := filepath.Join(root, "..", "shared", "data", "bench", "zh-news.jsonl")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("benchmark corpus not available (%v): it lives in ../shared/data/bench/", err)
	}
	var texts []string
	for line := range strings.Lines(string(src)) {
		var r struct{ Text string }
		if json.Unmarshal([]byte(line), &r) == nil && r.Text != "" {
			texts = append(texts, r.Text)
		}
	}
	for _, mb := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			// Each round of the corpus is numbered, paragraph by
			// paragraph: the clean stage drops paragraphs a page repeats.
			var doc strings.Builder
			for i := 0; doc.Len() < mb<<20-256<<10; i++ {
				for p := range strings.Lines(texts[i%len(texts)]) {
					fmt.Fprintf(&doc, "%s（%d）\n", strings.TrimSpace(p), i/len(texts))
				}
			}
			line, _ := json.Marshal(map[string]string{"id": "long", "lang": "zh", "text": doc.String()})
			in := filepath.Join(b.TempDir(), "long.jsonl")
			if err := os.WriteFile(in, line, 0o644); err != nil {
				b.Fatal(err)
			}
			res := resources(b)
			b.SetBytes(int64(len(line)))
			b.ResetTimer()
			for b.Loop() {
				out := filepath.Join(b.TempDir(), "out")
				m, err := job.Run(context.Background(), job.Config{Inputs: []string{in}, Out: out, Workers: 1}, res)
				if err != nil {
					b.Fatal(err)
				}
				if m.Counts.Documents != 1 {
					b.Fatalf("%d documents, %d errors: want the one long document", m.Counts.Documents, m.Counts.Errors)
				}
			}
		})
	}
}
