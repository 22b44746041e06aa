package eval

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entopic/entopic/ner"
)

var update = flag.Bool("update", false, "rewrite testdata/gold/*.jsonl from the annotated texts")

func TestParseMarkup(t *testing.T) {
	src := "id: a\nlang: zh\npublished: 2017-11-07\n---\n去年12月,[[LOC 中国]]出台《[[POLICY/strategy 国家网络空间安全战略 | date=2016-12; issuer=中国]]》。\n" +
		"[[DIALOGUE/dialogue 执法及网络安全对话 | participants=中国, 美国; ordinal=1]]和[[POLICY/charter 《[[ORG 联合国]]宪章》]]"
	d, err := ParseMarkup(src)
	if err != nil {
		t.Fatal(err)
	}
	if d.ID != "a" || d.Lang != "zh" || d.Published != "2017-11-07" {
		t.Errorf("header %+v", d)
	}
	wantText := "去年12月,中国出台《国家网络空间安全战略》。\n执法及网络安全对话和《联合国宪章》"
	if d.Text != wantText {
		t.Fatalf("text %q, want %q", d.Text, wantText)
	}
	var got []string
	for _, e := range d.Entities {
		got = append(got, e.Type+":"+string([]rune(d.Text)[e.Start:e.End]))
	}
	if want := "LOC:中国 POLICY:国家网络空间安全战略 DIALOGUE:执法及网络安全对话 POLICY:《联合国宪章》 ORG:联合国"; strings.Join(got, " ") != want {
		t.Errorf("entities %s, want %s", strings.Join(got, " "), want)
	}
	p := d.Entities[1].Attributes
	if p["date"] != "2016-12" || p["issuer"] != "中国" || p["subtype"] != "strategy" {
		t.Errorf("policy attributes %v", p)
	}
	dl := d.Entities[2].Attributes
	if dl["ordinal"] != float64(1) || len(dl["participants"].([]any)) != 2 || dl["date"] != "" {
		t.Errorf("dialogue attributes %v", dl)
	}
	if c := d.Entities[3].Attributes; c["issuer"] != "" || c["date"] != "" {
		t.Errorf("unstated attributes of a policy must be stated empty: %v", c)
	}

	for _, bad := range []string{
		"id: a\n[[LOC 中国]]",
		"id: a\n---\n[[LOC 中国",
		"id: a\n---\n[[LOC 中国 | ordinal=x]]",
		"id: a\n---\n[[LOC 中国 | colour=red]]",
		"id: a\nauthor: me\n---\n中国",
	} {
		if _, err := ParseMarkup(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestWriteGoldRoundTrip(t *testing.T) {
	d, err := ParseMarkup("id: x\nlang: en\n---\nThe first [[DIALOGUE/dialogue Law Enforcement and Cybersecurity Dialogue | participants=China,United States; ordinal=1]] ([[DIALOGUE/dialogue LECD | normalized=Law Enforcement and Cybersecurity Dialogue]]).")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteGold(&b, []Doc{d}); err != nil {
		t.Fatal(err)
	}
	docs, err := ReadGold(ner.Source{Path: writeFile(t, b.String())}, GoldOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Text != d.Text || len(docs[0].Entities) != 2 ||
		docs[0].Entities[1].Attributes["normalized"] != "Law Enforcement and Cybersecurity Dialogue" {
		t.Errorf("round trip gave %+v", docs)
	}
}

// TestGoldSets checks that each gold set of testdata/gold/ (NAME.jsonl, the
// file entopic eval reads) is what its annotated texts (NAME/*.txt) say;
// go test ./eval -update rewrites it after an edit of the texts.
func TestGoldSets(t *testing.T) {
	var dirs []string
	entries, _ := os.ReadDir("../testdata/gold")
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join("../testdata/gold", e.Name()))
		}
	}
	if len(dirs) == 0 {
		t.Skip("no gold sets in testdata/gold")
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		var docs []Doc
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ParseMarkup(string(b))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			docs = append(docs, d)
		}
		var b bytes.Buffer
		if err := WriteGold(&b, docs); err != nil {
			t.Fatal(err)
		}
		out := filepath.Clean(dir) + ".jsonl"
		if *update {
			if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(out)
		if err != nil || !bytes.Equal(have, b.Bytes()) {
			t.Errorf("%s is not what %s/*.txt say (go test ./eval -update rewrites it)", out, dir)
		}
	}
}
