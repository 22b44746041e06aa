package eval

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/write"
)

func TestShingles(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	// Seven tokens: four shingles; the prediction drops the last token.
	c := Shingles("the cat sat on the mat today", "the cat sat on the mat")
	if !near(c.TP, 3.0/4) || !near(c.FN, 1.0/4) || c.FP != 0 {
		t.Errorf("counts %+v", c)
	}
	if p, _ := c.Precision(); p != 1 {
		t.Errorf("precision %v", p)
	}
	if r, _ := c.Recall(); !near(r, 0.75) {
		t.Errorf("recall %v", r)
	}
	// Tokens are \w+ runs: punctuation and spacing do not count, case does.
	if c := Shingles("Hello, world—again!", "hello world again"); c.TP != 0 {
		t.Errorf("case should matter: %+v", c)
	}
	if c := Shingles("a b", "a, b!"); c.TP != 1 {
		t.Errorf("a short text is one shingle: %+v", c)
	}
	// An empty prediction has no precision to average and recall 0.
	c = Shingles("one two three four five", "")
	if _, ok := c.Precision(); ok {
		t.Error("empty prediction has a precision")
	}
	if r, ok := c.Recall(); !ok || r != 0 {
		t.Errorf("recall %v %v", r, ok)
	}
	s := ScoreBodies([]ShingleCounts{Shingles("a b c d e", "a b c d e"), Shingles("a b c d e", "")})
	if !near(s.Precision, 1) || !near(s.Recall, 0.5) || !near(s.F1, 2.0/3) {
		t.Errorf("score %+v", s)
	}
}

func TestPageChecks(t *testing.T) {
	str := func(s string) *string { return &s }
	published := time.Date(2019, 9, 7, 5, 43, 45, 0, time.UTC)
	d := write.DocumentRow{Title: "标题", Published: &published, Authors: []string{"李明"},
		Text: "第一段 开头。\n第二段。\n最后一句。", Lang: "zh"}
	c := PageChecks{Title: str("标题"), Published: str("2019-09-07T13:43:45+08:00"), Authors: &[]string{"李明"},
		First: str("第一段开头。"), Last: str("最后一句。"), Absent: []string{"责任编辑"}, Lang: str("zh")}
	for _, r := range c.check(d) {
		if !r.ok {
			t.Errorf("%s failed: %s", r.kind, r.detail)
		}
	}
	c = PageChecks{Published: str("2019-09-08"), Authors: &[]string{}, Absent: []string{"第二段"}}
	for _, r := range c.check(d) {
		if r.ok {
			t.Errorf("%s passed", r.kind)
		}
	}
	if !samePublished("", nil) || samePublished("", &published) || !samePublished("2019-09-07", &published) {
		t.Error("samePublished")
	}
}

func TestReadPages(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"abc.html.gz", "p1.html"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "ground-truth.json"), []byte(`{"abc": {"articleBody": "body", "url": "u"}}`), 0o644)
	pages, err := ReadPages(dir, "")
	if err != nil || len(pages) != 1 || pages[0].Body != "body" || filepath.Base(pages[0].Path) != "abc.html.gz" {
		t.Fatalf("benchmark pages %+v %v", pages, err)
	}
	checks := filepath.Join(dir, "checks.jsonl")
	os.WriteFile(checks, []byte("# comment\n{\"file\": \"p1\", \"title\": \"T\", \"absent\": [\"x\"]}\n"), 0o644)
	pages, err = ReadPages(dir, checks)
	if err != nil || len(pages) != 1 || pages[0].Checks == nil || *pages[0].Checks.Title != "T" {
		t.Fatalf("annotated pages %+v %v", pages, err)
	}
	os.WriteFile(checks, []byte(`{"file": "p1", "titel": "T"}`), 0o644)
	if _, err := ReadPages(dir, checks); err == nil {
		t.Error("an unknown field is accepted")
	}
	os.WriteFile(checks, []byte(`{"file": "missing"}`), 0o644)
	if _, err := ReadPages(dir, checks); err == nil {
		t.Error("a missing page is accepted")
	}
}

// extraction runs a page set of ../shared/data through the job.
func extraction(t *testing.T, dir, gold string) *ExtractionResult {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("pages not available (%v)", err)
	}
	if testing.Short() {
		t.Skip("runs web pages through the job")
	}
	pages, err := ReadPages(dir, gold)
	if err != nil {
		t.Fatal(err)
	}
	res, err := job.LoadResources(job.ResourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := RunExtraction(context.Background(), pages, res, Options{Workers: 2, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestExtractionOnBenchmark guards the article body's score on the pages of
// the article-extraction benchmark in ../shared/data (README, Results).
func TestExtractionOnBenchmark(t *testing.T) {
	r := extraction(t, "../../shared/data/extraction/aeb-dev", "")
	if r.Body == nil || r.Body.Pages != 91 || r.Body.F1 < 0.965 {
		t.Errorf("body %+v, want F1 ≥ 0.965 over 91 pages", r.Body)
	}
	for name, b := range r.Baselines {
		if b.F1 > r.Body.F1 {
			t.Errorf("%s scores %.4f, entopic %.4f", name, b.F1, r.Body.F1)
		}
	}
	// The clean stage adds precision and loses no recall to speak of.
	if b := r.Baselines[noClean]; b.Precision > r.Body.Precision || b.Recall > r.Body.Recall+0.002 {
		t.Errorf("before the clean stage %+v, after %+v", b, *r.Body)
	}
}

// TestExtractionOnChinesePages guards the checks of the Chinese news pages
// of ../shared/data annotated in testdata/extraction (README, Results): as
// HTML, and as the text pages a scraper that keeps only the visible text
// would make of them.
func TestExtractionOnChinesePages(t *testing.T) {
	const gold = "../testdata/extraction/zh-news-html.jsonl"
	r := extraction(t, "../../shared/data/extraction/zh-news-html", gold)
	if all := r.Checks["all"]; all == nil || all.Total < 300 || all.Rate < 0.95 {
		t.Errorf("checks %+v, want ≥ 95%% of at least 300", all)
	}
	for _, k := range []string{"title", "encoding", "lang", "absent"} {
		if c := r.Checks[k]; c == nil || c.Rate < 0.95 {
			t.Errorf("%s checks %+v", k, c)
		}
	}
}
