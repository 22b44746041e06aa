package write_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/internal/outputcheck"
	"github.com/entopic/entopic/pipeline"
	"github.com/entopic/entopic/stages/write"
)

func sampleDoc(id string) *entopic.Doc {
	return &entopic.Doc{
		ID: id, Source: "a.jsonl", Pos: 3, Encoding: "utf-8", Lang: "zh", Title: "标题",
		Published: time.Date(2017, 11, 7, 9, 29, 11, 0, time.UTC), PublishedText: "2017-11-07 17:29:11",
		Authors: []string{"兰旻", "胡逸静"}, Text: "中国出台《战略》。",
		Sentences: []entopic.Span{{Start: 0, End: 9}},
		Tokens:    []entopic.Token{{Span: entopic.Span{Start: 0, End: 2}, Text: "中国", POS: "ns"}},
		Mentions: []entopic.Mention{{Span: entopic.Span{Start: 4, End: 8}, Type: "POLICY", Text: "《战略》",
			Normalized: "战略", Method: "pattern", Confidence: 0.6, Ordinal: 4, Participants: []string{"中国"}}},
		Entities: []entopic.Entity{{Type: "POLICY", Normalized: "战略", Mentions: 1, SurfaceForms: []string{"《战略》"}, Salience: 0.5}},
		Topics:   []entopic.Topic{{ID: "politics", LabelZH: "时政", LabelEN: "Politics", Score: 0.5, Rank: 1, Method: "taxonomy"}},
		Keywords: []entopic.Keyword{{Keyword: "战略", Score: 1, Rank: 1, Method: "tfidf"}},
	}
}

func contract(t *testing.T) outputcheck.Contract {
	t.Helper()
	c, err := outputcheck.LoadContract("../../testdata/contract.json")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeRun(t *testing.T, dir string, partRows int64, docs int) *write.Writer {
	t.Helper()
	w, err := write.New(write.Options{Dir: dir, Tokens: true, PartRows: partRows})
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		id := string(rune('a' + i))
		if err := w.Write(pipeline.Result[*entopic.Doc]{Item: sampleDoc(id)}); err != nil {
			t.Fatal(err)
		}
	}
	bad := &entopic.Doc{ID: "bad", Source: "b.txt", Raw: []byte("\xff\xfe" + strings.Repeat("长", 300))}
	if err := w.Write(pipeline.Result[*entopic.Doc]{Item: bad, Stage: "decode", Err: errors.New("undecodable")}); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestTablesMatchTheContract(t *testing.T) {
	dir := t.TempDir()
	w := writeRun(t, dir, 0, 3)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rows := w.Rows()
	if err := w.WriteManifest(map[string]any{"rows": rows, "counts": map[string]any{"inputs_seen": 4}}); err != nil {
		t.Fatal(err)
	}
	out, err := outputcheck.Check(contract(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	d := out.Documents[0]
	if d.Published == nil || !d.Published.Equal(time.Date(2017, 11, 7, 9, 29, 11, 0, time.UTC)) ||
		!slices.Equal(d.Authors, []string{"兰旻", "胡逸静"}) || d.Editor != "" || d.Chars != 9 {
		t.Errorf("document row %+v", d)
	}
	if m := out.Mentions[0]; m.Ordinal == nil || *m.Ordinal != 4 || m.Role != "" {
		t.Errorf("mention row %+v", m)
	}
	e := out.Errors[0]
	if e.Stage != "decode" || e.Error != "undecodable" || len([]rune(e.Excerpt)) != 200 || e.DocID != "bad" {
		t.Errorf("error row %+v (excerpt of %d characters)", e, len([]rune(e.Excerpt)))
	}
}

func TestNullsAreNulls(t *testing.T) {
	dir := t.TempDir()
	w, err := write.New(write.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	d := &entopic.Doc{ID: "x", Source: "x.txt", Text: "t"}
	if err := w.Write(pipeline.Result[*entopic.Doc]{Item: d}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "documents", "part-00000.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	// Unknown metadata is null, not an empty string or an empty list.
	rows := make([]parquet.Row, 1)
	rr := pf.RowGroups()[0].Rows()
	defer rr.Close()
	if n, _ := rr.ReadRows(rows); n != 1 {
		t.Fatal("no row")
	}
	for _, col := range [][]string{{"title"}, {"published"}, {"authors", "list", "element"}, {"editor"}, {"duplicate_of"}} {
		leaf, ok := pf.Schema().Lookup(col...)
		if !ok {
			t.Fatalf("no column %s", col)
		}
		for _, v := range rows[0] {
			if v.Column() == leaf.ColumnIndex && !v.IsNull() {
				t.Errorf("column %s holds %v, want null", col[0], v)
			}
		}
	}
}

func TestPartsRollAndEmptyTablesHaveOnePart(t *testing.T) {
	dir := t.TempDir()
	w := writeRun(t, dir, 2, 5)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	parts := func(table string) []string {
		m, _ := filepath.Glob(filepath.Join(dir, table, "*"))
		for i := range m {
			m[i] = filepath.Base(m[i])
		}
		return m
	}
	if got := parts("documents"); !slices.Equal(got, []string{"part-00000.parquet", "part-00001.parquet", "part-00002.parquet"}) {
		t.Errorf("documents parts %v", got)
	}
	// The errors table has one row; a run without errors still writes a
	// part so that the table reads as a dataset.
	if got := parts("errors"); len(got) != 1 {
		t.Errorf("errors parts %v", got)
	}
	hidden, _ := filepath.Glob(filepath.Join(dir, "*", ".*"))
	if len(hidden) != 0 {
		t.Errorf("temporary files left: %v", hidden)
	}
}

func TestAbortLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	w := writeRun(t, dir, 2, 3) // documents: one full part and one open
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	all, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	hidden, _ := filepath.Glob(filepath.Join(dir, "*", ".*"))
	for _, p := range append(all, hidden...) {
		if filepath.Base(p) != "part-00000.parquet" {
			t.Errorf("left %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "documents", "part-00000.parquet")); err != nil {
		t.Errorf("the complete part is gone: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, write.ManifestName)); !errors.Is(err, os.ErrNotExist) {
		t.Error("an aborted run has a manifest")
	}
}

func TestOutputDirectoryRules(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(dir string)
		overwrite bool
		wantErr   string
	}{
		{"new directory", func(dir string) { os.Remove(dir) }, false, ""},
		{"empty directory", func(string) {}, false, ""},
		{"earlier run refused", func(dir string) { os.WriteFile(filepath.Join(dir, "manifest.json"), nil, 0o644) }, false, "--overwrite"},
		{"earlier run overwritten", func(dir string) {
			os.MkdirAll(filepath.Join(dir, "documents"), 0o755)
			os.WriteFile(filepath.Join(dir, "documents", ".part-00003.parquet.tmp"), nil, 0o644)
			os.WriteFile(filepath.Join(dir, "manifest.json"), nil, 0o644)
		}, true, ""},
		{"foreign files kept", func(dir string) { os.WriteFile(filepath.Join(dir, "thesis.docx"), nil, 0o644) }, true, "thesis.docx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			os.MkdirAll(dir, 0o755)
			tt.setup(dir)
			w, err := write.New(write.Options{Dir: dir, Overwrite: tt.overwrite})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if left, _ := filepath.Glob(filepath.Join(dir, "documents", "*")); len(left) != 0 {
					t.Errorf("earlier output left: %v", left)
				}
				w.Abort()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}
