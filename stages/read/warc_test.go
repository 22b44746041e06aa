package read

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gowarc "github.com/nlnwa/gowarc/v3"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/entopic/entopic"
)

// warcRecord builds one WARC record with gowarc's record builder.
func warcRecord(t *testing.T, typ gowarc.RecordType, target, contentType, block string) gowarc.WarcRecord {
	t.Helper()
	b := gowarc.NewRecordBuilder(typ, gowarc.WithAddMissingDigest(true), gowarc.WithFixContentLength(true),
		gowarc.WithAddMissingRecordId(true))
	if _, err := b.WriteString(block); err != nil {
		t.Fatal(err)
	}
	b.AddWarcHeader(gowarc.WarcDate, "2019-09-08T10:00:00Z")
	b.AddWarcHeader(gowarc.ContentType, contentType)
	if target != "" {
		b.AddWarcHeader(gowarc.WarcTargetURI, target)
	}
	rec, _, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// httpResponse is the block of a response record.
func httpResponse(status, headers string, body []byte) string {
	return "HTTP/1.1 " + status + "\r\n" + headers + fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body)) + string(body)
}

// warcFile writes records with gowarc's marshaler, each in a gzip member of
// its own when compressed (as crawlers write .warc.gz).
func warcFile(t *testing.T, path string, compressed bool, records ...gowarc.WarcRecord) {
	t.Helper()
	var buf bytes.Buffer
	m := gowarc.NewMarshaler()
	for _, r := range records {
		if !compressed {
			if _, _, err := m.Marshal(&buf, r, 0); err != nil {
				t.Fatal(err)
			}
			continue
		}
		zw := gzip.NewWriter(&buf)
		if _, _, err := m.Marshal(zw, r, 0); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWARC(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("<html><body><p>中国加强国际合作。</p></body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	records := func() []gowarc.WarcRecord {
		return []gowarc.WarcRecord{
			warcRecord(t, gowarc.Warcinfo, "", "application/warc-fields", "software: test\r\n"),
			warcRecord(t, gowarc.Request, "https://news.example.cn/a.html", "application/http;msgtype=request",
				"GET /a.html HTTP/1.1\r\nHost: news.example.cn\r\n\r\n"),
			warcRecord(t, gowarc.Response, "https://news.example.cn/a.html", "application/http;msgtype=response",
				httpResponse("200 OK", "Content-Type: text/html; charset=gbk\r\n", gbk)),
			warcRecord(t, gowarc.Response, "https://news.example.cn/logo.png", "application/http;msgtype=response",
				httpResponse("200 OK", "Content-Type: image/png\r\n", []byte("\x89PNG"))),
			warcRecord(t, gowarc.Response, "https://news.example.cn/gone.html", "application/http;msgtype=response",
				httpResponse("404 Not Found", "Content-Type: text/html\r\n", []byte("<html>gone</html>"))),
			warcRecord(t, gowarc.Response, "https://news.example.cn/z.html", "application/http;msgtype=response",
				httpResponse("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gz(t, []byte("<html><body>压缩的页面</body></html>")))),
			warcRecord(t, gowarc.Resource, "file:///site/b.html", "text/html", "<html><body>Resource page</body></html>"),
		}
	}
	for _, compressed := range []bool{true, false} {
		t.Run(fmt.Sprintf("compressed=%v", compressed), func(t *testing.T) {
			dir := t.TempDir()
			name := "crawl.warc"
			if compressed {
				name += ".gz"
			}
			path := filepath.Join(dir, name)
			warcFile(t, path, compressed, records()...)
			r, err := New([]string{dir}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var docs []*entopic.Doc
			for d, err := range r.Docs(context.Background()) {
				if err != nil {
					t.Fatalf("record at %d: %v", d.Pos, err)
				}
				docs = append(docs, d)
			}
			if len(docs) != 3 || r.SkippedRecords() != 4 {
				t.Fatalf("%d documents, %d records skipped; want 3 and 4 (warcinfo, request, image, 404)", len(docs), r.SkippedRecords())
			}
			d := docs[0]
			if d.Format != entopic.FormatHTML || d.Hint.URL != "https://news.example.cn/a.html" || d.Hint.Charset != "gbk" ||
				!bytes.Equal(d.Raw, gbk) || len(d.Hint.Dates) != 1 || d.Hint.Dates[0] != "2019-09-08T10:00:00Z" || d.Pos <= 0 ||
				!strings.Contains(d.Extra, `"warc_record_id"`) || !strings.Contains(d.Extra, `"url":"https://news.example.cn/a.html"`) {
				t.Errorf("first page %+v hint %+v extra %s", d, d.Hint, d.Extra)
			}
			if string(docs[1].Raw) != "<html><body>压缩的页面</body></html>" {
				t.Errorf("content-encoded page %q", docs[1].Raw)
			}
			if docs[2].Hint.URL != "file:///site/b.html" || !strings.Contains(string(docs[2].Raw), "Resource page") {
				t.Errorf("resource record %+v", docs[2])
			}
			if docs[0].ID == docs[1].ID || docs[0].Source != filepath.ToSlash(path) {
				t.Errorf("ids %s %s source %s", docs[0].ID, docs[1].ID, docs[0].Source)
			}
		})
	}
}

func TestWARCBrokenRecord(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "broken.warc")
	good := warcRecord(t, gowarc.Resource, "file:///a.html", "text/html", "<html><body>A</body></html>")
	warcFile(t, path, false, good)
	b, _ := os.ReadFile(path)
	// A second record whose block is cut short, then the file ends.
	b = append(b, []byte("WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"+
		"WARC-Date: 2019-09-08T10:00:00Z\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>cut")...)
	os.WriteFile(path, b, 0o644)
	r, err := New([]string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r)
	if len(got) != 2 || got[0].err != "" || !strings.Contains(got[1].err, "warc record") {
		t.Errorf("records %+v", got)
	}
}

func FuzzWARC(f *testing.F) {
	f.Add([]byte("WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 4\r\n\r\n<p>x\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 30\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html>\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "f.warc")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := New([]string{path}, Options{MaxRecordBytes: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for range r.Docs(context.Background()) {
			if n++; n > 10000 {
				t.Fatal("no end to the records")
			}
		}
	})
}
