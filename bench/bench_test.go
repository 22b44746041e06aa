package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entopic/entopic/job"
)

func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the models")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	lines := `{"id":"a","lang":"zh","text":"中国外交部发布《网络空间国际合作战略》。"}
{"id":"b","lang":"en","text":"The Paris Agreement was signed in 2016."}
`
	if err := os.WriteFile(in, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := job.LoadResources(job.ResourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), res, Options{Inputs: []string{in}, Size: 1000, Stages: true, TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// The two records are repeated, with fresh ids, up to 1000 bytes.
	if r.Docs < 8 || r.Bytes < 1000 || r.Floor.Docs != r.Docs || r.Pipeline.Docs != r.Docs {
		t.Errorf("report %+v", r)
	}
	if r.Pipeline.CPU <= 0 || r.Floor.CPU < 0 || r.Ratio <= 0 || r.Pipeline.AllocBytes == 0 {
		t.Errorf("figures %+v %+v ratio %v", r.Floor, r.Pipeline, r.Ratio)
	}
	var names []string
	for _, s := range r.Stages {
		names = append(names, s.Name)
		if s.Docs != r.Docs {
			t.Errorf("stage %s saw %d documents of %d", s.Name, s.Docs, r.Docs)
		}
	}
	if got := strings.Join(names, " "); !strings.Contains(got, "segment entities") {
		t.Errorf("stages %s", got)
	}
	if _, err := os.Stat(r.Corpus); !os.IsNotExist(err) {
		t.Errorf("the corpus %s was left behind", r.Corpus)
	}
}

func TestBuildCorpusRefusesEmptyInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, nil, 0o644)
	if _, _, err := buildCorpus([]string{empty}, 100, filepath.Join(dir, "c.jsonl")); err == nil {
		t.Error("an empty corpus was repeated")
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{not json\n"), 0o644)
	if _, _, err := buildCorpus([]string{bad}, 100, filepath.Join(dir, "c.jsonl")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a malformed corpus: %v", err)
	}
}
