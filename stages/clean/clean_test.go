package clean

import (
	"slices"
	"strings"
	"testing"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/models"
)

func cleaner(t testing.TB) *Cleaner {
	t.Helper()
	rules, err := models.Read("boilerplate.tsv")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(rules)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNormalizeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \t b  ", "a b"},
		{"全角\u3000空格", "全角 空格"},
		{"不\u00a0间断", "不 间断"},
		{"零\u200b宽\ufeff字符\u200d", "零宽字符"},
		{"控制\x07字符\x1b", "控制字符"},
		{"ＡＢＣ１２３", "ABC123"},
		{"全角标点，保留！", "全角标点，保留！"},
		{"國家互聯(lián)網信息辦公室", "國家互聯網信息辦公室"},
		{"系統(tǒng)提出(下稱“戰略”)", "系統提出(下稱“戰略”)"},
		{"重(chóng)庆, Chongqing (chóng qìng)", "重庆, Chongqing (chóng qìng)"}, // only right after a Han character
		{"the Dialogue (LECD).? The LECD", "the Dialogue (LECD). The LECD"},
		{"Is it?", "Is it?"},
	}
	for _, tt := range tests {
		if got := NormalizeLine(tt.in); got != tt.want {
			t.Errorf("NormalizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Paragraphs("e\u0301\n\n x \n"); strings.Join(got, "|") != "\u00e9|x" {
		t.Errorf("Paragraphs: %q (want NFC and no blank lines)", got)
	}
}

// page builds a page from lines and returns each line's kind after cleaning.
func kinds(t *testing.T, title string, lines ...string) string {
	t.Helper()
	d := &entopic.Doc{Text: strings.Join(lines, "\n"), Hint: entopic.Hint{Title: title}}
	if err := cleaner(t).Process(d); err != nil && err != ErrEmpty {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range d.Page {
		b.WriteString("BXTM"[l.Kind : l.Kind+1]) // boilerplate, body (X), title, meta
	}
	return b.String()
}

const (
	prose1   = "信息技术的飞速发展,让网络营造的虚拟空间与现实社会深度融合。然而网络的独特属性也让这个虚拟空间给人类生活带来很多挑战。"
	prose2   = "近年来,作为互联网大国的中国不断加快对外合作的步伐,在维护自身网络安全的同时,也努力推进互联网全球治理体系的发展。"
	prose3   = "专家表示,新规的出台有助于在保障数据安全的同时促进数据依法有序自由流动,为数字经济健康发展提供制度保障。"
	enProse1 = "The European Union and China agreed on Tuesday to resume their high-level digital dialogue, officials from both sides said."
	enProse2 = "The talks will cover cross-border data flows, the regulation of online platforms and cooperation on cybersecurity."
)

func TestLineKinds(t *testing.T) {
	tests := []struct {
		name  string
		title string
		lines []string
		want  string // one letter per line kept: B boilerplate, X body, T title, M meta
	}{
		{"article framed by navigation, byline and footer", "",
			[]string{"当前位置:首页 → 正文", "中美举行网络安全对话", "来源:新华网 2017-10-06 08:52", prose1, prose2, "分享到:微信 微博", "版权所有 ©2010-2024 京ICP备09108050号"},
			"BTMXXBB"},
		{"short lines inside the article stay", "",
			[]string{prose1, "二、重点任务", prose2, "省政府办公厅", "2022年8月10日", prose3},
			"XXXXXX"},
		{"short closing sentence stays, trailing widgets go", "",
			[]string{prose1, prose2, "据介绍,新规将于今年7月1日起施行。", "电子周刊", "回到顶部"},
			"XXXBB"},
		{"caption inside the article goes", "",
			[]string{prose1, "资料图片:数据中心机房。", prose2},
			"XBX"},
		{"link list without punctuation goes", "",
			[]string{prose1, prose2, "关于我们联系我们版权声明隐私条款广告服务友情链接投稿中心招贤纳士"},
			"XXB"},
		{"english page", "",
			[]string{"Home / World / China-US", "EU and China agree to resume dialogue", "By Maria Keller | Updated: June 20, 2023", enProse1, enProse2, "Share this article", "Our standards."},
			"BTMXXBB"},
		{"given title is found even inside the body", "EU and China agree to resume dialogue | World Ledger",
			[]string{"EU and China agree to resume dialogue", enProse1, enProse2},
			"TXX"},
		{"a teaser far below the article is left out", "",
			[]string{prose1, prose2, prose3, prose1 + "再次", "相关新闻", "热点推荐", "网友评论", "更多", "十年来我国数字经济规模持续扩大,已连续多年稳居世界第二。"},
			"XXXXBBBBB"},
		{"a page without prose keeps its lines", "",
			[]string{"国务院", "办公厅", "通知", "来源:新华网"},
			"XXXM"},
		{"one or two lines are kept whole", "", []string{"中共中央致中国致公党十一大的贺词"}, "X"},
		{"two lines, one the given title", "贺词", []string{"贺词", "各位代表、各位同志"}, "TX"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kinds(t, tt.title, tt.lines...); got != tt.want {
				t.Errorf("kinds %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRepeatedArticleRemoved(t *testing.T) {
	body := prose1 + "\n" + prose2
	d := &entopic.Doc{Text: "标题\n\n" + body + "\n\n分享到朋友圈\n标题\n" + strings.ReplaceAll(body, ",", "，") + "\n"}
	if err := cleaner(t).Process(d); err != nil {
		t.Fatal(err)
	}
	if d.Text != body {
		t.Errorf("got %q\nwant %q", d.Text, body)
	}
}

func TestEmptyPage(t *testing.T) {
	d := &entopic.Doc{Text: " \n\u200b\n\t"}
	if err := cleaner(t).Process(d); err != ErrEmpty {
		t.Errorf("Process of a blank page: %v, want ErrEmpty", err)
	}
}

func TestBadRules(t *testing.T) {
	tests := []struct{ src, want string }{
		{"boilerplate\t10", "line 1: want kind"},
		{"# c\nfoo\t10\tx", "line 2: kind \"foo\""},
		{"meta\tten\tx", "line 1: max_chars"},
		{"meta\t0\t(", "line 1: error parsing regexp"},
	}
	for _, tt := range tests {
		if _, err := New([]byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%q): %v, want %q", tt.src, err, tt.want)
		}
	}
}

func FuzzProcess(f *testing.F) {
	f.Add("当前位置:首页\n标题\n来源:新华网\n"+prose1+"\n版权所有", "")
	f.Add(enProse1+"\n"+enProse2+"\nShare", "Title")
	c := cleaner(f)
	f.Fuzz(func(t *testing.T, text, title string) {
		d := &entopic.Doc{Text: text, Hint: entopic.Hint{Title: title}}
		err := c.Process(d)
		if err != nil && err != ErrEmpty {
			t.Fatal(err)
		}
		var body []string
		for _, l := range d.Page {
			if l.Kind == entopic.LineBody {
				body = append(body, l.Text)
			}
		}
		if strings.Join(body, "\n") != d.Text {
			t.Fatal("text is not the body lines")
		}
	})
}

// refined runs the cleaner over lines an extractor marked ("B:" body, else
// context) and returns each line's kind after cleaning, with the text.
func refined(t *testing.T, title string, lines ...string) (string, string) {
	t.Helper()
	d := &entopic.Doc{Hint: entopic.Hint{Title: title}}
	for _, l := range lines {
		kind := entopic.LineBoilerplate
		if b, ok := strings.CutPrefix(l, "B:"); ok {
			l, kind = b, entopic.LineBody
		}
		d.Page = append(d.Page, entopic.Line{Text: l, Kind: kind})
	}
	if err := cleaner(t).Process(d); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range d.Page {
		b.WriteString("BXTM"[l.Kind : l.Kind+1])
	}
	return b.String(), d.Text
}

func TestRefineExtractedArticle(t *testing.T) {
	kinds, text := refined(t, "标题",
		"首页", "标题", "原创 南方日报 2019-09-09 16:01:46",
		"B:澎湃新闻记者 段彦超 廖艳",
		"B:第一段，长江网10月4日讯，国庆中秋长假过半，外媒关注武汉的热情不减。",
		"B:第二段，报道称，在武汉解除封锁约半年后，这座城市再度充满活力。返回腾讯网首页>>",
		"B:第三段，报道指出，黄金周消费是反映中国经济健康状况的晴雨表。",
		"B:责任编辑：张迪",
		"B:相关阅读",
		"B:十一假期来武汉旅游体验“穿越古今”，游客很多。",
	)
	if kinds != "BTMMXXXMBB" {
		t.Errorf("kinds %s", kinds)
	}
	if !strings.HasSuffix(text, "晴雨表。") || strings.Contains(text, "返回") || strings.Contains(text, "相关阅读") {
		t.Errorf("text %q", text)
	}
}

func TestRefineKeepsRepeatedItems(t *testing.T) {
	// Lists and recipes repeat their items; only the headline set again
	// above the text is a copy.
	item := "Tomato Cucumber Salad (½ cup cherry tomatoes, ½ cup cucumber slices, 4 oz. cooked chicken)"
	_, text := refined(t, "Meal prep for a week", "Meal prep for a week", "B:Meal prep for a week", "B:Plan A", "B:"+item, "B:Plan B", "B:"+item,
		"B:Every plan works for both programs, so you can finish one and start another.")
	if strings.Count(text, item) != 2 || strings.Contains(text, "Meal prep") {
		t.Errorf("text %q", text)
	}
}

// Tags of HTML elements left in scraped text go: a block element's tag
// ends a paragraph; a Reuters ticker in angle brackets, a comparison and
// an unknown element stay.
func TestParagraphsDropMarkup(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"<p></p><p> By Jane Doe</p><p> CHICAGO (Reuters) - Ciena Corp. <CIEN.O> reported a loss.</p>",
			[]string{"By Jane Doe", "CHICAGO (Reuters) - Ciena Corp. <CIEN.O> reported a loss."}},
		{`Shares of <A HREF="http://example.com/q?t=AXP.N target=/q">AXP.N</A> rose <b>5%</b>.`,
			[]string{"Shares of AXP.N rose 5%."}},
		{"Storm nears Barbados <b>...</b>", []string{"Storm nears Barbados ..."}},
		{"line one<br/>line two<BR>three", []string{"line one", "line two", "three"}},
		{"if a < b and c > d, <custom> stays", []string{"if a < b and c > d, <custom> stays"}},
	} {
		if got := Paragraphs(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Paragraphs(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
