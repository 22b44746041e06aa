package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/stages/write"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gold")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadGoldFormats(t *testing.T) {
	tests := []struct {
		name, content string
		want          string // id|text|TYPE:surface … per document, documents separated by " / "
	}{
		{"character BIO", "中\tB-LOC\n国\tI-LOC\n人\tO\n\n李\tB-PER\n四\tI-PER\n",
			"1|中国人|LOC:中国 / 2|李四|PERSON:李四"},
		{"word-level CoNLL", "EU B-ORG\nrejects O\nGerman B-MISC\ncall O\n\nPeter B-PER\nBlackburn I-PER\n",
			"1|EU rejects German call|ORG:EU MISC:German / 2|Peter Blackburn|PERSON:Peter Blackburn"},
		{"CLUENER", `{"text": "浙商银行叶老桂", "label": {"name": {"叶老桂": [[4, 6]]}, "company": {"浙商银行": [[0, 3]]}}}`,
			"1|浙商银行叶老桂|ORG:浙商银行 PERSON:叶老桂"},
		{"entopic gold", `{"id":"a","text":"中国出台《战略》","lang":"zh","entities":[{"type":"POLICY","start":4,"end":8,"subtype":"strategy"},{"type":"LOC","start":0,"end":2,"text":"中国"}]}`,
			"a|中国出台《战略》|POLICY:《战略》 LOC:中国"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ReadGold(ner.Source{Path: writeFile(t, tt.content)}, GoldOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, d := range docs {
				s := d.ID + "|" + d.Text + "|"
				var es []string
				for _, e := range d.Entities {
					es = append(es, e.Type+":"+string([]rune(d.Text)[e.Start:e.End]))
				}
				parts = append(parts, s+strings.Join(es, " "))
			}
			if got := strings.Join(parts, " / "); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestEntopicGoldAttributesAndErrors(t *testing.T) {
	docs, err := ReadGold(ner.Source{Path: writeFile(t, `{"id":"a","text":"第四次对话","entities":[{"type":"DIALOGUE","start":0,"end":5,"ordinal":4,"participants":["中国","美国"]}]}`)}, GoldOptions{})
	if err != nil {
		t.Fatal(err)
	}
	attrs := docs[0].Entities[0].Attributes
	if attrs["ordinal"] != float64(4) || len(attrs["participants"].([]any)) != 2 || attrs["type"] != nil {
		t.Errorf("attributes %v", attrs)
	}
	for _, bad := range []string{
		`{"id":"a","text":"短","entities":[{"type":"LOC","start":0,"end":5}]}`,
		`{"id":"a","text":"中国","entities":[{"type":"LOC","start":0,"end":2,"text":"美国"}]}`,
		`{"id":"a","text":"中国","entities":[{"start":0,"end":2}]}`,
		`{"id":`,
	} {
		if _, err := ReadGold(ner.Source{Path: writeFile(t, bad)}, GoldOptions{}); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func TestRange(t *testing.T) {
	p := writeFile(t, "中\tB-LOC\n\n美\tB-LOC\n\n日\tB-LOC\n")
	docs, err := ReadGold(ner.Source{Path: p, From: 2, To: 3}, GoldOptions{})
	if err != nil || len(docs) != 2 || docs[0].Text != "美" {
		t.Fatalf("%v %v", docs, err)
	}
	if _, err := ReadGold(ner.Source{Path: p, From: 2, To: 9}, GoldOptions{}); err == nil {
		t.Error("a range past the end was accepted")
	}
}

func TestTitleCase(t *testing.T) {
	docs := TitleCase([]Doc{{Text: "the airlines agree to cut flights at O'Hare in the évening",
		Entities: []Entity{{Start: 37, End: 43, Type: "LOC"}}}})
	want := "The Airlines Agree to Cut Flights at O'Hare in the Évening"
	if docs[0].Text != want {
		t.Errorf("TitleCase = %q, want %q", docs[0].Text, want)
	}
	if e := docs[0].Entities[0]; string([]rune(docs[0].Text)[e.Start:e.End]) != "O'Hare" {
		t.Errorf("the entity's offsets moved")
	}
}

func TestAlign(t *testing.T) {
	tests := []struct{ gold, got, want string }{
		{"中国人", "中国人", "0 1 2"},
		{"１９９７年", "1997年", "0 1 2 3 4"},
		{"a  b\u200bc", "a bc", "0 1 3 5"},
		{"x", "y", "-1"},
	}
	for _, tt := range tests {
		var parts []string
		for _, i := range align(tt.gold, tt.got) {
			parts = append(parts, itoa(i))
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("align(%q, %q) = %s, want %s", tt.gold, tt.got, got, tt.want)
		}
	}
}

func itoa(i int) string {
	if i < 0 {
		return "-1"
	}
	return string(rune('0' + i))
}

func TestScore(t *testing.T) {
	gold := []Doc{
		{Text: "１９９７年江泽民访美", Entities: []Entity{{Type: "PERSON", Start: 5, End: 8}, {Type: "LOC", Start: 9, End: 10}}},
		{Text: "无", Entities: []Entity{{Type: "LOC", Start: 0, End: 1}}},
	}
	docs := []write.DocumentRow{{DocID: "0", Text: "1997年江泽民访美"}} // document 1 failed
	mentions := []write.MentionRow{
		{DocID: "0", Field: "text", Type: "PERSON", Start: 5, End: 8, Text: "江泽民"},
		{DocID: "0", Field: "text", Type: "LOC", Start: 8, End: 10, Text: "访美"},
		{DocID: "0", Field: "text", Type: "POLICY", Start: 0, End: 2},
		{DocID: "0", Field: "title", Type: "LOC", Start: 9, End: 10, Text: "美"}, // not the text's: not scored
	}
	r := score(gold, docs, mentions, nil)
	if r.Failed != 1 || r.Scores.Overall.Gold != 3 || r.Scores.Overall.Predicted != 2 || r.Scores.Overall.Correct != 1 {
		t.Errorf("result %+v overall %+v", r, r.Scores.Overall)
	}
	if _, ok := r.Scores.Types["POLICY"]; ok {
		t.Error("a type the gold does not hold was scored")
	}
}

// A line the cleaner left out of the gold text does not lose the
// alignment of what follows it.
func TestAlignOverALeftOutLine(t *testing.T) {
	got := align("甲乙\n广告行\n丙丁戊己庚辛壬癸子丑寅卯辰", "甲乙\n丙丁戊己庚辛壬癸子丑寅卯辰")
	if got[2] != 2 || got[3] != 7 || got[len(got)-1] != 19 {
		t.Errorf("align = %v", got)
	}
}
