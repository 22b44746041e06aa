package job_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/entopic/entopic"
)

// page is what the reading stages make of a page: its clean text and
// metadata, in the shape of testdata/expected/*.json.
type page struct {
	Title          string   `json:"title"`
	Published      string   `json:"published"` // RFC 3339 in UTC, "" for null
	PublishedText  string   `json:"published_text"`
	Authors        []string `json:"authors"`
	Editor         string   `json:"editor"`
	Outlet         string   `json:"outlet"`
	OriginalSource string   `json:"original_source"`
	PageKeywords   []string `json:"page_keywords"`
	Lang           string   `json:"lang"`
	Encoding       string   `json:"encoding"`
	Text           string   `json:"text"`
}

// readPage runs a page through the stages up to meta.
func readPage(t *testing.T, raw []byte, format entopic.Format) page {
	t.Helper()
	d := &entopic.Doc{Raw: raw, Format: format}
	for _, st := range resources(t).Stages(1) {
		if err := st.Process(context.Background(), d); err != nil {
			t.Fatalf("stage %s: %v", st.Name, err)
		}
		if st.Name == "meta" {
			break
		}
	}
	p := page{Title: d.Title, PublishedText: d.PublishedText, Authors: d.Authors, Editor: d.Editor, Outlet: d.Outlet,
		OriginalSource: d.OriginalSource, PageKeywords: d.PageKeywords, Lang: d.Lang, Encoding: d.Encoding, Text: d.Text}
	if !d.Published.IsZero() {
		p.Published = d.Published.UTC().Format(time.RFC3339)
	}
	if p.Authors == nil {
		p.Authors = []string{}
	}
	if p.PageKeywords == nil {
		p.PageKeywords = []string{}
	}
	return p
}

// TestRealPages checks the clean text and metadata of every real page
// (testdata/articles, testdata/pages: scraped Chinese, English, bilingual
// and noisy traditional pages) and of the HTML pages in the shapes of real
// news and government sites (testdata/html) against testdata/expected/.
func TestRealPages(t *testing.T) {
	var inputs []string
	for _, pattern := range []string{"testdata/articles/*.txt", "testdata/pages/*.txt", "testdata/html/*.html"} {
		m, _ := filepath.Glob(filepath.Join(root, pattern))
		inputs = append(inputs, m...)
	}
	if len(inputs) < 13 {
		t.Fatalf("only %d test pages", len(inputs))
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			format := entopic.FormatText
			if filepath.Ext(in) == ".html" {
				format = entopic.FormatHTML
			}
			got := readPage(t, raw, format)
			b, err := os.ReadFile(filepath.Join(root, "testdata", "expected", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var want page
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			comparePages(t, got, want)
		})
	}
}

func comparePages(t *testing.T, got, want page) {
	t.Helper()
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		g, w := gv.Field(i).Interface(), wv.Field(i).Interface()
		if !reflect.DeepEqual(g, w) {
			name := gv.Type().Field(i).Name
			if name == "Text" {
				t.Errorf("text differs:\n%s", firstDiff(w.(string), g.(string)))
				continue
			}
			t.Errorf("%s = %q, want %q", name, fmt.Sprint(g), fmt.Sprint(w))
		}
	}
}

// TestSampleInEveryEncoding saves the sample page in each encoding Chinese
// pages come in and checks that every one reads to the same document.
func TestSampleInEveryEncoding(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "testdata", "articles", "zh-d1net-2017-11-07-cybersecurity.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// GBK has no © and no no-break space, which the sample holds; GB18030
	// and Unicode do.
	gbkSafe := strings.NewReplacer("©", "(c)", "\u00a0", " ").Replace(string(raw))
	base := readPage(t, []byte(gbkSafe), entopic.FormatText)
	tests := []struct {
		enc  encoding.Encoding
		bom  []byte
		name string
	}{
		{simplifiedchinese.GB18030, nil, "gb18030"},
		{simplifiedchinese.GBK, nil, "gb18030"},
		{xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), nil, "utf-16le"},
		{xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), nil, "utf-16be"},
		{xunicode.UTF8, []byte("\xef\xbb\xbf"), "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.enc.NewEncoder().Bytes([]byte(gbkSafe))
			if err != nil {
				t.Fatal(err)
			}
			got := readPage(t, append(tt.bom, b...), entopic.FormatText)
			if got.Encoding != tt.name {
				t.Errorf("encoding %s, want %s", got.Encoding, tt.name)
			}
			got.Encoding = base.Encoding
			comparePages(t, got, base)
		})
	}
	// The traditional page in Big5.
	trad, err := os.ReadFile(filepath.Join(root, "testdata", "pages", "zh-hant-2017-03-01-cyberspace-strategy-noisy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := traditionalchinese.Big5.NewEncoder().Bytes(trad)
	if err != nil {
		t.Fatal(err)
	}
	got, want := readPage(t, b, entopic.FormatText), readPage(t, trad, entopic.FormatText)
	if got.Encoding != "big5" {
		t.Errorf("traditional page read as %s, want big5", got.Encoding)
	}
	got.Encoding = want.Encoding
	comparePages(t, got, want)
}
