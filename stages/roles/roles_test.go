package roles_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/models"
	"github.com/entopic/entopic/stages/roles"
	"github.com/entopic/entopic/stages/segment"
)

var (
	loadOnce sync.Once
	seg      *segment.Segmenter
	rules    *roles.Rules
	loadErr  error
)

func load(t testing.TB) (*segment.Segmenter, *roles.Rules) {
	t.Helper()
	loadOnce.Do(func() {
		read := func(name string) []byte {
			b, err := models.Read(name)
			if err != nil && loadErr == nil {
				loadErr = err
			}
			return b
		}
		var han *hanzi.Converter
		if seg, han, loadErr = job.LoadSegmenter(); loadErr != nil {
			return
		}
		rules, loadErr = roles.Parse(read("roles.yaml"), han)
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return seg, rules
}

// given is a mention the entities stage found before the roles rules run:
// the first occurrence of text, with its type and normalized name.
type given struct{ typ, text, norm string }

func TestRoles(t *testing.T) {
	tests := []struct {
		name, lang, text string
		mentions         []given
		want             []string // PERSON mentions: name|role|affiliation
	}{
		{"affiliation beyond the organization found", "zh", "复旦大学国际问题研究院教授张家栋认为,合作是关键。",
			[]given{{"ORG", "复旦大学", ""}, {"PERSON", "张家栋", ""}}, []string{"张家栋|教授|复旦大学国际问题研究院"}},
		{"country and title", "zh", "面对质疑,中国国家主席习近平指出:", []given{{"LOC", "中国", ""}, {"PERSON", "习近平", ""}},
			[]string{"习近平|国家主席|中国"}},
		{"affiliation ends at a preposition", "zh", "在中国信息安全研究院副院长左晓栋看来,分歧可以管控。",
			[]given{{"ORG", "中国信息安全研究院", ""}, {"PERSON", "左晓栋", ""}}, []string{"左晓栋|副院长|中国信息安全研究院"}},
		{"joined names of an institute", "zh", "现代国际关系研究院信息与社会发展研究所副所长唐岚表示,合作是关键。",
			[]given{{"ORG", "社会发展研究所", ""}, {"PERSON", "唐岚", ""}}, []string{"唐岚|副所长|现代国际关系研究院信息与社会发展研究所"}},
		{"a field is part of the role", "zh", "网络技术专家金波说:“需要合作。”", []given{{"PERSON", "金波", ""}},
			[]string{"金波|网络技术专家|"}},
		{"ministry and spokesperson", "zh", "外交部发言人华春莹表示。", []given{{"ORG", "外交部", ""}, {"PERSON", "华春莹", ""}},
			[]string{"华春莹|发言人|外交部"}},
		{"abbreviated country normalized", "zh", "他会见了美总统特朗普。", []given{{"LOC", "美", "美国"}, {"PERSON", "特朗普", ""}},
			[]string{"特朗普|总统|美国"}},
		{"joined titles", "zh", "国务委员兼外长王毅会见了他。", []given{{"PERSON", "王毅", ""}}, []string{"王毅|国务委员兼外长|"}},
		{"traditional", "zh", "復旦大學國際問題研究院教授張家棟認為。", []given{{"ORG", "復旦大學", ""}, {"PERSON", "張家棟", ""}},
			[]string{"張家棟|教授|復旦大學國際問題研究院"}},
		{"the affiliation starts after a dateline", "zh", "新华社北京4月20日电解放军总参谋部动员部原顾问兰侨同志因病逝世。",
			[]given{{"ORG", "新华社", ""}, {"LOC", "北京", ""}, {"ORG", "解放军总参谋部", ""}, {"PERSON", "兰侨", ""}},
			[]string{"兰侨|原顾问|解放军总参谋部动员部"}},
		{"no title", "zh", "张家栋认为,合作是关键。", []given{{"PERSON", "张家栋", ""}}, []string{"张家栋||"}},
		{"title after the name", "zh", "习近平主席出席会议并发表讲话。", []given{{"PERSON", "习近平", ""}}, []string{"习近平|主席|"}},
		{"english titles before names", "en",
			"Chinese State Councilor and Minister of Public Security Guo Shengkun, together with US Attorney General Jefferson B. Sessions and Acting Secretary of Homeland Security Elaine Duke, co-chaired the dialogue.",
			[]given{{"MISC", "Chinese", ""}, {"ORG", "Public Security Guo Shengkun", ""}, {"LOC", "US", "United States"},
				{"PERSON", "Jefferson B", ""}, {"ORG", "Homeland Security Elaine Duke", ""}},
			[]string{"Guo Shengkun|State Councilor and Minister of Public Security|China",
				"Jefferson B. Sessions|Attorney General|United States",
				"Elaine Duke|Acting Secretary of Homeland Security|"}},
		{"two titled names joined", "en", "It was agreed by President Xi Jinping and President Trump in April.",
			[]given{{"PERSON", "Xi Jinping", ""}, {"PERSON", "Trump", ""}}, []string{"Xi Jinping|President|", "Trump|President|"}},
		{"apposition", "en", "Tang Lan, deputy director of the Institute of Information and Social Development, said so.",
			[]given{{"PERSON", "Tang Lan", ""}}, []string{"Tang Lan|deputy director|Institute of Information and Social Development"}},
		{"apposition with an organization found", "en", "said Zhang Jiadong, a professor at Fudan University.",
			[]given{{"PERSON", "Zhang Jiadong", ""}, {"ORG", "Fudan University", "Fudan University"}},
			[]string{"Zhang Jiadong|professor|Fudan University"}},
		{"a title word the model reads as a name", "en", "Dean Jones hit an unbeaten 130.", []given{{"PERSON", "Dean Jones", ""}},
			[]string{"Dean Jones||"}},
		{"the model's name runs past a lowercase word", "en", "Prime Minister Kengo wa Dondo said so.",
			[]given{{"PERSON", "Kengo wa Dondo", ""}}, []string{"Kengo wa Dondo|Prime Minister|"}},
		{"no name after a title", "en", "The President said on Monday that talks would go on.", nil, nil},
		{"no English title in another language", "other", "Als eZ Premier Solution Partner stehen wir Ihnen nicht nur als Berater zur Seite.", nil, nil},
		{"an English title in a page in English", "en", "As eZ Premier Solution Partner we stand by you.", nil, []string{"Solution Partner|Premier|"}},
	}
	s, r := load(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &entopic.Doc{Text: tt.text, Lang: tt.lang}
			if err := s.Process(d); err != nil {
				t.Fatal(err)
			}
			for _, g := range tt.mentions {
				i := strings.Index(tt.text, g.text)
				if i < 0 {
					t.Fatalf("%q is not in the text", g.text)
				}
				start := utf8.RuneCountInString(tt.text[:i])
				norm := g.norm
				if norm == "" {
					norm = g.text
				}
				d.Mentions = append(d.Mentions, entopic.Mention{Span: entopic.Span{Start: start, End: start + utf8.RuneCountInString(g.text)},
					Type: g.typ, Text: g.text, Normalized: norm, Method: entopic.MethodModel})
			}
			slices.SortFunc(d.Mentions, func(a, b entopic.Mention) int { return a.Start - b.Start })
			r.Enrich(d)
			var got []string
			for _, m := range d.Mentions {
				if m.Type == entopic.TypePerson {
					got = append(got, fmt.Sprintf("%s|%s|%s", m.Text, m.Role, m.Affiliation))
				}
				if got := string([]rune(d.Text)[m.Start:m.End]); got != m.Text {
					t.Errorf("mention %q slices %q", m.Text, got)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestParseRefusesMalformed(t *testing.T) {
	for _, src := range []string{"zh: {titles: []}\nen: {titles: [President]}\n", "zh:\n  titel: [a]\n", "zh: ["} {
		if _, err := roles.Parse([]byte(src), nil); err == nil || !strings.HasPrefix(err.Error(), "roles:") {
			t.Errorf("%q: error %v, want a roles: error", src, err)
		}
	}
}

// FuzzEnrich runs the rules over arbitrary text with a person mention at
// every other word: no panic, offsets stay valid.
func FuzzEnrich(f *testing.F) {
	for _, s := range []string{"复旦大学国际问题研究院教授张家栋认为", "US Attorney General Jefferson B. Sessions",
		"Tang Lan, deputy director of the Institute", "President B.", "与和及教授", ", a professor at"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		s, r := load(t)
		for _, lang := range []string{"zh", "en"} {
			d := &entopic.Doc{Text: text, Lang: lang}
			if err := s.Process(d); err != nil {
				t.Fatal(err)
			}
			for i, tok := range d.Tokens {
				if i%2 == 1 {
					d.Mentions = append(d.Mentions, entopic.Mention{Span: tok.Span, Type: entopic.TypePerson, Text: tok.Text,
						Sentence: tok.Sentence})
				}
			}
			r.Enrich(d)
			n := utf8.RuneCountInString(text)
			for _, m := range d.Mentions {
				if m.Start < 0 || m.End > n || m.Start >= m.End || string([]rune(text)[m.Start:m.End]) != m.Text {
					t.Fatalf("mention %+v invalid in a text of %d code points", m, n)
				}
			}
		}
	})
}

func TestPersonKinds(t *testing.T) {
	_, r := load(t)
	for role, want := range map[string]string{"国家主席": "official", "副部长": "official", "教授": "expert",
		"State Councilor and Minister of Public Security": "official", "Acting Secretary of Homeland Security": "official",
		"professor": "expert", "网络技术专家": "expert", "deputy director": "", "球员": "", "副所長": ""} {
		if got := r.Kind(role); got != want {
			t.Errorf("kind of %q = %q, want %q", role, got, want)
		}
	}
}

func TestAffiliationBecomesOneOrganization(t *testing.T) {
	s, r := load(t)
	for _, tt := range []struct {
		text  string
		given []given
		want  string // ORG mentions after the rules, | separated
	}{
		{"复旦大学国际问题研究院教授张家栋认为。", []given{{"ORG", "复旦大学", ""}, {"PERSON", "张家栋", ""}}, "复旦大学国际问题研究院"},
		{"公安部国际合作局副局长朱宇翔介绍。", []given{{"ORG", "公安部", ""}, {"PERSON", "朱宇翔", ""}}, "公安部国际合作局"},
		// An affiliation that is a mention stays as it is.
		{"外交部发言人华春莹表示。", []given{{"ORG", "外交部", ""}, {"PERSON", "华春莹", ""}}, "外交部"},
	} {
		d := &entopic.Doc{Text: tt.text, Lang: "zh"}
		if err := s.Process(d); err != nil {
			t.Fatal(err)
		}
		for _, g := range tt.given {
			i := strings.Index(tt.text, g.text)
			start := utf8.RuneCountInString(tt.text[:i])
			d.Mentions = append(d.Mentions, entopic.Mention{Span: entopic.Span{Start: start, End: start + utf8.RuneCountInString(g.text)},
				Type: g.typ, Text: g.text, Normalized: g.text, Method: entopic.MethodModel})
		}
		r.Enrich(d)
		var orgs []string
		for _, m := range d.Mentions {
			if m.Type == entopic.TypeOrg {
				orgs = append(orgs, m.Text)
				if got := string([]rune(d.Text)[m.Start:m.End]); got != m.Text {
					t.Errorf("%q slices %q", m.Text, got)
				}
			}
		}
		if strings.Join(orgs, "|") != tt.want {
			t.Errorf("%s: organizations %v, want %s", tt.text, orgs, tt.want)
		}
	}
}
