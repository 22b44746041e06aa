package segment

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/models"
)

var (
	loadOnce sync.Once
	loaded   *Segmenter
	loadErr  error
)

// shared loads the segmenter once for all tests of the package, as the
// pipeline does for all workers.
func shared(t testing.TB) *Segmenter {
	t.Helper()
	loadOnce.Do(func() {
		dict, err := models.Read("dict-zh.txt")
		if err != nil {
			loadErr = err
			return
		}
		t2s, err := models.Read("t2s.tsv")
		if err != nil {
			loadErr = err
			return
		}
		loaded, loadErr = New(dict, hanzi.New(t2s))
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

func sentenceTexts(text string, spans []ByteSpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"chinese", "zh", "网络安全很重要。各国应加强合作！你同意吗？", []string{"网络安全很重要。", "各国应加强合作！", "你同意吗？"}},
		{"closing quote stays", "zh", `他说:“合则两利,斗则双输。”双方同意。`, []string{`他说:“合则两利,斗则双输。”`, "双方同意。"}},
		{"runs of terminals", "zh", "真的吗？！是的……好。", []string{"真的吗？！", "是的……", "好。"}},
		{"line breaks end sentences", "zh", "标题\n正文第一句。第二句", []string{"标题", "正文第一句。", "第二句"}},
		{"english", "en", "Mr. Guo met Mr. Sessions on Oct. 4. They agreed to cooperate. Talks end today.",
			[]string{"Mr. Guo met Mr. Sessions on Oct. 4.", "They agreed to cooperate.", "Talks end today."}},
		{"a list item's number", "en", "1. Miss Stamper won. 2. It rained.", []string{"1. Miss Stamper won.", "2. It rained."}},
		{"blank and spaces", "en", "  \n  One.  \n\n", []string{"One."}},
	}
	s := shared(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text, s.Sentences(tt.text, tt.lang))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// checkOffsets verifies the contract's offset invariant on a segmented Doc:
// every sentence and token slices the text to exactly what it holds, tokens
// are in order and inside their sentence.
func checkOffsets(t *testing.T, d *entopic.Doc) {
	t.Helper()
	runes := []rune(d.Text)
	for i, s := range d.Sentences {
		if s.Start < 0 || s.End > len(runes) || s.Start >= s.End {
			t.Fatalf("sentence %d has span %v in a text of %d code points", i, s, len(runes))
		}
		if i > 0 && s.Start < d.Sentences[i-1].End {
			t.Fatalf("sentence %d overlaps the previous one", i)
		}
	}
	prev := 0
	for i, tok := range d.Tokens {
		if tok.Start < prev || tok.End <= tok.Start || tok.End > len(runes) {
			t.Fatalf("token %d %q has span %v after offset %d", i, tok.Text, tok.Span, prev)
		}
		if got := string(runes[tok.Start:tok.End]); got != tok.Text {
			t.Fatalf("token %d: text[%d:%d] = %q, token says %q", i, tok.Start, tok.End, got, tok.Text)
		}
		s := d.Sentences[tok.Sentence]
		if tok.Start < s.Start || tok.End > s.End {
			t.Fatalf("token %d %q lies outside its sentence %v", i, tok.Text, s)
		}
		prev = tok.End
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             string // tokens joined by |
	}{
		{"chinese words", "zh", "中国加强国际合作维护网络安全。", "中国|加强|国际合作|维护|网络安全|。"},
		{"latin keeps its case", "zh", "Apple公司发布iPhone X。", "Apple|公司|发布|iPhone|X|。"},
		{"english with curly quotes", "en", "He said “we didn’t agree.”", "He|said|“|we|did|n’t|agree|.|”"},
		{"english contractions and abbreviations", "en", "The U.S. can't wait.", "The|U.S.|ca|n't|wait|."},
		{"initials and abbreviations keep their period", "en", "B. Young of Acme Corp. met Mr. Li in N. Korea. It was plan B.",
			"B.|Young|of|Acme|Corp.|met|Mr.|Li|in|N.|Korea|.|It|was|plan|B|."},
		{"a name with an apostrophe stays whole", "en", "Mark O'Meara met O'Brien's aide.", "Mark|O'Meara|met|O'Brien|'s|aide|."},
		{"a list item's number keeps its period", "en", "1. Miss Stamper", "1.|Miss|Stamper"},
		{"a possessive before a comma is a token", "en", "Clients include Macy's, Kellogg’s, NBC and others.",
			"Clients|include|Macy|'s|,|Kellogg|’s|,|NBC|and|others|."},
		{"a possessive that ends the sentence", "en", "It went to Macy’s.", "It|went|to|Macy|’s|."},
		{"a short name ends the sentence", "en", "The ships sailed the South China Sea.", "The|ships|sailed|the|South|China|Sea|."},
		{"a short name before a closing quote", "en", "He said \"I met Kim.\"", "He|said|\"|I|met|Kim|.|\""},
		{"a state's abbreviation keeps its period", "en", "TALLAHASSEE, Fla. 1996-12-06", "TALLAHASSEE|,|Fla.|1996-12-06"},
		{"mixed sentence cut by gse", "en", "The 网络安全 law.", "The|网络安全|law|."},
		{"traditional read through simplified", "zh", "中國加強國際合作維護網絡安全。", "中國|加強|國際合作|維護|網絡安全|。"},
	}
	s := shared(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &entopic.Doc{Text: tt.text, Lang: tt.lang}
			if err := s.Process(d); err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, d)
			var got []string
			for _, tok := range d.Tokens {
				got = append(got, tok.Text)
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), tt.want)
			}
		})
	}
}

func TestPartsOfSpeech(t *testing.T) {
	d := &entopic.Doc{Text: "习近平在北京会见外交部长。", Lang: "zh"}
	if err := shared(t).Process(d); err != nil {
		t.Fatal(err)
	}
	pos := map[string]string{}
	for _, tok := range d.Tokens {
		pos[tok.Text] = tok.POS
	}
	if pos["北京"] != "ns" || !strings.HasPrefix(pos["习近平"], "nr") {
		t.Errorf("POS tags = %v", pos)
	}
}

func TestAlignSkipsWhatItCannotFind(t *testing.T) {
	got := Align("abc def", []string{"abc", "zzz", "def"}, []string{"1", "2", "3"})
	want := []Word{{0, 3, "1"}, {4, 7, "3"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Align = %v, want %v", got, want)
	}
}

func TestCoverKeepsEveryWord(t *testing.T) {
	text := "abc d'ef  ghi jkl"
	// "'ef" and "ghi" were lost: the first continues "d", the second
	// stands alone.
	got := Cover(text, []Word{{0, 3, "A"}, {4, 5, "B"}, {14, 17, "C"}}, "x")
	want := []Word{{0, 3, "A"}, {4, 8, "B"}, {10, 13, "x"}, {14, 17, "C"}}
	if !slices.Equal(got, want) {
		t.Errorf("Cover = %v, want %v", got, want)
	}
	// "'s," and "ghi." were lost: the possessive and the marks are
	// tokens of their own, the word "ghi" too.
	text = "abc's, ghi.) jkl"
	got = Cover(text, []Word{{0, 3, "A"}, {13, 16, "C"}}, "x")
	want = []Word{{0, 3, "A"}, {3, 5, "POS"}, {5, 6, ","}, {7, 10, "x"}, {10, 11, "."}, {11, 12, ")"}, {13, 16, "C"}}
	if !slices.Equal(got, want) {
		t.Errorf("Cover = %v, want %v", got, want)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := shared(t)
	texts := []struct{ lang, text string }{
		{"zh", "中国加强国际合作维护网络安全。复旦大学国际问题研究院教授张家栋认为。"},
		{"en", "Chinese State Councilor Guo Shengkun co-chaired the first dialogue. It was held in Washington."},
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			tt := texts[i%2]
			for range 20 {
				d := &entopic.Doc{Text: tt.text, Lang: tt.lang}
				if err := s.Process(d); err != nil || len(d.Tokens) == 0 {
					t.Errorf("Process: %v, %d tokens", err, len(d.Tokens))
				}
			}
		})
	}
	wg.Wait()
}

func FuzzProcess(f *testing.F) {
	f.Add("中国加强国际合作。“好。”\n第二段", "zh")
	f.Add("He said “no.” Then\tleft…", "en")
	f.Add("ABC公司 3.5% 增长!?", "zh")
	f.Add("\u0301\u200b混合 mixed 文本", "en")
	s := shared(f)
	f.Fuzz(func(t *testing.T, text, lang string) {
		if !strings.Contains(text, "\x00") && strings.ToValidUTF8(text, "") == text {
			d := &entopic.Doc{Text: text, Lang: lang}
			if err := s.Process(d); err != nil {
				t.Fatal(err)
			}
			checkOffsets(t, d)
		}
	})
}

// The title is cut as the text is, with offsets into the title.
func TestTitleTokens(t *testing.T) {
	d := &entopic.Doc{Title: "中国发布《网络空间国际合作战略》", Text: "正文。", Lang: "zh"}
	if err := shared(t).Process(d); err != nil {
		t.Fatal(err)
	}
	title := []rune(d.Title)
	var got []string
	for _, tok := range d.TitleTokens {
		if string(title[tok.Start:tok.End]) != tok.Text {
			t.Errorf("title token %q at [%d,%d) slices %q", tok.Text, tok.Start, tok.End, string(title[tok.Start:tok.End]))
		}
		got = append(got, tok.Text)
	}
	if len(d.TitleSentences) != 1 || !strings.HasPrefix(strings.Join(got, "|"), "中国|发布|《") || len(d.Tokens) != 2 {
		t.Errorf("title sentences %v tokens %s; text tokens %v", d.TitleSentences, strings.Join(got, "|"), d.Tokens)
	}
}

// TestDictAddsOnlyNewWords guards the promise of models/data/dict-zh.txt:
// it adds words gse's dictionary lacks, so that loading it first (New does,
// to build the dictionary in one pass) changes no frequency gse gives.
func TestDictAddsOnlyNewWords(t *testing.T) {
	plain, err := gse.NewEmbed("zh_s")
	if err != nil {
		t.Fatal(err)
	}
	src, err := models.Read("dict-zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	extra, err := parseDict(string(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(extra) == 0 {
		t.Fatal("dict-zh.txt holds no words")
	}
	for _, e := range extra {
		if freq, _, ok := plain.Dict.Find([]byte(e.word)); ok && freq > 0 {
			t.Errorf("%s is in gse's dictionary already (frequency %g)", e.word, freq)
		}
	}
	// Every word of the one-pass dictionary cuts as a whole, with the
	// frequency the file gives.
	s := shared(t)
	for _, e := range extra {
		if freq, _, ok := s.zh.Dict.Find([]byte(e.word)); !ok || freq != e.freq {
			t.Errorf("%s: frequency %g in the loaded dictionary, want %g", e.word, freq, e.freq)
		}
	}
	if got, want := s.zh.Dict.NumTokens(), plain.Dict.NumTokens()+len(extra); got != want {
		t.Errorf("loaded dictionary holds %d words, want %d", got, want)
	}
	// The token list was sized once: gse's words fit in gseWords (else
	// the list is copied into one twice as large while loading, some
	// 30 MB more and a copy of them all), and not by far.
	if n := plain.Dict.NumTokens(); n > gseWords || n < gseWords*99/100 {
		t.Errorf("gse's dictionary has %d words: set gseWords to it", n)
	}
}

func TestParseDict(t *testing.T) {
	got, err := parseDict("# comment\n\n国际合作 2000 n\n数字鸿沟 500\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []dictEntry{{"国际合作", 2000, "n"}, {"数字鸿沟", 500, ""}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("parseDict = %v, want %v", got, want)
	}
	for _, bad := range []string{"词", "词 many n", "词 -3 n", "词 1 n extra"} {
		if _, err := parseDict(bad); err == nil {
			t.Errorf("parseDict(%q): no error", bad)
		}
	}
}
