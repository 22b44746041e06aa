package topics

import (
	"strings"
	"testing"

	"github.com/entopic/entopic/models"
)

func embedded(t *testing.T) *Taxonomy {
	t.Helper()
	b, err := models.Read("taxonomy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tax, err := ParseTaxonomy(b)
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

func TestEmbeddedTaxonomy(t *testing.T) {
	tax := embedded(t)
	if len(tax.Topics) < 20 {
		t.Errorf("%d topics, want at least 20", len(tax.Topics))
	}
	for _, tp := range tax.Topics {
		if len(tp.Terms["zh"]) == 0 || len(tp.Terms["en"]) == 0 {
			t.Errorf("topic %s lacks Chinese or English terms", tp.ID)
		}
	}
	if tax.Root("cybersecurity") != "technology" || tax.Root("technology") != "technology" {
		t.Error("Root does not follow parents")
	}
}

func TestParseTaxonomyErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"not yaml", "topics: [", "taxonomy:"},
		{"no topics", "version: 1\n", "no topics"},
		{"unknown field", "topics:\n  - id: a\n    label_zh: 甲\n    label_en: A\n    colour: red\n    terms: {zh: {甲: 1}}\n", "colour"},
		{"bad id", "topics:\n  - id: Bad-Id\n    label_zh: 甲\n    label_en: A\n    terms: {zh: {甲: 1}}\n", "line 2: topic id \"Bad-Id\""},
		{"duplicate id", "topics:\n  - id: a\n    label_zh: 甲\n    label_en: A\n    terms: {zh: {甲: 1}}\n  - id: a\n    label_zh: 乙\n    label_en: B\n    terms: {zh: {乙: 1}}\n", "line 6: topic id \"a\" appears twice"},
		{"missing label", "topics:\n  - id: a\n    label_zh: 甲\n    terms: {zh: {甲: 1}}\n", "line 2: topic \"a\" needs both"},
		{"no terms", "topics:\n  - id: a\n    label_zh: 甲\n    label_en: A\n", "line 2: topic \"a\" has no terms"},
		{"bad weight", "topics:\n  - id: a\n    label_zh: 甲\n    label_en: A\n    terms:\n      zh: {甲: 5}\n", "line 6: topic \"a\": term \"甲\" has weight 5"},
		{"bad language", "topics:\n  - id: a\n    label_zh: 甲\n    label_en: A\n    terms:\n      fr: {x: 1}\n", "line 6: topic \"a\": terms language \"fr\""},
		{"unknown parent", "topics:\n  - id: a\n    parent: nowhere\n    label_zh: 甲\n    label_en: A\n    terms: {zh: {甲: 1}}\n", "line 3: topic \"a\": parent \"nowhere\""},
		{"three levels", "topics:\n  - id: a\n    label_zh: 甲\n    label_en: A\n    terms: {zh: {甲: 1}}\n  - id: b\n    parent: a\n    label_zh: 乙\n    label_en: B\n    terms: {zh: {乙: 1}}\n  - id: c\n    parent: b\n    label_zh: 丙\n    label_en: C\n    terms: {zh: {丙: 1}}\n", "line 12: topic \"c\": parent \"b\" is not top-level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTaxonomy([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	tagger := New(embedded(t))
	tests := []struct {
		name, title, text string
		top               string // expected best topic
		absent            string // a topic that must not fire
	}{
		{"chinese cybersecurity", "", "黑客发动网络攻击,利用漏洞传播勒索软件,网络安全企业紧急修补。", "cybersecurity", "sports"},
		{"english cybersecurity", "", "Hackers used ransomware and malware in a cyberattack that exploited a vulnerability.", "cybersecurity", "sports"},
		{"english words whole only", "", "The cyberspace administration met; ransomwares are not words; thetradewar is not either.", "internet_governance", "trade"},
		{"sports", "湖人队赢得比赛", "球员在赛季最后一场比赛中进球,球队夺得联赛冠军。", "sports", "cybersecurity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tagger.Score(tt.title, tt.text)
			if len(got) == 0 || got[0].ID != tt.top {
				t.Fatalf("topics %+v, want %s first", got, tt.top)
			}
			for i, tp := range got {
				if tp.Rank != i+1 || tp.Score <= 0 || tp.Score > 1 || len(tp.Evidence) == 0 {
					t.Errorf("topic %+v: bad rank, score or evidence", tp)
				}
				if tp.ID == tt.absent {
					t.Errorf("topic %s fired", tt.absent)
				}
			}
		})
	}
}

func TestTitleCountsMore(t *testing.T) {
	tagger := New(embedded(t))
	body := strings.Repeat("今天天气很好,我们一起去公园散步。", 20)
	inTitle := tagger.Score("网络安全", body)
	inBody := tagger.Score("", body+"网络安全")
	var a, b float32
	for _, tp := range inTitle {
		if tp.ID == "cybersecurity" {
			a = tp.Score
		}
	}
	for _, tp := range inBody {
		if tp.ID == "cybersecurity" {
			b = tp.Score
		}
	}
	if a <= b {
		t.Errorf("a term in the title scores %v, in the body %v; want the title higher", a, b)
	}
}

func TestNothingBelowThreshold(t *testing.T) {
	tagger := New(embedded(t))
	if got := tagger.Score("", "今天天气很好。"); len(got) != 0 {
		t.Errorf("topics for a text about nothing: %+v", got)
	}
}
