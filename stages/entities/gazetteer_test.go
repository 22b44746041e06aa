package entities

import (
	"strings"
	"testing"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
)

func TestParseGazetteer(t *testing.T) {
	tests := []struct {
		name, src string
		yaml      bool
		want      string // type/subtype name [aliases] =normalized …, or the error
	}{
		{"tsv", "# comment\nORG\tcompany\t华为\t华为公司|华为技术有限公司\t华为\n\nPOLICY\tlaw\t网络安全法\n", false,
			"ORG/company 华为 [华为公司 华为技术有限公司] =华为 POLICY/law 网络安全法 [] ="},
		{"tsv wrong field count", "ORG\t华为\n", false, "line 1: want type, subtype, name, aliases, normalized"},
		{"tsv unknown type", "# x\nCOMPANY\t\t华为\n", false, `line 2: type "COMPANY" is not one of`},
		{"tsv no name", "ORG\tcompany\t\n", false, "line 1: no name"},
		{"yaml", "- type: DIALOGUE\n  subtype: dialogue\n  name: 中美全面经济对话\n  aliases: [全面经济对话]\n", true,
			"DIALOGUE/dialogue 中美全面经济对话 [全面经济对话] ="},
		{"yaml unknown type", "- type: ORG\n  name: 甲\n- type: THING\n  name: 乙\n", true, `line 3: type "THING"`},
		{"yaml unknown key", "- type: ORG\n  nam: 甲\n", true, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, err := ParseGazetteer([]byte(tt.src), tt.yaml)
			var got string
			if err != nil {
				got = err.Error()
			} else {
				var parts []string
				for _, e := range es {
					parts = append(parts, e.Type+"/"+e.Subtype+" "+e.Name+" ["+strings.Join(e.Aliases, " ")+"] ="+e.Normalized)
				}
				got = strings.Join(parts, " ")
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGazetteer(t *testing.T) {
	han := hanzi.New([]byte("國\t国\n"))
	embedded := []Entry{
		{Type: "ORG", Subtype: "multilateral", Name: "上海合作组织", Aliases: []string{"上合组织"}},
		{Type: "LOC", Subtype: "country", Name: "中国", Aliases: []string{"中", "~我国"}},
		{Type: "ORG", Name: "阿里巴巴"},
	}
	user := []Entry{{Type: "ORG", Subtype: "company", Name: "阿里巴巴", Normalized: "阿里巴巴集团"}}
	g := NewGazetteer(han, embedded, user)
	// 上合组织 and 中國 are words of the text; 中 is never searched, but a
	// model's mention that reads so is normalized.
	d := &entopic.Doc{Text: "中國借助上合组织与阿里巴巴合作,我国和中方都支持。"}
	words := []string{"中國", "借助", "上合组织", "与", "阿里巴巴", "合作", ",", "我国", "和", "中方", "都", "支持", "。"}
	pos := 0
	for _, w := range words {
		n := len([]rune(w))
		d.Tokens = append(d.Tokens, entopic.Token{Span: entopic.Span{Start: pos, End: pos + n}, Text: w})
		pos += n
	}
	var got []string
	for _, m := range g.Recognize(d) {
		got = append(got, m.Type+":"+string([]rune(d.Text)[m.Start:m.End])+"="+m.Normalized+"/"+m.Subtype)
	}
	if want := "LOC:中國=中国/country ORG:上合组织=上海合作组织/multilateral ORG:阿里巴巴=阿里巴巴集团/company"; strings.Join(got, " ") != want {
		t.Errorf("found %s\nwant  %s", strings.Join(got, " "), want)
	}
	d.Mentions = []entopic.Mention{
		{Span: entopic.Span{Start: 19, End: 21}, Type: "LOC", Text: "我国", Normalized: "我国", Method: "model"},
		{Span: entopic.Span{Start: 22, End: 24}, Type: "ORG", Text: "中方", Normalized: "中方", Method: "model"},
		{Span: entopic.Span{Start: 0, End: 4}, Type: "ORG", Text: "北京大学", Normalized: "北京大学", Method: "model"},
	}
	g.Enrich(d)
	var enriched []string
	for _, m := range d.Mentions {
		enriched = append(enriched, m.Text+"="+m.Normalized+"/"+m.Subtype)
	}
	if want := "我国=中国/country 中方=中方/ 北京大学=北京大学/university"; strings.Join(enriched, " ") != want {
		t.Errorf("enriched %s\nwant     %s", strings.Join(enriched, " "), want)
	}
}

func TestGazetteerNamesInTheDocumentsScript(t *testing.T) {
	g := NewGazetteer(nil, []Entry{
		{Type: "ORG", Name: "二十国集团", Aliases: []string{"G20"}, Normalized: "二十国集团 (G20)"},
		{Type: "ORG", Name: "Group of 20", Aliases: []string{"G20"}, Normalized: "G20"},
	})
	for _, tt := range []struct{ lang, text, want string }{
		{"en", "Leaders met at the G20 in Osaka.", "G20"},
		{"zh", "G20峰会在杭州举行。", "二十国集团 (G20)"},
	} {
		d := &entopic.Doc{Text: tt.text, Lang: tt.lang}
		ms := g.Recognize(d)
		if len(ms) != 1 || ms[0].Normalized != tt.want {
			t.Errorf("%s: %+v, want one mention normalized %q", tt.lang, ms, tt.want)
		}
	}
	if e, _ := g.lookup("G20", "ORG"); e.Name != "Group of 20" {
		t.Errorf("a Latin surface looked up as %+v", e)
	}
}

func TestOrganizationSubtypes(t *testing.T) {
	for name, want := range map[string]string{"复旦大学": "university", "Ministry of Foreign Affairs": "government",
		"University of Hong Kong": "university", "国际问题研究院": "research", "Acme Corp.": "company", "星期五": ""} {
		if got := OrgSubtype(name); got != want {
			t.Errorf("OrgSubtype(%q) = %q, want %q", name, got, want)
		}
	}
}

// English names of documents and meetings of two words or more are found
// in any case; other names, and one-word ones, only as written.
func TestGazetteerFoldsCaseOfDocumentNames(t *testing.T) {
	g := NewGazetteer(nil, []Entry{
		{Type: "DIALOGUE", Name: "Strategic and Economic Dialogue", Aliases: []string{"S&ED"}},
		{Type: "ORG", Name: "World Bank"},
		{Type: "POLICY", Name: "Brexit"},
	})
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"They held the strategic and economic dialogue.", []string{"strategic and economic dialogue"}},
		{"THE STRATEGIC AND ECONOMIC DIALOGUE ENDS", []string{"STRATEGIC AND ECONOMIC DIALOGUE"}},
		{"The Strategic and Economic Dialogue and the S&ED.", []string{"Strategic and Economic Dialogue", "S&ED"}},
		{"the world bank and brexit", nil},
		{"a nonstrategic and economic dialogues", nil},
	} {
		d := &entopic.Doc{Text: tt.text, Lang: "en"}
		var got []string
		for _, m := range g.Recognize(d) {
			got = append(got, string([]rune(d.Text)[m.Start:m.End]))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q: found %q, want %q", tt.text, got, tt.want)
		}
	}
}
