package analyze_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/entopic/entopic/analyze"
	"github.com/entopic/entopic/internal/outputcheck"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/dedupe"
	"github.com/entopic/entopic/stages/read"
)

var (
	loadOnce sync.Once
	shared   *analyze.Analyzer
	loadErr  error
)

func analyzer(t testing.TB) *analyze.Analyzer {
	t.Helper()
	loadOnce.Do(func() { shared, loadErr = analyze.Load(analyze.Options{}) })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return shared
}

// Analyzing records one by one gives entopic run's tables exactly: the
// same stages, the same rows, errors included.
func TestAnalyzeEqualsRun(t *testing.T) {
	a := analyzer(t)
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "mixed.jsonl")
	lines := `{"id": "a", "lang": "zh", "text": "国务院总理李强在北京会见了来访的德国总理默茨。双方同意加强中德经贸合作。"}
{"id": "b", "text": "国务院总理李强在北京会见了来访的德国总理默茨。双方同意加强中德经贸合作。"}
not json
{"id": "c", "title": "Talks", "text": "Secretary of State Marco Rubio met Foreign Minister Wang Yi in Kuala Lumpur."}
{"id": "d"}
`
	if err := os.WriteFile(jsonl, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := []string{"../testdata/articles", "../testdata/html", jsonl}

	out := filepath.Join(dir, "run")
	if _, err := job.Run(context.Background(), job.Config{Inputs: inputs, Out: out, Workers: 2}, a.Resources()); err != nil {
		t.Fatal(err)
	}
	contract, err := outputcheck.LoadContract("../testdata/contract.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := outputcheck.Check(contract, out)
	if err != nil {
		t.Fatal(err)
	}

	r, err := read.New(inputs, read.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := &outputcheck.Output{}
	var dups dedupe.Index
	for d, err := range r.Docs(context.Background()) {
		if err == nil {
			err = a.AnalyzeDoc(context.Background(), d)
		}
		if err != nil {
			got.Errors = append(got.Errors, analyze.ErrorRow(d, err))
			continue
		}
		dups.Check(d)
		rows := analyze.Rows(d, false)
		got.Documents = append(got.Documents, rows.Document)
		got.Mentions = append(got.Mentions, rows.Mentions...)
		got.Entities = append(got.Entities, rows.Entities...)
		got.Topics = append(got.Topics, rows.Topics...)
		got.Keywords = append(got.Keywords, rows.Keywords...)
	}
	if err := outputcheck.Diff(want, got); err != nil {
		t.Error(err)
	}
	if len(got.Errors) != 2 || len(got.Documents) < 10 {
		t.Errorf("%d documents and %d errors; want the inputs' 2 bad records as errors", len(got.Documents), len(got.Errors))
	}
	dup := 0
	for _, d := range got.Documents {
		if d.DuplicateOf != "" {
			dup++
		}
	}
	if dup != 1 {
		t.Errorf("%d duplicates marked, want 1", dup)
	}
}

func TestAnalyzeRecordErrors(t *testing.T) {
	a := analyzer(t)
	d, err := a.Analyze(context.Background(), analyze.Record{Title: "only a title"})
	if err == nil {
		t.Fatal("a record without text was analysed")
	}
	row := analyze.ErrorRow(d, err)
	if row.Stage != "read" || row.DocID == "" {
		t.Errorf("error row %+v: want stage read and a doc_id", row)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Analyze(ctx, analyze.Record{Text: "cancelled"}); err == nil {
		t.Error("a cancelled context did not stop the analysis")
	}
	d1, err1 := a.Analyze(context.Background(), analyze.Record{Text: "Same text."})
	d2, err2 := a.Analyze(context.Background(), analyze.Record{Text: "Same text."})
	if err1 != nil || err2 != nil || d1.ID != d2.ID {
		t.Errorf("ids %q and %q (%v, %v): want one stable id for one content", d1.ID, d2.ID, err1, err2)
	}
}
