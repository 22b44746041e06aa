package keywords

import (
	"context"
	"strings"
	"testing"

	"github.com/entopic/entopic"
)

func toks(sentence int, pairs ...string) []entopic.Token {
	var out []entopic.Token
	pos := 0
	for i := 0; i+1 < len(pairs); i += 2 {
		n := len([]rune(pairs[i]))
		out = append(out, entopic.Token{Span: entopic.Span{Start: pos, End: pos + n}, Sentence: sentence, Text: pairs[i], POS: pairs[i+1]})
		pos += n
	}
	return out
}

func TestExtract(t *testing.T) {
	idf := map[string]*IDF{
		"zh": ParseIDF("# comment\n网络 3\n空间 4\n合作 2\n我们 0.5\n网络安全 8\n"),
		"en": ParseIDF("security 5\nstrategy 6\nthe 0.1\n"),
	}
	e := New(idf, "我们\nthe\n")
	var zh []entopic.Token
	for i := range 3 {
		zh = append(zh, toks(i, "网络", "n", "空间", "n", "合作", "vn", "我们", "r", "网络安全", "n", "。", "x")...)
	}
	got := e.Extract(zh, "zh")
	var words []string
	for _, k := range got {
		words = append(words, k.Keyword)
		if k.Score <= 0 || k.Score > 1 || k.Method != "tfidf" {
			t.Errorf("keyword %+v", k)
		}
	}
	joined := strings.Join(words, ",")
	if !strings.HasPrefix(joined, "网络安全,网络空间") || strings.Contains(joined, "我们") {
		t.Errorf("keywords %s", joined)
	}
	if got[0].Score != 1 || got[0].Rank != 1 {
		t.Errorf("best keyword %+v, want score 1 rank 1", got[0])
	}

	var en []entopic.Token
	for i := range 2 {
		en = append(en, toks(i, "The", "DT", "security", "NN", "strategy", "NN", "works", "VBZ")...)
	}
	words = nil
	for _, k := range e.Extract(en, "en") {
		words = append(words, k.Keyword)
	}
	if strings.Join(words, ",") != "security strategy" { // the words alone are covered by the phrase
		t.Errorf("English keywords %v", words)
	}
}

func TestIDFUnknownWordsAreRare(t *testing.T) {
	idf := ParseIDF("a 1\nb 2\nc 3\nd 4\ne 5\nf 6\ng 7\nh 8\ni 9\nj 10\n")
	if idf.Of("zzz") < 9 || idf.Of("A") != 1 {
		t.Errorf("unknown %v, A %v", idf.Of("zzz"), idf.Of("A"))
	}
}

func TestTextRank(t *testing.T) {
	e := New(map[string]*IDF{"zh": ParseIDF("")}, "我们\n")
	// 网络 and 空间 co-occur with everything; 天气 stands apart in its own
	// sentence.
	var zh []entopic.Token
	for i := range 4 {
		zh = append(zh, toks(i, "网络", "n", "空间", "n", "安全", "an", "治理", "vn", "我们", "r", "合作", "vn", "。", "x")...)
	}
	zh = append(zh, toks(4, "天气", "n", "。", "x")...)
	got := e.TextRank(zh)
	if len(got) == 0 || got[0].Keyword != "网络空间" || got[0].Score != 1 || got[0].Rank != 1 || got[0].Method != "textrank" {
		t.Fatalf("keywords %+v, want the phrase 网络空间 first", got)
	}
	for i, k := range got {
		if k.Keyword == "我们" || k.Keyword == "网络" || k.Keyword == "空间" {
			t.Errorf("keyword %q: a stopword or a word its phrase holds", k.Keyword)
		}
		if k.Rank != i+1 || k.Score <= 0 || k.Score > 1 {
			t.Errorf("keyword %+v", k)
		}
	}
	if got := e.TextRank(toks(0, "的", "uj", "。", "x")); got != nil {
		t.Errorf("keywords of a text without content words: %+v", got)
	}
}

func TestPageRank(t *testing.T) {
	// A star: the centre scores highest, the leaves alike.
	adj := []map[int]float64{{1: 1, 2: 1, 3: 1}, {0: 1}, {0: 1}, {0: 1}}
	s, _ := pageRank(context.Background(), adj)
	if !(s[0] > s[1] && s[1] == s[2] && s[2] == s[3]) {
		t.Errorf("scores %v", s)
	}
	sum := s[0] + s[1] + s[2] + s[3]
	if sum < 3.99 || sum > 4.01 {
		t.Errorf("scores sum to %v, want 4 (one per node)", sum)
	}
}

func TestKeyphrasesKeepToNames(t *testing.T) {
	e := New(map[string]*IDF{"en": ParseIDF("security 3\nguo 9\nshengkun 9\ndata 4\nprotection 4\nregulation 4\n")}, "")
	var all []entopic.Token
	for s := range 3 {
		all = append(all, toks(s, "Public", "NNP", "Security", "NNP", "Guo", "NNP", "Shengkun", "NNP", "backs", "VBZ",
			"General", "NNP", "Data", "NNP", "Protection", "NNP", "Regulation", "NNP")...)
	}
	// The tokens of toks start at 0 in every sentence: lay them end to end.
	pos := 0
	for i := range all {
		n := all[i].End - all[i].Start
		all[i].Start, all[i].End = pos, pos+n
		pos += n
	}
	var mentions []entopic.Mention
	for s := range 3 {
		base := s * 9
		mentions = append(mentions,
			entopic.Mention{Span: entopic.Span{Start: all[base+2].Start, End: all[base+3].End}, Type: entopic.TypePerson},
			entopic.Mention{Span: entopic.Span{Start: all[base+5].Start, End: all[base+8].End}, Type: entopic.TypePolicy})
	}
	d := &entopic.Doc{Tokens: all, Lang: "en", Mentions: mentions}
	if err := e.Process(d); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, k := range d.Keywords {
		seen[k.Method+":"+k.Keyword] = true
		if strings.Contains(k.Keyword, "Security Guo") || strings.Contains(k.Keyword, "Shengkun backs") {
			t.Errorf("keyword %q cuts through a name", k.Keyword)
		}
	}
	if !seen["textrank:General Data Protection Regulation"] {
		t.Errorf("the policy's whole name is no TextRank keyphrase: %v", seen)
	}
}
