package clean

import (
	"os"
	"strings"
	"testing"

	"github.com/entopic/entopic"
)

func TestNormalizeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \t b  ", "a b"},
		{"全角\u3000空格", "全角 空格"},
		{"不\u00a0间断", "不 间断"},
		{"零\u200b宽\ufeff字符\u200d", "零宽字符"},
		{"控制\x07字符\x1b", "控制字符"},
		{"ＡＢＣ１２３", "ABC123"},
		{"全角标点，保留！", "全角标点，保留！"},
		{"e\u0301", "\u00e9"}, // NFC happens in Paragraphs; a line keeps what it is given
	}
	for _, tt := range tests {
		got := NormalizeLine(tt.in)
		if tt.in == "e\u0301" {
			got = Paragraphs(tt.in)[0]
		}
		if got != tt.want {
			t.Errorf("NormalizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRepeatedArticleRemoved(t *testing.T) {
	body := "第一段正文足够长可以被识别为重复。\n第二段正文也足够长可以被识别为重复。"
	d := &entopic.Doc{Text: "标题\n\n" + body + "\n\n分享\n标题\n" + body + "\n"}
	if err := Process(d); err != nil {
		t.Fatal(err)
	}
	if want := "标题\n" + body + "\n分享\n标题"; d.Text != want {
		t.Errorf("got %q\nwant %q", d.Text, want)
	}
}

func TestSampleHoldsBodyOnce(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/articles/zh-d1net-2017-11-07-cybersecurity.txt")
	if err != nil {
		t.Fatal(err)
	}
	d := &entopic.Doc{Text: string(raw)}
	if err := Process(d); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"信息技术的飞速发展", "唯一、有效的解决途径。”", "张家栋认为"} {
		if n := strings.Count(d.Text, s); n != 1 {
			t.Errorf("%q occurs %d times, want once", s, n)
		}
	}
}

func TestEmptyPage(t *testing.T) {
	d := &entopic.Doc{Text: " \n\u200b\n\t"}
	if err := Process(d); err != ErrEmpty {
		t.Errorf("Process of a blank page: %v, want ErrEmpty", err)
	}
}
