package beamjob

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/entopic/entopic/internal/outputcheck"
	"github.com/entopic/entopic/job"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// The Beam pipeline writes the tables `entopic run` writes for the same
// inputs, row for row: over the sample articles and pages, and over 2,000
// news records in two files (one gzipped) with duplicates and bad records
// planted.
func TestSameTablesAsRun(t *testing.T) {
	dir := t.TempDir()
	corpus := sample(t, dir)
	inputs := append([]string{"../../testdata/articles", "../../testdata/html"}, corpus...)
	for _, tokens := range []bool{false, true} {
		t.Run(fmt.Sprintf("tokens=%v", tokens), func(t *testing.T) {
			if tokens && testing.Short() {
				t.Skip("short")
			}
			if tokens {
				// The tokens table on the small inputs only: it is the
				// largest table and adds nothing the others do not test.
				inputs = inputs[:2]
			}
			compare(t, dir, inputs, tokens)
		})
	}
}

func compare(t *testing.T, dir string, inputs []string, tokens bool) {
	a, err := sharedAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("tokens-%v", tokens)
	runOut := filepath.Join(dir, "run-"+name)
	if _, err := job.Run(context.Background(), job.Config{Inputs: inputs, Out: runOut, Workers: 2, Tokens: tokens}, a.Resources()); err != nil {
		t.Fatal(err)
	}
	beamOut := filepath.Join(dir, "beam-"+name)
	in, err := ResolveInputs(context.Background(), inputs)
	if err != nil {
		t.Fatal(err)
	}
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, Config{Inputs: in, Out: beamOut, Shards: 3, Tokens: tokens}); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}

	contract, err := outputcheck.LoadContract("../../testdata/contract.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := outputcheck.Check(contract, runOut)
	if err != nil {
		t.Fatalf("entopic run's output: %v", err)
	}
	got, err := outputcheck.Check(contract, beamOut)
	if err != nil {
		t.Fatalf("the Beam run's output: %v", err)
	}
	if err := outputcheck.Diff(want, got); err != nil {
		t.Error(err)
	}
	dups := 0
	for _, d := range got.Documents {
		if d.DuplicateOf != "" {
			dups++
		}
	}
	t.Logf("%d documents (%d duplicates), %d mentions, %d errors", len(got.Documents), dups, len(got.Mentions), len(got.Errors))
	if len(got.Documents) == 0 || len(got.Mentions) == 0 || !tokens && (len(got.Errors) < 10 || dups < 50) {
		t.Errorf("the comparison is too thin to mean much: %d documents, %d duplicates, %d mentions, %d errors",
			len(got.Documents), dups, len(got.Mentions), len(got.Errors))
	}
}

// sample writes the 2,000-record corpus: the benchmark corpora and the
// first AG News items, every 25th record again under a new id (an exact
// duplicate), every 40th with a sentence added (a near duplicate), and
// every 100th line broken. The first half goes to a .jsonl file, the rest
// to a .jsonl.gz.
func sample(t *testing.T, dir string) []string {
	var recs []map[string]any
	for _, name := range []string{"bench/zh-news.jsonl", "bench/en-news.jsonl", "topics/agnews-dev.jsonl"} {
		path := filepath.Join("../../../shared/data", name)
		f, err := os.Open(path)
		if err != nil {
			t.Skipf("the shared corpora are not here (%v): the equality test needs ../shared/data", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var r map[string]any
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			recs = append(recs, r)
		}
		f.Close()
	}
	var lines []string
	for i, r := range recs {
		if len(lines) >= 2000 {
			break
		}
		add := func(r map[string]any) {
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(b))
		}
		add(r)
		if i%25 == 0 {
			dup := clone(r)
			dup["id"] = fmt.Sprint(r["id"], "-copy")
			add(dup)
		}
		if i%40 == 0 {
			near := clone(r)
			near["id"] = fmt.Sprint(r["id"], "-edited")
			near["text"] = fmt.Sprint(r["text"], "\n本文有删改。")
			add(near)
		}
		if i%100 == 0 {
			lines = append(lines, `{"id": "broken", "text": `)
		}
	}
	half := len(lines) / 2
	plain := filepath.Join(dir, "news-1.jsonl")
	f, err := os.Create(plain)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines[:half] {
		fmt.Fprintln(f, l)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "news-2.jsonl.gz")
	g, err := os.Create(gz)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(g)
	for _, l := range lines[half:] {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	return []string{plain, gz}
}

func clone(r map[string]any) map[string]any {
	c := make(map[string]any, len(r))
	for k, v := range r {
		c[k] = v
	}
	return c
}
