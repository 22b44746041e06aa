package topics

import (
	"slices"
	"strings"
	"testing"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
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
	if len(tax.Topics) < 60 {
		t.Errorf("%d topics, want at least 60", len(tax.Topics))
	}
	roots := 0
	for _, tp := range tax.Topics {
		if tp.Parent == "" {
			roots++
		}
	}
	if roots < 10 || roots > len(tax.Topics)/3 {
		t.Errorf("%d top-level topics of %d: want a two-level hierarchy", roots, len(tax.Topics))
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
		{"bad entity kind", "topics:\n  - id: a\n    label_zh: 甲\n    label_en: A\n    terms: {zh: {甲: 1}}\n    entities: {COMPANY: 1}\n", "line 6: topic \"a\": entity kind \"COMPANY\""},
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
	tagger := New(embedded(t), Options{})
	tests := []struct {
		name, title, text string
		top               string // expected best topic
		absent            string // a topic that must not fire
	}{
		{"chinese cybersecurity", "", "黑客发动网络攻击,利用漏洞传播勒索软件,网络安全企业紧急修补。", "cybersecurity", "sports"},
		{"english cybersecurity", "", "Hackers used ransomware and malware in a cyberattack that exploited a vulnerability.", "cybersecurity", "sports"},
		{"english words whole only", "", "The cyberspace administration met; ransomwareattacks are not words; thetradewar is not either.", "internet_governance", "trade"},
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
	tagger := New(embedded(t), Options{})
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
	tagger := New(embedded(t), Options{})
	if got := tagger.Score("", "今天天气很好。"); len(got) != 0 {
		t.Errorf("topics for a text about nothing: %+v", got)
	}
}

func TestAcronymsMatchOnlyInCapitals(t *testing.T) {
	tagger := New(embedded(t), Options{})
	for _, text := range []string{"Who said that the fed cat was ai-generated?", "The who and the nba"} {
		for _, tp := range tagger.Score("", text) {
			if tp.ID == "public_health" || tp.ID == "basketball" || tp.ID == "artificial_intelligence" {
				t.Errorf("%q: topic %s fired on a lowercase word", text, tp.ID)
			}
		}
	}
	got := tagger.Score("", "The WHO declared a pandemic; the NBA suspended its season.")
	ids := map[string]bool{}
	for _, tp := range got {
		ids[tp.ID] = true
	}
	if !ids["public_health"] || !ids["basketball"] {
		t.Errorf("topics %v lack public_health or basketball", got)
	}
}

func TestLongestTermCounts(t *testing.T) {
	tagger := New(embedded(t), Options{})
	got := tagger.Score("", "构建网络空间命运共同体。")
	for _, tp := range got {
		if tp.ID == "internet_governance" {
			if len(tp.Evidence) != 1 || tp.Evidence[0] != "网络空间命运共同体" {
				t.Errorf("evidence %v, want only the longest term", tp.Evidence)
			}
			return
		}
	}
	t.Errorf("internet_governance not found in %+v", got)
}

func TestEntitiesSupportTopics(t *testing.T) {
	tagger := New(embedded(t), Options{})
	text := "会议在北京举行,与会代表讨论了有关问题,也谈到黑客和漏洞。"
	plain := tagger.Score("", text)
	named := tagger.Score("", text,
		entopic.Mention{Type: entopic.TypeOrg, Subtype: "government", Text: "国务院", Normalized: "国务院"},
		entopic.Mention{Type: entopic.TypeOrg, Subtype: "government", Text: "外交部", Normalized: "外交部"},
		entopic.Mention{Type: entopic.TypePolicy, Text: "《网络安全法》", Normalized: "网络安全法"})
	score := func(ts []entopic.Topic, id string) float32 {
		for _, tp := range ts {
			if tp.ID == id {
				return tp.Score
			}
		}
		return 0
	}
	if score(named, "politics") <= score(plain, "politics") {
		t.Errorf("government bodies do not support politics: %v vs %v", named, plain)
	}
	if score(named, "cybersecurity") <= score(plain, "cybersecurity") {
		t.Errorf("a policy named 网络安全法 does not support cybersecurity: %v vs %v", named, plain)
	}
}

func TestSubtopicBeforeItsParent(t *testing.T) {
	tagger := New(embedded(t), Options{})
	got := tagger.Score("勒索软件攻击", "黑客利用漏洞发动网络攻击,传播勒索软件和恶意软件。网络安全公司发布预警。")
	if len(got) < 2 || got[0].ID != "cybersecurity" {
		t.Fatalf("topics %+v, want cybersecurity first", got)
	}
}

func TestTraditionalThroughSimplified(t *testing.T) {
	han := hanzi.New([]byte("網\t网\n絡\t络\n攻\t攻\n擊\t击\n"))
	tagger := New(embedded(t), Options{Han: han})
	got := tagger.Score("", "黑客發動網絡攻擊。")
	if len(got) == 0 || got[0].ID != "cybersecurity" {
		t.Errorf("topics %+v, want cybersecurity first", got)
	}
}

func TestDeterministic(t *testing.T) {
	tagger := New(embedded(t), Options{})
	text := strings.Repeat("网络安全 国际合作 贸易 股市 足球 电影 游戏 房价 装修 高考 ", 30)
	first := tagger.Score("标题", text)
	for range 20 {
		again := tagger.Score("标题", text)
		for i := range first {
			if first[i].ID != again[i].ID || first[i].Score != again[i].Score || strings.Join(first[i].Evidence, " ") != strings.Join(again[i].Evidence, " ") {
				t.Fatalf("run differs: %+v vs %+v", first[i], again[i])
			}
		}
	}
}

// English terms match their inflections and phrases across them, names as
// written, and not words that share only a stem or sit inside a person's
// name.
func TestEnglishTermsByStem(t *testing.T) {
	tax, err := ParseTaxonomy([]byte(`version: 1
topics:
  - id: finance
    label_zh: 金融
    label_en: Finance
    terms:
      zh: {金融: 3}
      en: {"interest rate": 3, customs: 3, "Wall Street": 3, bill: 3, celebrities: 3, premier: 3, Pfizer: 3, eBay: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	tagger := New(tax, Options{})
	evidence := func(text string, mentions ...entopic.Mention) []string {
		for _, tp := range tagger.Score("", text, mentions...) {
			return tp.Evidence
		}
		return nil
	}
	for text, want := range map[string]string{
		"The bank raised interest rates again.":       "interest rate",
		"Stocks fell on Wall Street.":                 "Wall Street",
		"Goods wait at customs.":                      "customs",
		"A customer was celebrating the premiere.":    "",
		"The wall street of the old town is narrow.":  "",
		"Lawmakers passed the bill; the bills passed": "bill",
		"Chicago to Hold EBay Auction":                "eBay",
		"Shares of eBay rose.":                        "eBay",
	} {
		if got := strings.Join(evidence(text), " "); got != want {
			t.Errorf("%q: evidence %q, want %q", text, got, want)
		}
	}
	coach := entopic.Mention{Span: entopic.Span{Start: 0, End: 13}, Type: entopic.TypePerson, Text: "Bill Belichick"}
	if got := evidence("Bill Belichick praised the receivers.", coach); got != nil {
		t.Errorf("a word of a person's name counted: %v", got)
	}
	// A name the taxonomy lists, read whole as a person, is the name.
	company := entopic.Mention{Span: entopic.Span{Start: 0, End: 6}, Type: entopic.TypePerson, Text: "Pfizer"}
	if got := evidence("Pfizer settled the claims.", company); !slices.Equal(got, []string{"Pfizer"}) {
		t.Errorf("a listed name read as a person: evidence %v, want [Pfizer]", got)
	}
}

func TestInflected(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"rate", "rates", true}, {"company", "companies", true}, {"stop", "stopped", true},
		{"make", "making", true}, {"tax", "taxes", true}, {"celebrities", "celebrating", false},
		{"customs", "customer", false}, {"renewable", "renewed", false}, {"premier", "premiere", false},
		{"developer", "development", false},
	} {
		if got := inflected(tt.a, tt.b); got != tt.want {
			t.Errorf("inflected(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
