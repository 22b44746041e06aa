package job_test

import (
	"context"
	"os"
	"path/filepath"
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
