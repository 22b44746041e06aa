package read

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/entopic/entopic"
)

// result is what the tests compare of one yielded record.
type result struct {
	id, source string
	pos        int64
	format     entopic.Format
	raw        string
	err        string // substring of the error, "" for none
}

func readAll(t *testing.T, r *Reader) []result {
	t.Helper()
	var out []result
	for d, err := range r.Docs(context.Background()) {
		res := result{id: d.ID, source: d.Source, pos: d.Pos, format: d.Format, raw: string(d.Raw)}
		if err != nil {
			res.err = err.Error()
		}
		out = append(out, res)
	}
	return out
}

func write(t *testing.T, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zst(t *testing.T, b []byte) []byte {
	w, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.EncodeAll(b, nil)
}

func TestFormats(t *testing.T) {
	lines := []byte(`{"id": "a1", "text": "第一篇", "title": "T", "lang": "zh", "views": 3}` + "\n" +
		"\n" + // blank lines are not records
		`{"text": "no id here", "url": "https://example.com/x"}` + "\r\n" +
		`{"id": 42, "html": "<p>hi</p>"}` + "\n" +
		`{"id": "bad", "text": ` + "\n" +
		`{"id": "empty", "text": "  "}`)
	tests := []struct {
		name string
		file string
		data []byte
		want []result
	}{
		{"text file", "a.txt", []byte("正文"), []result{{source: "a.txt", format: entopic.FormatText, raw: "正文"}}},
		{"markdown", "b.md", []byte("# T\n\nbody"), []result{{source: "b.md", format: entopic.FormatText, raw: "# T\n\nbody"}}},
		{"html", "c.html", []byte("<html><p>x</p></html>"), []result{{source: "c.html", format: entopic.FormatHTML, raw: "<html><p>x</p></html>"}}},
		{"jsonl", "d.jsonl", lines, []result{
			{id: "a1", source: "d.jsonl", pos: 1, format: entopic.FormatText, raw: "第一篇"},
			{source: "d.jsonl", pos: 3, format: entopic.FormatText, raw: "no id here"},
			{id: "42", source: "d.jsonl", pos: 4, format: entopic.FormatHTML, raw: "<p>hi</p>"},
			{id: "", source: "d.jsonl", pos: 5, raw: `{"id": "bad", "text": `, err: "line 5: invalid JSON"},
			{id: "empty", source: "d.jsonl", pos: 6, err: "no text or html"},
		}},
		{"jsonl gzip", "e.jsonl.gz", gz(t, []byte(`{"id":"z","text":"压缩"}`)), []result{{id: "z", source: "e.jsonl.gz", pos: 1, format: entopic.FormatText, raw: "压缩"}}},
		{"ndjson zstd", "f.ndjson.zst", zst(t, []byte(`{"id":"y","text":"zstd"}`+"\n")), []result{{id: "y", source: "f.ndjson.zst", pos: 1, format: entopic.FormatText, raw: "zstd"}}},
		{"sniffed jsonl", "g.data", []byte(`{"id":"s","text":"sniffed"}`), []result{{id: "s", source: "g.data", pos: 1, format: entopic.FormatText, raw: "sniffed"}}},
		{"sniffed html", "h.page", []byte("<!DOCTYPE html><html></html>"), []result{{source: "h.page", format: entopic.FormatHTML, raw: "<!DOCTYPE html><html></html>"}}},
		{"binary", "i.bin", []byte{0x89, 'P', 'N', 'G', 0, 0, 1}, []result{{source: "i.bin", err: "not an article"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tt.file, tt.data)
			t.Chdir(dir)
			r, err := New([]string{tt.file}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := readAll(t, r)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d records, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if w.id == "" {
					w.id = docID(w.source, w.pos)
				}
				if w.err != "" {
					if !strings.Contains(g.err, w.err) {
						t.Errorf("record %d: error %q, want it to contain %q", i, g.err, w.err)
					}
					if g.id != w.id && tt.name != "jsonl" {
						t.Errorf("record %d: id %q, want %q", i, g.id, w.id)
					}
					continue
				}
				g.err = ""
				if g != w {
					t.Errorf("record %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func TestExtraKeepsUnknownFields(t *testing.T) {
	d, err := parseRecord("x.jsonl", 1, []byte(`{"id":"1","text":"t","views":3,"tags":["a","b"],"url":"u","source":"新华社","published":"2017-03-01"}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"tags":["a","b"],"url":"u","views":3}`; d.Extra != want {
		t.Errorf("extra = %s, want %s", d.Extra, want)
	}
	if d.Hint.Outlet != "新华社" || d.Hint.Published != "2017-03-01" || d.Hint.URL != "u" {
		t.Errorf("hints = %+v", d.Hint)
	}
}

func TestDirectoriesGlobsAndStdin(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "corpus/b.txt", []byte("b"))
	write(t, dir, "corpus/a.txt", []byte("a"))
	write(t, dir, "corpus/sub/c.jsonl", []byte(`{"id":"c","text":"c"}`))
	write(t, dir, "corpus/notes.pdf", []byte("%PDF"))
	write(t, dir, "corpus/.hidden/x.txt", []byte("x"))
	write(t, dir, "other/d.txt", []byte("d"))
	t.Chdir(dir)

	r, err := New([]string{"./corpus/", "other/*.txt", "-", "corpus/a.txt"}, Options{Stdin: strings.NewReader("from stdin")})
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, res := range readAll(t, r) {
		sources = append(sources, res.source+":"+res.raw)
	}
	want := "corpus/a.txt:a corpus/b.txt:b corpus/sub/c.jsonl:c other/d.txt:d -:from stdin"
	if got := strings.Join(sources, " "); got != want {
		t.Errorf("read %s\nwant %s", got, want)
	}
	if r.Skipped() != 1 {
		t.Errorf("skipped %d files, want 1 (notes.pdf)", r.Skipped())
	}
	if r.TotalBytes() != -1 {
		t.Errorf("total bytes %d, want -1 with standard input", r.TotalBytes())
	}
}

func TestBadArguments(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{"missing.txt"}, {"*.nothing"}, {}} {
		if _, err := New(args, Options{}); err == nil {
			t.Errorf("New(%q) succeeded, want an error", args)
		}
	}
}

func TestRecordLimits(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"long","text":"` + strings.Repeat("长", 100) + `"}`
	write(t, dir, "x.jsonl", []byte(`{"id":"ok","text":"短"}`+"\n"+long+"\n"+`{"id":"after","text":"后"}`))
	write(t, dir, "big.txt", []byte(strings.Repeat("x", 500)))
	t.Chdir(dir)
	r, err := New([]string{"x.jsonl", "big.txt"}, Options{MaxRecordBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r)
	if len(got) != 4 || got[0].id != "ok" || !strings.Contains(got[1].err, "longer than the record limit of 100 bytes (--max-doc-bytes)") ||
		got[2].id != "after" || got[2].pos != 3 || !strings.Contains(got[3].err, "larger than the record limit of 100 bytes") {
		t.Fatalf("got %+v", got)
	}
	// The excerpt of a long line is its start, not what follows the limit.
	if len(got[1].raw) > 200 || !strings.HasPrefix(got[1].raw, `{"id":"long"`) {
		t.Errorf("excerpt %q", got[1].raw)
	}
}

// A line far longer than the reader's buffer is read past without being
// held: its excerpt stays short and the next line is read.
func TestRecordLimitOverManyBuffers(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"huge","text":"` + strings.Repeat("长", 200_000) + `"}`
	write(t, dir, "x.jsonl", []byte(long+"\n"+`{"id":"after","text":"后"}`))
	t.Chdir(dir)
	r, err := New([]string{"x.jsonl"}, Options{MaxRecordBytes: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r)
	if len(got) != 2 || !strings.Contains(got[0].err, "record limit") || len(got[0].raw) > 200 || got[1].id != "after" {
		t.Fatalf("got %d records: %+v", len(got), got[0].err)
	}
}

func TestDocIDIsStableAcrossSpellings(t *testing.T) {
	if docID(cleanPath("./a//b.txt"), 0) != docID(cleanPath("a/b.txt"), 0) {
		t.Error("the same file gets different ids")
	}
	if docID("a.jsonl", 1) == docID("a.jsonl", 2) {
		t.Error("two lines share an id")
	}
}

func FuzzParseRecord(f *testing.F) {
	f.Add([]byte(`{"id":"1","text":"t"}`))
	f.Add([]byte(`{"id":1.5e3,"html":"<p>","x":{"y":[1,2]}}`))
	f.Add([]byte(`{"id":["no"],"text":"t"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("{\"text\":\"\xff\xfe\"}"))
	f.Fuzz(func(t *testing.T, line []byte) {
		d, err := parseRecord("f.jsonl", 7, line)
		if d == nil {
			t.Fatal("nil Doc")
		}
		if d.Source != "f.jsonl" || d.Pos != 7 || d.ID == "" {
			t.Fatalf("record not identified: %+v", d)
		}
		if err == nil && len(bytes.TrimSpace(d.Raw)) == 0 {
			t.Fatal("accepted a record without text")
		}
	})
}

func FuzzReadLines(f *testing.F) {
	f.Add([]byte("{\"text\":\"a\"}\n\n{\"text\":\"b\"}"), int64(64))
	f.Add([]byte("{bad\n{\"text\":\"c\"}\r\n"), int64(5))
	f.Fuzz(func(t *testing.T, data []byte, max int64) {
		if max < 1 || max > 1<<20 {
			max = 64
		}
		dir := t.TempDir()
		p := write(t, dir, "f.jsonl", data)
		r, err := New([]string{p}, Options{MaxRecordBytes: max})
		if err != nil {
			t.Fatal(err)
		}
		// Every non-blank line is one record, failed or not.
		want := 0
		for line := range bytes.Lines(data) {
			if len(bytes.TrimSpace(line)) > 0 {
				want++
			}
		}
		got := 0
		for range r.Docs(context.Background()) {
			got++
		}
		if got != want {
			t.Fatalf("%d records from %d non-blank lines", got, want)
		}
	})
}

// A file that disappears between listing and reading is an error row; one
// that shrinks is read as far as it goes; a FIFO is never opened.
func TestInputsThatChangeUnderfoot(t *testing.T) {
	dir := t.TempDir()
	gone := filepath.Join(dir, "gone.txt")
	shrunk := filepath.Join(dir, "shrunk.jsonl")
	fifo := filepath.Join(dir, "fifo.txt")
	os.WriteFile(gone, []byte("将被删除。"), 0o644)
	os.WriteFile(shrunk, []byte(`{"id":"a","text":"一"}`+"\n"+`{"id":"b","text":"二"}`+"\n"), 0o644)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := New([]string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(gone)
	os.Truncate(shrunk, int64(len(`{"id":"a","text":"一"}`+"\n")))
	var docs, errs []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for d, err := range r.Docs(context.Background()) {
			if err != nil {
				errs = append(errs, filepath.Base(d.Source)+": "+err.Error())
			} else {
				docs = append(docs, d.ID)
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading stalled")
	}
	if !slices.Equal(docs, []string{"a"}) {
		t.Errorf("documents %v, want the record left in the shrunk file", docs)
	}
	if len(errs) != 2 || !strings.Contains(strings.Join(errs, "; "), "gone.txt: open") || !strings.Contains(strings.Join(errs, "; "), "named pipe") {
		t.Errorf("errors %v, want the vanished file and the FIFO", errs)
	}
}
