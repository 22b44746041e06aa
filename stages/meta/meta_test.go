package meta

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
)

func TestParseTime(t *testing.T) {
	cn, _ := time.LoadLocation("Asia/Shanghai")
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339 in UTC, "" for no date
	}{
		{"2017-11-07 17:29:11", cn, "2017-11-07T09:29:11Z"},
		{"2017-11-07 17:29:11", nil, "2017-11-07T17:29:11Z"},
		{"2023-06-20T09:15:00+02:00", cn, "2023-06-20T07:15:00Z"},
		{"2021-11-03T08:00:00Z", cn, "2021-11-03T08:00:00Z"},
		{"2017年10月06日 08:52", cn, "2017-10-06T00:52:00Z"},
		{"2017年03月01日 星期三 14:20", cn, "2017-03-01T06:20:00Z"},
		{"2022/8/15 16:30", cn, "2022-08-15T08:30:00Z"},
		{"2022.08.15", cn, "2022-08-14T16:00:00Z"},
		{"Updated 3:45 PM EST, Tue March 14, 2023", nil, "2023-03-14T20:45:00Z"},
		{"March 14, 2023 10:05 am GMT+8", nil, "2023-03-14T02:05:00Z"},
		{"June 20, 2023", nil, "2023-06-20T00:00:00Z"},
		{"14 Sept. 2021", nil, "2021-09-14T00:00:00Z"},
		{"2017-10-06 21:47 CST", cn, "2017-10-06T13:47:00Z"},
		{"2017-10-06 21:47 CST", nil, "2017-10-07T03:47:00Z"},
		{"12:00 on the 2nd", nil, ""},
		{"2017-13-45", nil, ""},
		{"no date here", nil, ""},
	}
	for _, tt := range tests {
		got, ok := ParseTime(tt.in, tt.loc)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("ParseTime(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

var (
	segOnce sync.Once
	seg     gse.Segmenter
	segErr  error
)

// extractor returns an Extractor with gse loaded once for all tests.
func extractor(t *testing.T) *Extractor {
	t.Helper()
	segOnce.Do(func() { seg, segErr = gse.NewEmbed("zh_s") })
	if segErr != nil {
		t.Fatal(segErr)
	}
	return New(&seg)
}

func TestMetadataLines(t *testing.T) {
	e := extractor(t)
	tests := []struct {
		name  string
		lang  string
		hint  entopic.Hint
		lines []string // metadata lines; "T:" marks the title line, "B:" a body line
		want  entopic.Doc
	}{
		{"byline with every field", "zh", entopic.Hint{},
			[]string{"T:标题", "责任编辑:editor006 作者: 兰旻 胡逸静 |来源:企业网D1Net 2017-11-07 17:29:11 本文摘自:国际在线", "关键字:网络安全加强合作国际合作"},
			entopic.Doc{Title: "标题", Editor: "editor006", Authors: []string{"兰旻", "胡逸静"}, Outlet: "企业网D1Net",
				OriginalSource: "国际在线", PublishedText: "2017-11-07 17:29:11", PageKeywords: []string{"网络安全", "加强合作", "国际合作"}}},
		{"portal republishing", "zh", entopic.Hint{SiteName: "环球时讯网"},
			[]string{"2023-05-12 10:23:15 来源：新华网 作者：李明、王芳", "【责任编辑：张伟】"},
			entopic.Doc{Outlet: "环球时讯网", OriginalSource: "新华网", Authors: []string{"李明", "王芳"}, Editor: "张伟",
				PublishedText: "2023-05-12 10:23:15"}},
		{"labelled date wins", "zh", entopic.Hint{},
			[]string{"成文日期：2022年08月10日", "发布时间：2022-08-15 16:30 来源：省政府办公厅"},
			entopic.Doc{Outlet: "省政府办公厅", PublishedText: "2022-08-15 16:30"}},
		{"unlabelled source beside a date", "zh", entopic.Hint{SiteName: "华夏资讯"},
			[]string{"2017年10月06日 08:52 中国新闻网 参与互动(12)"},
			entopic.Doc{Outlet: "华夏资讯", OriginalSource: "中国新闻网", PublishedText: "2017年10月06日 08:52"}},
		{"keywords with separators", "zh", entopic.Hint{}, []string{"关键词：数字政府;行动计划、 网络安全"},
			entopic.Doc{PageKeywords: []string{"数字政府", "行动计划", "网络安全"}}},
		{"english byline and agency", "en", entopic.Hint{},
			[]string{"By Jane Doe and John Roe, Reuters", "Updated 3:45 PM EST, Tue March 14, 2023"},
			entopic.Doc{Authors: []string{"Jane Doe", "John Roe"}, OriginalSource: "Reuters", PublishedText: "3:45 PM EST, Tue March 14, 2023"}},
		{"site domain and update time", "en", entopic.Hint{},
			[]string{"chinadaily.com.cn | Updated: 2017-10-06 21:47"},
			entopic.Doc{Outlet: "chinadaily.com.cn", PublishedText: "2017-10-06 21:47"}},
		{"blog post line", "en", entopic.Hint{},
			[]string{"Posted on November 3, 2021 by Priya Raman · 3 comments"},
			entopic.Doc{Authors: []string{"Priya Raman"}, PublishedText: "November 3, 2021"}},
		{"hint wins over lines", "zh", entopic.Hint{Title: "给定标题", Published: "2020-01-02", Authors: []string{"甲"}, Outlet: "某网", Keywords: []string{"a,b"}},
			[]string{"T:页面标题", "2023-05-12 来源：新华网 作者：乙", "关键字:丙"},
			entopic.Doc{Title: "给定标题", Authors: []string{"甲"}, Outlet: "某网", OriginalSource: "新华网", PublishedText: "2020-01-02",
				PageKeywords: []string{"a", "b"}}},
		{"wire dateline", "zh", entopic.Hint{}, []string{"B:新华社北京3月1日电 经中央网络安全和信息化领导小组批准。"},
			entopic.Doc{OriginalSource: "新华社"}},
		{"english dateline", "en", entopic.Hint{}, []string{"B:WASHINGTON (Reuters) - U.S. regulators are weighing rules."},
			entopic.Doc{OriginalSource: "Reuters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &entopic.Doc{Lang: tt.lang, Hint: tt.hint}
			for _, l := range tt.lines {
				kind := entopic.LineMeta
				if t, ok := strings.CutPrefix(l, "T:"); ok {
					l, kind = t, entopic.LineTitle
				} else if b, ok := strings.CutPrefix(l, "B:"); ok {
					l, kind = b, entopic.LineBody
				}
				d.Page = append(d.Page, entopic.Line{Text: l, Kind: kind})
			}
			if err := e.Process(d); err != nil {
				t.Fatal(err)
			}
			check := func(field, got, want string) {
				if got != want {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("title", d.Title, tt.want.Title)
			check("editor", d.Editor, tt.want.Editor)
			check("outlet", d.Outlet, tt.want.Outlet)
			check("original_source", d.OriginalSource, tt.want.OriginalSource)
			check("published_text", d.PublishedText, tt.want.PublishedText)
			check("authors", strings.Join(d.Authors, "|"), strings.Join(tt.want.Authors, "|"))
			check("page_keywords", strings.Join(d.PageKeywords, "|"), strings.Join(tt.want.PageKeywords, "|"))
			if tt.want.PublishedText != "" && d.Published.IsZero() {
				t.Error("published_text without published")
			}
		})
	}
}

func TestChineseSiteReadsInShanghaiTime(t *testing.T) {
	e := extractor(t)
	for _, tt := range []struct {
		lang, url, want string
	}{
		{"zh", "", "2017-10-06T13:47:00Z"},
		{"en", "https://www.chinadaily.com.cn/a.html", "2017-10-06T13:47:00Z"},
		{"en", "https://example.com/a.html", "2017-10-06T21:47:00Z"},
	} {
		d := &entopic.Doc{Lang: tt.lang, Hint: entopic.Hint{URL: tt.url}, Page: []entopic.Line{{Text: "Updated: 2017-10-06 21:47", Kind: entopic.LineMeta}}}
		e.Process(d)
		if got := d.Published.Format(time.RFC3339); got != tt.want {
			t.Errorf("lang %s url %q: %s, want %s", tt.lang, tt.url, got, tt.want)
		}
	}
}

func TestSplitKeywords(t *testing.T) {
	e := extractor(t)
	tests := []struct{ in, want string }{
		{"网络安全加强合作国际合作", "网络安全|加强合作|国际合作"},
		{"人工智能大数据", "人工智能|大数据"},
		{"网络安全", "网络安全"},
		{"外交", "外交"},
		{"数据安全,重要数据 个人信息保护", "数据安全|重要数据|个人信息保护"},
	}
	for _, tt := range tests {
		if got := strings.Join(e.splitKeywords(tt.in), "|"); got != tt.want {
			t.Errorf("splitKeywords(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2017-11-07 17:29:11", "3:45 PM EST, Tue March 14, 2023", "2017年3月1日", "99:99 Jan 1, 0000", "Mar 3 2020 +9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseTime(s, nil)
		findDates(s, true)
	})
}

func FuzzParseLine(f *testing.F) {
	f.Add("责任编辑:editor006 作者: 兰旻 胡逸静 |来源:企业网D1Net 2017-11-07 17:29:11 本文摘自:国际在线")
	f.Add("By Jane Doe and John Roe, Reuters")
	f.Add("【编辑：】")
	e := New(nil)
	f.Fuzz(func(t *testing.T, line string) {
		var fl fields
		e.parseLine(line, true, &fl)
	})
}
