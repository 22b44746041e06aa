package job_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entopic/entopic/internal/outputcheck"
	"github.com/entopic/entopic/job"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden/")

// root is the repository root; tests run the job from there.
var root string

func TestMain(m *testing.M) {
	var err error
	if root, err = filepath.Abs(".."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

var (
	resOnce sync.Once
	res     *job.Resources
	resErr  error
)

// resources loads the models once for the whole test binary.
func resources(t testing.TB) *job.Resources {
	t.Helper()
	resOnce.Do(func() { res, resErr = job.LoadResources(job.ResourceOptions{}) })
	if resErr != nil {
		t.Fatal(resErr)
	}
	return res
}

func contract(t testing.TB) outputcheck.Contract {
	t.Helper()
	c, err := outputcheck.LoadContract(filepath.Join(root, "testdata", "contract.json"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run runs the job on inputs, from the repository root so that sources
// (and so doc_ids) are the paths a user would give.
func run(t testing.TB, workers int, tokens bool, inputs ...string) (string, *job.Manifest) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	t.Chdir(root)
	m, err := job.Run(context.Background(), job.Config{Inputs: inputs, Out: out, Workers: workers, Tokens: tokens}, resources(t))
	if err != nil {
		t.Fatal(err)
	}
	return out, m
}

// TestSampleArticles is the end-to-end test over testdata/articles: what
// the README's first command produces, checked against the contract, the
// invariants, the expectations of the pipeline issue and the golden files.
func TestSampleArticles(t *testing.T) {
	out, m := run(t, 2, true, "testdata/articles")
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Documents) != 1 || len(o.Errors) != 0 || m.Counts.InputsSeen != 1 {
		t.Fatalf("%d documents, %d errors, %d inputs", len(o.Documents), len(o.Errors), m.Counts.InputsSeen)
	}
	text := o.Documents[0].Text
	for _, s := range []string{"信息技术的飞速发展", "唯一、有效的解决途径。”"} {
		if n := strings.Count(text, s); n != 1 {
			t.Errorf("the body holds %q %d times, want once", s, n)
		}
	}
	want := map[string]string{"习近平": "PERSON", "张家栋": "PERSON", "《国家网络空间安全战略》": "POLICY"}
	orgs := 0
	for _, mn := range o.Mentions {
		if typ, ok := want[mn.Text]; ok && typ == mn.Type {
			delete(want, mn.Text)
		}
		if mn.Type == "ORG" && strings.HasPrefix(mn.Text, "复旦大学") {
			orgs++
		}
	}
	if len(want) > 0 || orgs == 0 {
		t.Errorf("mentions missing: %v (复旦大学… ORG found %d times)", want, orgs)
	}
	if len(o.Topics) == 0 || len(o.Keywords) == 0 || len(o.Tokens) == 0 {
		t.Errorf("%d topics, %d keywords, %d tokens", len(o.Topics), len(o.Keywords), len(o.Tokens))
	}
	golden(t, "articles", o)
}

// golden compares the tables with testdata/golden/<name>/<table>.jsonl, one
// row per line, or rewrites them with -update.
func golden(t *testing.T, name string, o *outputcheck.Output) {
	t.Helper()
	tables := map[string]any{
		"documents": o.Documents, "mentions": o.Mentions, "entities": o.Entities, "topics": o.Topics,
		"keywords": o.Keywords, "tokens": o.Tokens, "errors": o.Errors,
	}
	dir := filepath.Join(root, "testdata", "golden", name)
	for _, table := range slices.Sorted(maps.Keys(tables)) {
		var buf bytes.Buffer
		b, _ := json.Marshal(tables[table])
		var rows []json.RawMessage
		json.Unmarshal(b, &rows)
		for _, r := range rows {
			buf.Write(r)
			buf.WriteByte('\n')
		}
		path := filepath.Join(dir, table+".jsonl")
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./job -update to create the golden files)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s differs from %s:\n%s\n(if the change is intended, run go test ./job -update and review the diff)",
				table, path, firstDiff(string(want), buf.String()))
		}
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d\nwant: %.300s\n got: %.300s", i+1, w, g)
		}
	}
	return ""
}

// TestDeterministicWhateverTheWorkers runs the same corpus with one and with
// four workers per stage: the tables must be byte-identical.
func TestDeterministicWhateverTheWorkers(t *testing.T) {
	corpus := filepath.Join(t.TempDir(), "corpus.jsonl")
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, `{"id":"d%02d","text":"第%d篇。复旦大学国际问题研究院教授张家栋认为,中国出台《国家网络空间安全战略》。 Hackers attacked the network in Washington."}`+"\n", i, i)
	}
	b.WriteString("not json\n")
	os.WriteFile(corpus, []byte(b.String()), 0o644)

	one, _ := run(t, 1, true, corpus)
	four, _ := run(t, 4, true, corpus)
	files, _ := filepath.Glob(filepath.Join(one, "*", "*.parquet"))
	if len(files) < 7 {
		t.Fatalf("only %d parts", len(files))
	}
	for _, f := range files {
		rel, _ := filepath.Rel(one, f)
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(four, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between 1 and 4 workers", rel)
		}
	}
}

// TestEveryRecordAccountedFor feeds good and bad records of every kind and
// checks that each ends as a document or an error row.
func TestEveryRecordAccountedFor(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.jsonl":  `{"id":"ok1","text":"网络安全。"}` + "\n" + `{"id":"nojson"` + "\n" + `{"id":"empty","text":""}` + "\n" + `{"id":"ok2","text":"Short."}` + "\n",
		"b.txt":    "正文。",
		"c.txt":    "\x81\x20\x81\x20\xff\xff\xff", // undecodable
		"d.txt":    " \n \u200b ",                  // nothing left after cleaning
		"e.md":     "# Title\n\nBody text.",
		"f.jsonl":  `{"id":"ok3","html":"<p>hi</p>"}`,
		"skip.pdf": "%PDF-1.4",
	}
	for name, content := range files {
		os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
	}
	out, m := run(t, 2, false, dir)
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Documents) != 5 || len(o.Errors) != 4 || m.Counts.InputsSeen != 9 || m.Counts.SkippedFiles != 1 {
		t.Errorf("%d documents, %d errors, %d seen, %d skipped", len(o.Documents), len(o.Errors),
			m.Counts.InputsSeen, m.Counts.SkippedFiles)
	}
	stages := map[string]int{}
	for _, e := range o.Errors {
		stages[e.Stage]++
		if e.Source == "" || e.Error == "" {
			t.Errorf("error row without source or message: %+v", e)
		}
	}
	if stages["read"] != 2 || stages["decode"] != 1 || stages["clean"] != 1 {
		t.Errorf("errors by stage %v", stages)
	}
}

func TestCancelledRunLeavesNoManifest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "out")
	t.Chdir(root)
	_, err := job.Run(ctx, job.Config{Inputs: []string{"testdata/articles"}, Out: out}, resources(t))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a cancelled run wrote a manifest")
	}
	tmp, _ := filepath.Glob(filepath.Join(out, "*", ".*"))
	if len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// A run cancelled while a stage works through a document of megabytes
// stops promptly: the long stages look at the context as they go.
func TestCancelStopsWithinALongDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("processes a long document")
	}
	res := resources(t)
	article, err := os.ReadFile(filepath.Join(root, "testdata", "articles", "zh-d1net-2017-11-07-cybersecurity.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 0; b.Len() < 3<<20; i++ {
		for line := range strings.Lines(string(article)) {
			fmt.Fprintf(&b, "%s（%d）\n", strings.TrimSpace(line), i)
		}
	}
	in := filepath.Join(t.TempDir(), "long.jsonl")
	rec, _ := json.Marshal(map[string]string{"id": "long", "lang": "zh", "text": b.String()})
	if err := os.WriteFile(in, append(rec, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := job.Run(ctx, job.Config{Inputs: []string{in}, Out: filepath.Join(t.TempDir(), "out"), Workers: 1}, res)
		done <- err
	}()
	time.Sleep(1500 * time.Millisecond) // well into the document's stages
	cancel()
	start := time.Now()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		// 2 s is the promise; the race detector slows the stages (and
		// with them the time to their next look at the context).
		if waited := time.Since(start); waited > slowdown*2*time.Second {
			t.Errorf("the run stopped %v after it was cancelled, want within %v", waited, slowdown*2*time.Second)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not stop within 20s of being cancelled")
	}
}

// TestDuplicatesFlaggedAndExtracted runs a corpus holding a copy and a
// lightly edited copy of an article: both are flagged, and both are still
// extracted like any document.
func TestDuplicatesFlaggedAndExtracted(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "testdata", "expected", "zh-d1net-2017-11-07-cybersecurity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p page
	json.Unmarshal(raw, &p)
	edited := strings.Replace(p.Text, "飞速发展", "快速发展", 1)
	var b strings.Builder
	for _, rec := range []struct{ id, text string }{{"orig", p.Text}, {"other", "另一篇文章,内容完全不同。"}, {"copy", p.Text}, {"edit", edited}} {
		line, _ := json.Marshal(map[string]string{"id": rec.id, "text": rec.text})
		b.Write(append(line, '\n'))
	}
	corpus := filepath.Join(t.TempDir(), "dups.jsonl")
	os.WriteFile(corpus, []byte(b.String()), 0o644)
	out, _ := run(t, 3, false, corpus)
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"orig": "", "other": "", "copy": "orig", "edit": "orig"}
	for _, d := range o.Documents {
		if d.DuplicateOf != want[d.DocID] {
			t.Errorf("%s: duplicate_of %q, want %q", d.DocID, d.DuplicateOf, want[d.DocID])
		}
		if len(d.ContentHash) != 32 {
			t.Errorf("%s: content_hash %q", d.DocID, d.ContentHash)
		}
	}
	perDoc := map[string]int{}
	for _, m := range o.Mentions {
		perDoc[m.DocID]++
	}
	if perDoc["copy"] == 0 || perDoc["copy"] != perDoc["orig"] || perDoc["edit"] == 0 {
		t.Errorf("mentions per document %v: duplicates must be extracted too", perDoc)
	}
}

// Names that enrichers add in a title (a titled English name) are the
// title's mentions, with offsets into the title.
func TestTitleMentionsAddedByRulesStayInTheTitle(t *testing.T) {
	line, _ := json.Marshal(map[string]string{"id": "t", "lang": "en",
		"title": "Foreign Minister Levy to visit Egypt soon",
		"text":  "The Palestinian Authority has taken over education in East Jerusalem. Voting began on Sunday in north Lebanon."})
	corpus := filepath.Join(t.TempDir(), "title.jsonl")
	os.WriteFile(corpus, append(line, '\n'), 0o644)
	out, _ := run(t, 1, false, corpus)
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range o.Mentions {
		if m.Text == "Levy" {
			found = true
			if m.Field != "title" {
				t.Errorf("Levy: field %q, want title", m.Field)
			}
		}
	}
	if !found {
		t.Error("the titled name in the title was not found")
	}
}
