package eval

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/entopic/entopic/stages/write"
)

// run writes a small run's documents and mentions tables.
func run(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	docs := []write.DocumentRow{{DocID: "a", Title: "中美会谈", Text: "中国发布《战略》。"}, {DocID: "b", Text: "第二份文件。"}}
	var ms []write.MentionRow
	for i := range 30 {
		id := []string{"a", "b"}[i%2]
		ms = append(ms, write.MentionRow{DocID: id, MentionID: int32(i), Field: "text", Type: []string{"POLICY", "LOC", "DIALOGUE"}[i%3],
			Text: "x", Start: 0, End: 1})
	}
	ms = append(ms, write.MentionRow{DocID: "a", MentionID: 30, Field: "title", Type: "DIALOGUE", Text: "中美会谈", Start: 0, End: 4})
	for table, save := range map[string]func(string) error{
		write.Documents: func(p string) error { return parquet.WriteFile(p, docs) },
		write.Mentions:  func(p string) error { return parquet.WriteFile(p, ms) },
	} {
		if err := os.MkdirAll(filepath.Join(dir, table), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := save(filepath.Join(dir, table, "part-00000.parquet")); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDrawSample(t *testing.T) {
	dir := run(t)
	key := func(items []AuditItem) string {
		var b strings.Builder
		for _, it := range items {
			b.WriteString(it.DocID + ":" + string(rune('0'+it.MentionID)) + " ")
		}
		return b.String()
	}
	a, err := DrawSample(dir, []string{"POLICY", "DIALOGUE"}, 8, 11)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DrawSample(dir, []string{"POLICY", "DIALOGUE"}, 8, 11)
	c, _ := DrawSample(dir, []string{"POLICY", "DIALOGUE"}, 8, 12)
	if len(a) != 8 || key(a) != key(b) {
		t.Errorf("the same seed drew %q and %q", key(a), key(b))
	}
	if key(a) == key(c) {
		t.Errorf("another seed drew the same sample %q", key(a))
	}
	for _, it := range a {
		if it.Type != "POLICY" && it.Type != "DIALOGUE" || it.Correct != nil || !strings.Contains(it.Context, "【") {
			t.Errorf("drawn %+v", it)
		}
	}
	if !slices.IsSortedFunc(a, func(x, y AuditItem) int { return strings.Compare(x.DocID, y.DocID) }) {
		t.Errorf("sample not in reading order: %q", key(a))
	}
	all, _ := DrawSample(dir, nil, 100, 1)
	if len(all) != 31 {
		t.Errorf("drew %d of 31 mentions", len(all))
	}
	for _, it := range all {
		if it.Field == "title" && it.Context != "【中美会谈】" {
			t.Errorf("a title mention in context %q", it.Context)
		}
	}
}

func TestAuditPrecision(t *testing.T) {
	items, err := ReadAudit(strings.NewReader(`{"type":"POLICY","correct":true}
{"type":"POLICY","correct":false}

{"type":"DIALOGUE","correct":true}
`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := AuditPrecision(items)
	if err != nil {
		t.Fatal(err)
	}
	if p := s["POLICY"]; p.Judged != 2 || p.Correct != 1 || p.Value != 0.5 || !(p.Low < 0.5 && p.High > 0.5) {
		t.Errorf("POLICY %+v", p)
	}
	if a := s["all"]; a.Judged != 3 || a.Correct != 2 {
		t.Errorf("all %+v", a)
	}
	// 90 of 100: the Wilson interval is about [0.826, 0.945].
	if lo, hi := wilson(90, 100); math.Abs(lo-0.8256) > 0.001 || math.Abs(hi-0.9448) > 0.001 {
		t.Errorf("wilson(90, 100) = %.4f, %.4f", lo, hi)
	}
	if _, err := AuditPrecision([]AuditItem{{Type: "POLICY"}}); err == nil {
		t.Error("an unjudged item was scored")
	}
	if _, err := ReadAudit(strings.NewReader("{not json\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed line: %v", err)
	}
}

// The judged audit sample of the README is whole: every mention judged.
func TestJudgedAudit(t *testing.T) {
	f, err := os.Open("../testdata/gold/audit-policy.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := ReadAudit(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := AuditPrecision(items)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 200 || s["all"].Judged != 200 {
		t.Errorf("%d items, %+v", len(items), s["all"])
	}
	for _, it := range items {
		if !*it.Correct && it.Note == "" {
			t.Errorf("%s %q judged wrong without a note", it.DocID, it.Text)
		}
	}
}
