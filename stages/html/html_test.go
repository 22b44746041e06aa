package html

import (
	"fmt"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/entopic/entopic"
)

func parse(t testing.TB, page string) *xhtml.Node {
	t.Helper()
	root, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func TestHeadMetadata(t *testing.T) {
	tests := []struct {
		name string
		head string
		want entopic.Hint
	}{
		{"open graph and meta",
			`<title>Headline - Section - Site</title><meta property="og:site_name" content="Site Name"><meta property="article:published_time" content="2023-06-20T09:15:00+02:00"><meta name="author" content="Maria Keller"><meta name="keywords" content="a, b">`,
			entopic.Hint{Title: "Headline", SiteName: "Site", Outlet: "Site Name", Published: "2023-06-20T09:15:00+02:00", Authors: []string{"Maria Keller"}, Keywords: []string{"a, b"}}},
		{"json-ld graph with author list and keyword array",
			`<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"x"},{"@type":["NewsArticle"],"headline":"LD headline","datePublished":"2021-01-02","author":[{"@type":"Person","name":"A B"},"C D"],"publisher":{"name":"Pub"},"keywords":["k1","k2"]}]}</script>`,
			entopic.Hint{Title: "LD headline", Published: "2021-01-02", Authors: []string{"A B", "C D"}, Outlet: "Pub", Keywords: []string{"k1", "k2"}}},
		{"broken json-ld is ignored", `<title>T</title><script type="application/ld+json">{"headline": </script>`, entopic.Hint{Title: "T"}},
		{"chinese government CMS", `<title>关于印发《计划》的通知_政策文件_某省人民政府门户网站</title><meta name="ArticleTitle" content="关于印发《计划》的通知"><meta name="PubDate" content="2022-08-15 16:30"><meta name="ContentSource" content="省政府办公厅">`,
			entopic.Hint{Title: "关于印发《计划》的通知", SiteName: "某省人民政府门户网站", Published: "2022-08-15 16:30", OriginalSource: "省政府办公厅"}},
		{"author given as a profile link is no name", `<meta name="author" content="https://example.com/u/1"><h1>Only headline</h1>`, entopic.Hint{Title: "Only headline"}},
		{"the language the page declares is not taken", `<title>Title</title>`, entopic.Hint{Title: "Title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got entopic.Hint
			mergeHint(&got, readHead(parse(t, `<html lang="en"><head>`+tt.head+"</head><body></body></html>")), nil)
			if strings.Join(got.Authors, "|") != strings.Join(tt.want.Authors, "|") ||
				strings.Join(got.Keywords, "|") != strings.Join(tt.want.Keywords, "|") {
				t.Errorf("authors %q keywords %q, want %q %q", got.Authors, got.Keywords, tt.want.Authors, tt.want.Keywords)
			}
			got.Authors, got.Keywords, tt.want.Authors, tt.want.Keywords = nil, nil, nil, nil
			if got.Title != tt.want.Title || got.SiteName != tt.want.SiteName || got.Outlet != tt.want.Outlet ||
				got.Published != tt.want.Published || got.OriginalSource != tt.want.OriginalSource || got.Lang != tt.want.Lang {
				t.Errorf("hint %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestHintFromInputWins(t *testing.T) {
	d := &entopic.Doc{Format: entopic.FormatHTML, Hint: entopic.Hint{Title: "Given", Published: "2020-01-01"},
		Text: `<html><head><title>Page title</title><meta property="article:published_time" content="2023-01-01"></head><body><p>Text of the page.</p></body></html>`}
	if err := Process(d); err != nil {
		t.Fatal(err)
	}
	if d.Hint.Title != "Given" || d.Hint.Published != "2020-01-01" {
		t.Errorf("hint %+v", d.Hint)
	}
}

func TestSplitTitle(t *testing.T) {
	tests := []struct{ in, headline, site string }{
		{"我国发布数据安全管理新规 明确重要数据目录制定要求_新闻中心_环球时讯网", "我国发布数据安全管理新规 明确重要数据目录制定要求", "环球时讯网"},
		{"EU and China agree to resume high-level digital dialogue | World Ledger", "EU and China agree to resume high-level digital dialogue", "World Ledger"},
		{"Why governance needs voices - The Policy Notebook", "Why governance needs voices", "The Policy Notebook"},
		{"China-US talks", "China-US talks", ""},
		{"Short - A very long second part that is surely no site name at all", "A very long second part that is surely no site name at all", ""},
	}
	for _, tt := range tests {
		h, s := splitTitle(tt.in)
		if h != tt.headline || s != tt.site {
			t.Errorf("splitTitle(%q) = %q, %q; want %q, %q", tt.in, h, s, tt.headline, tt.site)
		}
	}
}

// lineText joins an extraction's lines, "B:" marking body lines.
func lineText(ex Extraction) string {
	var out []string
	for _, l := range ex.Lines {
		if l.Kind == entopic.LineBody {
			out = append(out, "B:"+l.Text)
		} else {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

func TestExtractKeepsParagraphsAndFrame(t *testing.T) {
	page := `<html><body><nav><a>Home</a> <a>World</a></nav>
<h1>Storm closes the coast road</h1>
<div class="meta">By Jane Doe</div>
<div class="story"><p>First paragraph of the story, long enough to be read as the article by readability.</p>
<p>Second paragraph of the story, which goes on about the same subject in some more detail.</p>
<p>Third paragraph, with a <a href="#">link</a> inside<br>and a line break.</p>
<p><a href="/other">Another story on the site</a></p></div>
<footer>© 2024 Example</footer></body></html>`
	ex := Extract(parse(t, page), "", "Storm closes the coast road")
	got := lineText(ex)
	want := []string{"Storm closes the coast road", "By Jane Doe", "B:First paragraph", "B:Second paragraph", "B:Third paragraph, with a link inside"}
	lines := strings.Split(got, "\n")
	if len(lines) < len(want) {
		t.Fatalf("lines:\n%s", got)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %q, want %q…\n%s", i, lines[i], w, got)
		}
	}
	if strings.Contains(got, "Home") || strings.Contains(got, "©") || strings.Contains(got, "B:Another story") {
		t.Errorf("navigation in the article:\n%s", got)
	}
}

func TestExtractAgreement(t *testing.T) {
	// Readability keeps the caption and the related link in the story's
	// container; trafilatura's text holds neither, so they leave the body.
	var paras strings.Builder
	for i := range 6 {
		fmt.Fprintf(&paras, "<p>Paragraph %d of the report on the harbour, which the council discussed at length on Monday evening, and which goes on.</p>\n", i)
	}
	page := `<html><body><article><figure><img src="a.jpg"><figcaption>The harbour at dawn</figcaption></figure>` +
		paras.String() + `</article><aside><a href="/x">More on the harbour</a></aside></body></html>`
	ex := Extract(parse(t, page), "")
	if ex.Method != MethodAgreement && ex.Method != MethodReadability {
		t.Fatalf("method %s", ex.Method)
	}
	got := lineText(ex)
	if !strings.Contains(got, "B:Paragraph 0") || !strings.Contains(got, "B:Paragraph 5") || strings.Contains(got, "B:The harbour at dawn") {
		t.Errorf("lines:\n%s", got)
	}
}

func TestExtractFindsNothing(t *testing.T) {
	// No prose for either extractor: the whole body, less its chrome, goes
	// to the cleaner.
	page := `<html><body><header>Site</header><table><tr><td>中美将建联合工作组开展追逃合作</td></tr><tr><td>双方同意保留并用好已建立的热线机制</td></tr></table><footer>版权所有</footer></body></html>`
	ex := Extract(parse(t, page), "")
	if ex.Method != MethodPage || !strings.Contains(ex.Page, "热线机制") || !strings.Contains(ex.Page, "追逃合作") || strings.Contains(ex.Page, "版权所有") {
		t.Errorf("method %s, page %q", ex.Method, ex.Page)
	}
}

func TestArticleHeaderIsKept(t *testing.T) {
	root := parse(t, `<html><body><header>Site menu</header><article><header><h1>Headline</h1><p>By A B</p></header><p>Body.</p></article></body></html>`)
	got := strings.Join(texts(renderBlocks(pageBody(root))), "\n")
	if !strings.Contains(got, "By A B") || !strings.Contains(got, "Headline") || strings.Contains(got, "Site menu") {
		t.Errorf("page text %q", got)
	}
}

func TestRenderBlocks(t *testing.T) {
	root := parse(t, `<html><body><div>One <b>two</b><br>three<p>Four <a href="#">five six</a></p><span hidden>x</span><p style="display: none">y</p><pre>a
b</pre><script>z</script></div></body></html>`)
	got := renderBlocks(root)
	want := []block{{"One two", 0, 6}, {"three", 0, 5}, {"Four five six", 7, 11}, {"a", 0, 1}, {"b", 0, 1}}
	if len(got) != len(want) {
		t.Fatalf("blocks %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestChooseTitle(t *testing.T) {
	tests := []struct {
		name string
		head string
		page []string
		want string
	}{
		{"og:title cut at a quote loses to h1 and title that agree",
			`<title>多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？_网易财经</title><meta property="og:title" content='多地项目连环爆雷 狂奔的龙湖集团 暗伤"曝露？"='></head><body><h1>多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？</h1>`,
			nil, `多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？`},
		{"logo in h1, headline as a line the title names",
			`<title>明日股市预测--联合国报告：全球经济增长率降至2.3%</title></head><body><h1>股票行情_明日大盘网</h1>`,
			[]string{"股票行情_明日大盘网", "联合国报告：全球经济增长率降至2.3%", "发布时间：2019-09-26"}, "联合国报告：全球经济增长率降至2.3%"},
		{"channel after the headline in title", `<title>区委书记一行到金融街开展调研工作 东区办事处_中山网</title></head><body>`,
			[]string{"首页", "区委书记一行到金融街开展调研工作", "来源：东区办事处"}, "区委书记一行到金融街开展调研工作"},
		{"separator inside the headline", `<title>棱镜|数据业大整顿：用户信息几元不等_财经_腾讯网</title></head><body><h1>棱镜|数据业大整顿：用户信息几元不等</h1>`,
			nil, "棱镜|数据业大整顿：用户信息几元不等"},
		{"english og title", `<title>Storm closes the coast road | The Daily</title><meta property="og:title" content="Storm closes the coast road"><meta property="og:site_name" content="The Daily"></head><body><h1>The Daily</h1>`,
			nil, "Storm closes the coast road"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := readHead(parse(t, "<html><head>"+tt.head+"</body></html>"))
			if got := chooseTitle(h, tt.page); got != tt.want {
				t.Errorf("title %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTextDocumentsPassThrough(t *testing.T) {
	d := &entopic.Doc{Format: entopic.FormatText, Text: "<p>not parsed</p>"}
	if err := Process(d); err != nil || d.Text != "<p>not parsed</p>" {
		t.Errorf("text document changed: %q %v", d.Text, err)
	}
}

func FuzzProcess(f *testing.F) {
	f.Add(`<html><head><title>T - S</title><script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"A"}}</script></head><body><article><p>x</p></article></body></html>`)
	f.Add(`<p>unclosed <div><table><tr><td>cell`)
	f.Add(`<script type="application/ld+json">[[[{"@graph":[{"@type":"Article","keywords":[1,2,{"a":3}]}]}]]]</script>`)
	f.Fuzz(func(t *testing.T, page string) {
		d := &entopic.Doc{Format: entopic.FormatHTML, Text: page}
		Process(d)
	})
}
