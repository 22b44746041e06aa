package entities

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/ner"
)

// fixed is a Recognizer that proposes given mentions.
type fixed []entopic.Mention

func (f fixed) Recognize(*entopic.Doc) []entopic.Mention { return f }

func m(start, end int, typ string, conf float32) entopic.Mention {
	return entopic.Mention{Span: entopic.Span{Start: start, End: end}, Type: typ, Confidence: conf, Method: "rule"}
}

func withMethod(x entopic.Mention, method string) entopic.Mention {
	x.Method = method
	return x
}

func summary(ms []entopic.Mention) string {
	var parts []string
	for _, x := range ms {
		parts = append(parts, fmt.Sprintf("%s:%s@%d", x.Type, x.Text, x.Sentence))
	}
	return strings.Join(parts, " ")
}

func TestOverlapsResolved(t *testing.T) {
	text := "复旦大学国际问题研究院教授张家栋。中国外交部。"
	tests := []struct {
		name string
		recs []Recognizer
		want string
	}{
		{"longer wins", []Recognizer{fixed{m(0, 4, "ORG", 0.9), m(0, 11, "ORG", 0.5)}}, "ORG:复旦大学国际问题研究院@0"},
		{"equal span: more confident wins", []Recognizer{fixed{m(13, 16, "ORG", 0.3)}, fixed{m(13, 16, "PERSON", 0.8)}}, "PERSON:张家栋@0"},
		{"equal span and confidence: first recognizer wins", []Recognizer{fixed{m(17, 19, "LOC", 0.5)}, fixed{m(17, 19, "ORG", 0.5)}}, "LOC:中国@1"},
		{"crossing: longer wins, the other is dropped", []Recognizer{fixed{m(17, 22, "ORG", 0.5), m(19, 23, "MISC", 0.9)}}, "ORG:中国外交部@1"},
		{"invalid spans ignored", []Recognizer{fixed{m(5, 5, "ORG", 1), m(-1, 2, "ORG", 1), m(20, 99, "ORG", 1)}}, ""},
		{"ordered by position", []Recognizer{fixed{m(17, 19, "LOC", 0.5), m(13, 16, "PERSON", 0.5)}}, "PERSON:张家栋@0 LOC:中国@1"},
		{"a person named like a meeting the rules guessed is the person",
			[]Recognizer{fixed{withMethod(m(13, 16, "PERSON", 0.5), "model"), m(13, 16, "DIALOGUE", 0.8)}}, "PERSON:张家栋@0"},
		{"a name the gazetteer knows is what it knows",
			[]Recognizer{fixed{withMethod(m(17, 22, "ORG", 0.6), "dictionary"), m(17, 22, "POLICY", 0.8)}}, "ORG:中国外交部@1"},
		{"a meeting the rules found holds the model's organization",
			[]Recognizer{fixed{withMethod(m(17, 22, "ORG", 0.6), "model"), m(17, 22, "DIALOGUE", 0.8)}}, "DIALOGUE:中国外交部@1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &entopic.Doc{Text: text, Sentences: []entopic.Span{{Start: 0, End: 17}, {Start: 17, End: 23}}}
			if err := New(tt.recs...).Process(d); err != nil {
				t.Fatal(err)
			}
			if got := summary(d.Mentions); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAggregate(t *testing.T) {
	ms := []entopic.Mention{
		{Span: entopic.Span{Start: 0, End: 2}, Type: "LOC", Text: "中美", Normalized: "中国"},
		{Span: entopic.Span{Start: 10, End: 12}, Type: "LOC", Text: "中国", Normalized: "中国"},
		{Span: entopic.Span{Start: 50, End: 53}, Type: "PERSON", Text: "习近平", Normalized: "习近平"},
		{Span: entopic.Span{Start: 90, End: 92}, Type: "LOC", Text: "中国", Normalized: "中国"},
	}
	ents := Aggregate(ms, 100, "习近平会见")
	if len(ents) != 2 || ents[0].Normalized != "中国" || ents[0].Mentions != 3 || ents[0].FirstStart != 0 ||
		strings.Join(ents[0].SurfaceForms, ",") != "中美,中国" {
		t.Fatalf("entities %+v", ents)
	}
	for _, e := range ents {
		if e.Salience <= 0 || e.Salience > 1 {
			t.Errorf("salience %v out of (0, 1]", e.Salience)
		}
	}
	// One late mention, but in the title: still salient.
	if ents[1].Salience < 0.5 {
		t.Errorf("title person salience %v, want ≥ 0.5", ents[1].Salience)
	}
}

// word is a Recognizer that finds every occurrence of a word.
type word struct{ w, typ string }

func (r word) Recognize(d *entopic.Doc) []entopic.Mention {
	var out []entopic.Mention
	text := []rune(d.Text)
	n := len([]rune(r.w))
	for i := 0; i+n <= len(text); i++ {
		if string(text[i:i+n]) == r.w {
			out = append(out, entopic.Mention{Span: entopic.Span{Start: i, End: i + n}, Type: r.typ, Method: "rule"})
		}
	}
	return out
}

// The title's names are mentions too, of field title, with offsets into
// the title; they count in their entities, whose first_start stays the
// text's.
func TestTitleMentions(t *testing.T) {
	d := &entopic.Doc{Title: "中国发布战略", Text: "战略发布后，中国和美国对话。",
		TitleSentences: []entopic.Span{{Start: 0, End: 6}}, Sentences: []entopic.Span{{Start: 0, End: 14}}}
	if err := New(word{"中国", "LOC"}, word{"美国", "LOC"}, word{"战略", "POLICY"}).Process(d); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range d.Mentions {
		got = append(got, fmt.Sprintf("%s:%s:%s@%d", m.Field, m.Type, m.Text, m.Start))
	}
	want := "text:POLICY:战略@0 text:LOC:中国@6 text:LOC:美国@9 title:LOC:中国@0 title:POLICY:战略@4"
	if strings.Join(got, " ") != want {
		t.Errorf("mentions\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	for _, e := range d.Entities {
		if e.Normalized == "中国" && (e.Mentions != 2 || e.FirstStart != 6) {
			t.Errorf("entity %+v: want 2 mentions, first in the text at 6", e)
		}
	}
	d = &entopic.Doc{Title: "美国", Text: "无", TitleSentences: []entopic.Span{{Start: 0, End: 2}}}
	if err := New(word{"美国", "LOC"}).Process(d); err != nil {
		t.Fatal(err)
	}
	if len(d.Entities) != 1 || d.Entities[0].FirstStart != -1 || d.Entities[0].Salience <= 0 {
		t.Errorf("an entity named only in the title: %+v", d.Entities)
	}
}

// TestEnglishModelLoadsOnDemand checks that the English model is asked for
// only when a sentence of a Chinese or English document holds English
// words, and that a failed load is the document's error.
func TestEnglishModelLoadsOnDemand(t *testing.T) {
	calls := 0
	failing := EnglishModel{Load: func() (*ner.Model, ner.EN, error) {
		calls++
		return nil, ner.EN{}, errors.New("no model")
	}}
	zh := &entopic.Doc{Text: "中国和美国对话。", Sentences: []entopic.Span{{Start: 0, End: 8}},
		Tokens: []entopic.Token{{Span: entopic.Span{Start: 0, End: 2}, Text: "中国"}}}
	if out, err := failing.RecognizeContext(context.Background(), zh); err != nil || len(out) != 0 || calls != 0 {
		t.Errorf("Chinese only: %v %v, %d loads", out, err, calls)
	}
	en := &entopic.Doc{Text: "Talks resume", Sentences: []entopic.Span{{Start: 0, End: 12}},
		Tokens: []entopic.Token{{Span: entopic.Span{Start: 0, End: 5}, Text: "Talks"}, {Span: entopic.Span{Start: 6, End: 12}, Text: "resume"}}}
	// A document the lang stage reads as another language is not
	// labelled: German nouns are capitalised.
	de := *en
	de.Text, de.Lang = "Gespräche gehen weiter", "other"
	if out, err := failing.RecognizeContext(context.Background(), &de); err != nil || len(out) != 0 || calls != 0 {
		t.Errorf("another language: %v %v, %d loads", out, err, calls)
	}
	if _, err := failing.RecognizeContext(context.Background(), en); err == nil || calls != 1 {
		t.Errorf("English: error %v after %d loads, want the load's error after 1", err, calls)
	}
}

func TestDatelines(t *testing.T) {
	text := "CHICAGO (Reuters) - U.S. airlines agreed to cut flights.\n" +
		"ALPHARETTA, Ga. (AP) -- Defibrillators are cheaper.\n" +
		"LISBON - Customers watching for Microsoft were disappointed.\n" +
		"PRESS DIGEST - Iraq - Aug 22 .\n" +
		"BOSTON, Mass. - Information security companies merged.\n" +
		"SOCCER - JAPAN GET LUCKY WIN .\n" +
		"The NEW YORK (Reuters) - line does not start with it.\n" +
		"北京 SAN FRANCISCO - no.\n" +
		"SAN FRANCISCO (CBS.MW) - TiVo said its loss widened."
	var got []string
	runes := []rune(text)
	for _, m := range (Datelines{}).Recognize(&entopic.Doc{Text: text}) {
		if m.Type != entopic.TypeLoc || m.Method != entopic.MethodRule {
			t.Errorf("%v: want a LOC by rule", m)
		}
		got = append(got, string(runes[m.Start:m.End]))
	}
	// LISBON and PRESS DIGEST have neither agency nor state: a Reuters
	// slug looks the same.
	want := []string{"CHICAGO", "ALPHARETTA", "BOSTON", "SAN FRANCISCO"}
	if !slices.Equal(got, want) {
		t.Errorf("datelines: got %q, want %q", got, want)
	}
}

// Datelines of any text are places within the text, written in capitals.
func FuzzDatelines(f *testing.F) {
	f.Add("CHICAGO (Reuters) - U.S. airlines agreed.\nBOSTON, Mass. - Companies merged.")
	f.Add("é\nNEW YORK (AP) -- a")
	f.Fuzz(func(t *testing.T, text string) {
		runes := []rune(text)
		for _, m := range (Datelines{}).Recognize(&entopic.Doc{Text: text}) {
			if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
				t.Fatalf("span %d-%d outside %d code points", m.Start, m.End, len(runes))
			}
			if s := string(runes[m.Start:m.End]); strings.ToUpper(s) != s {
				t.Fatalf("%q is not in capitals", s)
			}
		}
	})
}

func TestCapitalised(t *testing.T) {
	for _, tt := range []struct {
		words []string
		want  bool
	}{
		{[]string{"cup"}, false},
		{[]string{"feta", "cheese"}, false},
		{[]string{"eBay"}, true},
		{[]string{"al-Qaeda"}, true},
		{[]string{"the", "Reuters"}, true},
	} {
		var toks []entopic.Token
		for _, w := range tt.words {
			toks = append(toks, entopic.Token{Text: w})
		}
		if got := capitalised(toks); got != tt.want {
			t.Errorf("capitalised(%v) = %v, want %v", tt.words, got, tt.want)
		}
	}
}

func TestCityAndState(t *testing.T) {
	words := strings.Fields("Pepsi Center , Denver , CO and Springfield , Ill. , and Paris , IN Brief")
	names := []name{{0, 2, "LOC", 1}, {3, 4, "PERSON", 1}, {5, 6, "ORG", 1}, {7, 8, "ORG", 1}, {12, 13, "LOC", 1}}
	var got []string
	for _, n := range cityAndState(names, words) {
		got = append(got, strings.Join(words[n.start:n.end], " ")+"/"+n.kind)
	}
	want := []string{"Pepsi Center/LOC", "Denver/LOC", "CO/LOC", "Springfield/LOC", "Ill./LOC", "Paris/LOC"}
	if !slices.Equal(got, want) {
		t.Errorf("cityAndState:\n got %v\nwant %v", got, want)
	}
}

func TestSplitAtWords(t *testing.T) {
	lower := map[string]bool{"or": true, "defeats": true, "of": true, "built-in": true}
	for _, tt := range []struct {
		words string
		want  [][2]int
	}{
		{"Pokemon Sword or Shield", [][2]int{{0, 2}, {3, 4}}},
		{"Viera defeats Rockledge", [][2]int{{0, 1}, {2, 3}}},
		{"Bank of America", [][2]int{{0, 3}}},
		{"Alexa built-in", [][2]int{{0, 1}}},
		{"Reuters", [][2]int{{0, 1}}},
	} {
		words := strings.Fields(tt.words)
		if got := splitAtWords(0, len(words), words, lower); !slices.Equal(got, tt.want) {
			t.Errorf("splitAtWords(%q) = %v, want %v", tt.words, got, tt.want)
		}
	}
}

func TestTimeWord(t *testing.T) {
	words := []ner.Word{{Start: 0, End: 2, POS: "t"}, {Start: 2, End: 4, POS: "ns"}, {Start: 4, End: 7, POS: "nr"}}
	if !timeWord(words, 0, 2) || timeWord(words, 2, 4) || timeWord(words, 0, 4) || timeWord(words, 4, 7) {
		t.Errorf("timeWord: only the whole word tagged t (周三 of 周三英国约翰逊) is one")
	}
}

func TestWithoutGloss(t *testing.T) {
	for name, want := range map[string]string{
		"约翰逊(Boris Johnson)": "约翰逊",
		"约翰逊（Boris Johnson）": "约翰逊",
		"国务院(州政府)":           "国务院(州政府)",
		"蒙特利尔()":             "蒙特利尔()",
		"约翰逊":                "约翰逊",
	} {
		rs := []rune(name)
		if got := string(rs[:withoutGloss(rs)]); got != want {
			t.Errorf("withoutGloss(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestModelCode(t *testing.T) {
	for w, want := range map[string]bool{"S20": true, "PS4": true, "F40": true, "X4": true, "RAV4": true,
		"3M": false, "MyPa-47": false, "747": false, "Galaxy": false, "A4s": false} {
		if got := modelCode(entopic.Token{Text: w}); got != want {
			t.Errorf("modelCode(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestNameEdges(t *testing.T) {
	tests := []struct {
		toks []string
		want string
	}{
		{[]string{"Mladost", "(", "L", ")"}, "Mladost ( L )"},
		{[]string{"\"", "Smith", ")"}, "Smith"},
		{[]string{"A", "(", "B", ")", "C", ")"}, "A ( B ) C"},
		{[]string{"A", "(", "B", "(", "C", ")", ")"}, "A ( B ( C ) )"},
		{[]string{"《", "时", "代", "潮", "》", "杂", "志"}, "《 时 代 潮 》 杂 志"},
		{[]string{"《", "中", "国", "》"}, "中 国"},
		{[]string{"“", "《", "X", "》", "”"}, "X"},
		{[]string{"(", ")"}, ""},
	}
	for _, tt := range tests {
		lo, hi := nameEdges(len(tt.toks), func(i int) string { return tt.toks[i] })
		if got := strings.Join(tt.toks[lo:hi], " "); got != tt.want {
			t.Errorf("nameEdges(%q) keeps %q, want %q", tt.toks, got, tt.want)
		}
	}
}
