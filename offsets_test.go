package entopic

import "testing"

func TestSentenceTokensAndAt(t *testing.T) {
	// "ab cd|ef" as two sentences [0,5) and [6,8), tokens ab, cd, ef.
	d := &Doc{
		Sentences: []Span{{0, 5}, {6, 8}},
		Tokens:    []Token{{Span: Span{0, 2}, Text: "ab"}, {Span: Span{3, 5}, Text: "cd"}, {Span: Span{6, 8}, Text: "ef"}},
	}
	for _, tt := range []struct {
		s    Span
		want string
	}{{Span{0, 5}, "ab cd"}, {Span{6, 8}, "ef"}, {Span{8, 8}, ""}} {
		got := ""
		for i, tok := range d.SentenceTokens(tt.s) {
			if i > 0 {
				got += " "
			}
			got += tok.Text
		}
		if got != tt.want {
			t.Errorf("tokens of %v: %q, want %q", tt.s, got, tt.want)
		}
	}
	for pos, want := range map[int]int{0: 0, 4: 0, 5: 1, 6: 1, 7: 1, 99: 1} {
		if got := d.SentenceAt(pos); got != want {
			t.Errorf("sentence at %d: %d, want %d", pos, got, want)
		}
	}
	if got := (&Doc{}).SentenceAt(3); got != 0 {
		t.Errorf("sentence of a document without sentences: %d", got)
	}
}
