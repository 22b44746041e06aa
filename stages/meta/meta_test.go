package meta

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/models"
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
	return New(&seg, names(t))
}

// names reads the embedded surname list.
func names(t testing.TB) Names {
	t.Helper()
	sur, err := models.Read("surnames-zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	return NewNames(string(sur))
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
		{"hint wins over lines", "zh", entopic.Hint{Title: "给定标题", Published: "2020-01-02", Authors: []string{"张三"}, Outlet: "某网", Keywords: []string{"a,b"}},
			[]string{"T:页面标题", "2023-05-12 来源：新华网 作者：李四", "关键字:丙"},
			entopic.Doc{Title: "给定标题", Authors: []string{"张三"}, Outlet: "某网", OriginalSource: "新华网", PublishedText: "2020-01-02",
				PageKeywords: []string{"a", "b"}}},
		{"wire dateline", "zh", entopic.Hint{}, []string{"B:新华社北京3月1日电 经中央网络安全和信息化领导小组批准。"},
			entopic.Doc{OriginalSource: "新华社"}},
		{"english dateline", "en", entopic.Hint{}, []string{"B:WASHINGTON (Reuters) - U.S. regulators are weighing rules."},
			entopic.Doc{OriginalSource: "Reuters"}},
		{"outlets and placeholders are no authors", "zh", entopic.Hint{Authors: []string{"网易", "name, email@gmail.com"}, Outlet: "网易新闻"},
			[]string{"作者：未知 责任编辑：棒棒不是糖", "B:新京报讯（记者 陆一夫）11月25日，新京报记者登录拼多多全球购页面发现。"},
			entopic.Doc{Outlet: "网易新闻", Authors: []string{"陆一夫"}, Editor: "棒棒不是糖"}},
		{"bylines without a colon", "zh", entopic.Hint{},
			[]string{"澎湃新闻记者 段彦超 廖艳", "【文/观察者网专栏作者 王文】", "发表于2014-08-24 21:30| 1164次阅读| 来源CSDN| 作者魏星"},
			entopic.Doc{Authors: []string{"段彦超", "廖艳", "王文", "魏星"}, Outlet: "CSDN", PublishedText: "2014-08-24 21:30"}},
		{"name over outlet, name before role", "zh", entopic.Hint{},
			[]string{"石佳/中国青年报", "原创： 路闻卓立编译 人民币交易与研究"},
			entopic.Doc{Authors: []string{"石佳", "路闻卓立"}, Outlet: "中国青年报"}},
		{"date above the article wins over dates below it", "zh", entopic.Hint{},
			[]string{"T:标题", "原创 南方都市报 2019-09-09 16:01:46", "B:正文。", "2019-09-06", "发布日期：2019-03-06"},
			entopic.Doc{Title: "标题", PublishedText: "2019-09-09 16:01:46", Outlet: "南方都市报"}},
		{"labelled date below the article", "zh", entopic.Hint{},
			[]string{"B:正文。", "2019-09-06107", "发布日期：2019-03-06 责任编辑：龙慧"},
			entopic.Doc{PublishedText: "2019-03-06", Editor: "龙慧"}},
		{"date without a year read against the page's other dates", "zh", entopic.Hint{Dates: []string{"2019-09-30 22:46:13"}},
			[]string{"发布时间：09-3022:46青岛软媒网络科技有限公司"},
			entopic.Doc{PublishedText: "09-3022:46"}},
		{"relative date without anything to read it against", "zh", entopic.Hint{}, []string{"昨天"}, entopic.Doc{}},
		{"the page's other dates when no line gives one", "zh", entopic.Hint{Dates: []string{"2019-09-05T11:10:52"}},
			[]string{"B:正文。", "2019-09-06"}, entopic.Doc{PublishedText: "2019-09-05T11:10:52"}},
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
	e := New(nil, names(f))
	f.Fuzz(func(t *testing.T, line string) {
		var fl fields
		e.parseLine(line, true, &fl, 0, true)
		findPartialDates(line)
		bylineNames(line)
		datelineNames(line)
	})
}

func TestIsPerson(t *testing.T) {
	n := names(t)
	outlets := []string{"网易", "CSDN.NET", "The Beachbody Blog"}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"陆一夫", true}, {"欧阳修", true}, {"路闻卓立", true}, {"阿卜杜勒·拉希德", true}, {"Jane Doe", true}, {"Priya Raman", true},
		{"网易", false}, {"CSDN.NET", false}, {"最新文章", false}, {"未知", false}, {"name, email@gmail.com", false},
		{"新浪财经-自媒体综合", false}, {"环球网", false}, {"证券时报网", false}, {"12345", false}, {"admin", false},
		{"CNN Business", false}, {"Reuters Staff", false}, {"The Beachbody Blog", false}, {"苏皖城市报道", false},
	} {
		if got := n.IsPerson(tt.name, outlets); got != tt.want {
			t.Errorf("IsPerson(%q) = %v", tt.name, got)
		}
	}
	if got := n.People([]string{"本报记者 李明、王芳", "By Jane Doe and John Roe", "记者陈智 整合"}, nil); strings.Join(got, "|") != "李明|王芳|Jane Doe|John Roe|陈智" {
		t.Errorf("People = %q", got)
	}
}

func TestPartialDates(t *testing.T) {
	cn, _ := time.LoadLocation("Asia/Shanghai")
	anchor := time.Date(2020, 1, 3, 10, 0, 0, 0, cn)
	for _, tt := range []struct{ in, want string }{
		{"发布时间：12-3022:46", "2019-12-30T22:46:00+08:00"}, // after the anchor: the year before
		{"01-02 08:30", "2020-01-02T08:30:00+08:00"},
		{"1月2日", "2020-01-02T00:00:00+08:00"},
		{"昨天 12:30", "2020-01-02T12:30:00+08:00"},
		{"3小时前", "2020-01-03T07:00:00+08:00"},
		{"2 days ago", "2020-01-01T00:00:00+08:00"},
		{"no date", ""},
	} {
		got := ""
		if ds := findPartialDates(tt.in); len(ds) > 0 && ds[0].resolve(anchor, cn) {
			got = ds[0].time(cn).In(cn).Format(time.RFC3339)
		}
		if got != tt.want {
			t.Errorf("%q: %q, want %q", tt.in, got, tt.want)
		}
	}
	if ds := findPartialDates("昨天"); len(ds) != 1 || ds[0].resolve(time.Time{}, cn) {
		t.Error("a relative date resolves without an anchor")
	}
}
