package topicmodel_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/topicmodel"
)

var (
	resOnce sync.Once
	res     *job.Resources
	resErr  error
)

func resources(t *testing.T) *job.Resources {
	t.Helper()
	resOnce.Do(func() { res, resErr = job.LoadResources(job.ResourceOptions{}) })
	if resErr != nil {
		t.Fatal(resErr)
	}
	return res
}

// Two fields with words of their own: a corpus of documents each drawn from
// one field must come out as two topics, one per field.
var fields = [][]string{
	{"比赛", "球队", "球员", "进球", "冠军", "联赛", "教练", "赛季", "球迷", "主场"},
	{"基金", "股票", "投资者", "收益", "债券", "银行", "利率", "证券", "股市", "券商"},
}

// corpus runs the job over generated documents and returns the output
// directory and each document's field.
func corpus(t *testing.T, n int) (string, map[string]int) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "corpus.jsonl")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	field := map[string]int{}
	for i := range n {
		k := i % 2
		var words []string
		for range 40 {
			words = append(words, fields[k][rng.IntN(len(fields[k]))])
		}
		id := fmt.Sprintf("doc%03d", i)
		field[id] = k
		b, _ := json.Marshal(map[string]string{"id": id, "lang": "zh", "text": strings.Join(words, "，") + "。"})
		f.Write(append(b, '\n'))
	}
	f.Close()
	out := filepath.Join(dir, "out")
	if _, err := job.Run(context.Background(), job.Config{Inputs: []string{src}, Out: out, Workers: 2}, resources(t)); err != nil {
		t.Fatal(err)
	}
	return out, field
}

func read[T any](t *testing.T, dir string) []T {
	t.Helper()
	parts, _ := filepath.Glob(filepath.Join(dir, "*.parquet"))
	var rows []T
	for _, p := range parts {
		rs, err := parquet.ReadFile[T](p)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, rs...)
	}
	return rows
}

func TestTopicsSeparateFields(t *testing.T) {
	out, field := corpus(t, 60)
	r := resources(t)
	opts := topicmodel.Options{K: 2, Workers: 2, Stopwords: r.Stopwords, TopTerms: 5}
	s, err := topicmodel.Run(context.Background(), out, r.Segmenter, r.Han, opts)
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents != 60 || s.K != 2 || s.Rows[topicmodel.TopicTerms] != 10 {
		t.Errorf("summary %+v", s)
	}
	terms := read[topicmodel.TermRow](t, filepath.Join(out, topicmodel.TopicTerms))
	// Each topic's five best terms come from one field.
	fieldOf := map[string]int{}
	for k, ws := range fields {
		for _, w := range ws {
			fieldOf[w] = k
		}
	}
	topicField := map[int32]int{}
	for _, row := range terms {
		f, ok := fieldOf[row.Term]
		if !ok {
			t.Fatalf("term %q is no word of the corpus", row.Term)
		}
		if row.Rank == 1 {
			topicField[row.Topic] = f
		} else if topicField[row.Topic] != f {
			t.Errorf("topic %d mixes the fields: %+v", row.Topic, row)
		}
		if row.Weight <= 0 || row.Weight > 1 {
			t.Errorf("weight %v", row.Weight)
		}
	}
	if len(topicField) != 2 || topicField[0] == topicField[1] {
		t.Fatalf("topics by field %v, want one topic per field", topicField)
	}
	// Each document's main topic is its field's.
	docs := read[topicmodel.DocumentTopicRow](t, filepath.Join(out, topicmodel.DocumentTopics))
	best := map[string]topicmodel.DocumentTopicRow{}
	for _, d := range docs {
		if d.Weight > best[d.DocID].Weight {
			best[d.DocID] = d
		}
	}
	for id, f := range field {
		if b, ok := best[id]; !ok || topicField[b.Topic] != f {
			t.Errorf("document %s (field %d): best topic %+v", id, f, b)
		}
	}

	// The same tables again, with another number of workers.
	opts.Workers, opts.Overwrite = 1, true
	if _, err := topicmodel.Run(context.Background(), out, r.Segmenter, r.Han, opts); err != nil {
		t.Fatal(err)
	}
	if again := read[topicmodel.TermRow](t, filepath.Join(out, topicmodel.TopicTerms)); !slices.Equal(again, terms) {
		t.Errorf("another worker count gave other topics:\n%v\n%v", again, terms)
	}
	if again := read[topicmodel.DocumentTopicRow](t, filepath.Join(out, topicmodel.DocumentTopics)); !slices.Equal(again, docs) {
		t.Error("another worker count gave other document topics")
	}
}

func TestRunRefuses(t *testing.T) {
	r := resources(t)
	opts := topicmodel.Options{K: 2, Stopwords: r.Stopwords}
	// No finished run.
	if _, err := topicmodel.Run(context.Background(), t.TempDir(), r.Segmenter, r.Han, opts); !errors.Is(err, topicmodel.ErrUsage) {
		t.Errorf("a directory without a run: %v", err)
	}
	out, _ := corpus(t, 20)
	if _, err := topicmodel.Run(context.Background(), out, r.Segmenter, r.Han, opts); err != nil {
		t.Fatal(err)
	}
	// An earlier model is kept unless asked.
	if _, err := topicmodel.Run(context.Background(), out, r.Segmenter, r.Han, opts); !errors.Is(err, topicmodel.ErrUsage) {
		t.Errorf("an earlier model was overwritten: %v", err)
	}
	// More topics than terms.
	opts.K, opts.Overwrite = 50, true
	if _, err := topicmodel.Run(context.Background(), out, r.Segmenter, r.Han, opts); !errors.Is(err, topicmodel.ErrUsage) {
		t.Errorf("50 topics over 20 terms: %v", err)
	}
	// Cancelled: no summary written.
	opts.K = 2
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := topicmodel.Run(ctx, out, r.Segmenter, r.Han, opts); err == nil {
		t.Error("a cancelled run succeeded")
	}
	if _, err := os.Stat(filepath.Join(out, topicmodel.SummaryName)); err == nil {
		t.Error("a cancelled run left a summary")
	}
}

func TestDigamma(t *testing.T) {
	for _, tt := range []struct{ x, want float64 }{
		{1, -0.5772156649015329}, {0.5, -1.9635100260214235}, {10, 2.251752589066721}, {0.01, -100.56088545786867},
	} {
		if got := topicmodel.Digamma(tt.x); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("digamma(%v) = %v, want %v", tt.x, got, tt.want)
		}
	}
}
