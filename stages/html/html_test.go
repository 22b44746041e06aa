package html

import (
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
		{"language from the html element", `<title>T</title>`, entopic.Hint{Title: "T", Lang: "zh-CN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := ""
			if tt.want.Lang != "" {
				lang = ` lang="` + tt.want.Lang + `"`
			}
			var got entopic.Hint
			mergeHint(&got, readHead(parse(t, "<html"+lang+"><head>"+tt.head+"</head><body></body></html>")))
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

func TestMainTextKeepsParagraphsAndFrame(t *testing.T) {
	page := `<html><body><nav><a>Home</a> <a>World</a></nav>
<div class="meta">By Jane Doe</div>
<div class="story"><p>First paragraph of the story, long enough to be read as the article by readability.</p>
<p>Second paragraph of the story, which goes on about the same subject in some more detail.</p>
<p>Third paragraph, with a <a href="#">link</a> inside<br>and a line break.</p></div>
<footer>© 2024 Example</footer></body></html>`
	got := MainText(parse(t, page), "")
	lines := strings.Split(got, "\n")
	if len(lines) < 5 || lines[0] != "By Jane Doe" || !strings.HasPrefix(lines[1], "First paragraph") ||
		!strings.HasPrefix(lines[2], "Second paragraph") || strings.Contains(got, "Home") || strings.Contains(got, "©") {
		t.Errorf("main text:\n%s", got)
	}
}

func TestFallbackWhenReadabilityFindsLittle(t *testing.T) {
	// No container of prose for readability to score: the whole body,
	// less its chrome, is kept for the cleaner.
	page := `<html><body><header>Site</header><table><tr><td>中美将建联合工作组开展追逃合作</td></tr><tr><td>双方同意保留并用好已建立的热线机制。</td></tr></table><footer>版权所有</footer></body></html>`
	got := MainText(parse(t, page), "")
	if !strings.Contains(got, "热线机制") || !strings.Contains(got, "追逃合作") || strings.Contains(got, "版权所有") {
		t.Errorf("main text %q", got)
	}
}

func TestArticleHeaderIsKept(t *testing.T) {
	root := parse(t, `<html><body><header>Site menu</header><article><header><h1>Headline</h1><p>By A B</p></header><p>Body.</p></article></body></html>`)
	got := fallbackText(root)
	if !strings.Contains(got, "By A B") || !strings.Contains(got, "Headline") || strings.Contains(got, "Site menu") {
		t.Errorf("fallback text %q", got)
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
