package job_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/entopic/entopic/internal/outputcheck"
)

// TestWARCInput runs a web archive written with gowarc's marshaler: its
// HTML response becomes a document with the page's title and its URL in
// extra, the other records are skipped and counted.
func TestWARCInput(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(root, "testdata/html/zh-news-article.html"))
	if err != nil {
		t.Fatal(err)
	}
	build := func(typ gowarc.RecordType, target, contentType, block string) gowarc.WarcRecord {
		b := gowarc.NewRecordBuilder(typ, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingRecordId(true), gowarc.WithFixContentLength(true))
		b.WriteString(block)
		b.AddWarcHeader(gowarc.WarcDate, "2023-05-12T08:00:00Z")
		b.AddWarcHeader(gowarc.ContentType, contentType)
		b.AddWarcHeader(gowarc.WarcTargetURI, target)
		rec, _, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	response := func(contentType string, body []byte) string {
		return fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", contentType, len(body), body)
	}
	var buf bytes.Buffer
	for _, rec := range []gowarc.WarcRecord{
		build(gowarc.Response, "https://news.example.cn/2023/05/12/a.html", "application/http;msgtype=response", response("text/html; charset=utf-8", page)),
		build(gowarc.Response, "https://news.example.cn/logo.png", "application/http;msgtype=response", response("image/png", []byte("\x89PNG"))),
	} {
		zw := gzip.NewWriter(&buf)
		if _, _, err := gowarc.NewMarshaler().Marshal(zw, rec, 0); err != nil {
			t.Fatal(err)
		}
		zw.Close()
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "crawl.warc.gz"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, m := run(t, 2, false, dir)
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Documents) != 1 || len(o.Errors) != 0 || m.Counts.SkippedRecords != 1 {
		t.Fatalf("%d documents, %d errors, %d records skipped", len(o.Documents), len(o.Errors), m.Counts.SkippedRecords)
	}
	d := o.Documents[0]
	if d.Title != "我国发布数据安全管理新规 明确重要数据目录制定要求" || !strings.Contains(d.Extra, "news.example.cn/2023/05/12/a.html") ||
		d.SourcePos != 0 || !strings.HasPrefix(d.Text, "新华社北京5月12日电") {
		t.Errorf("document %+v", d)
	}
}
