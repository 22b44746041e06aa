package job_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entopic/entopic/internal/outputcheck"
)

// TestHostileInputs feeds inputs built to stall or exhaust a reader: each
// ends as documents or error rows, in bounded time.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 150 MB of inputs")
	}
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A decompression bomb: 64 MiB of zeros in 64 KB of gzip.
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 64 {
		zw.Write(zeros)
	}
	zw.Close()
	write("bomb.jsonl.gz", bomb.Bytes())
	// HTML nested 100,000 levels deep.
	write("deep.html", []byte("<html><body>"+strings.Repeat("<div>", 100_000)+"深处的正文。"+strings.Repeat("</div>", 100_000)+"</body></html>"))
	// One line of 50 MB without a newline, and a JSON line of 100 MB.
	write("oneline.txt", bytes.Repeat([]byte("一行字"), 50<<20/9))
	write("huge.jsonl", append(append([]byte(`{"id":"huge","text":"`), bytes.Repeat([]byte("a"), 100<<20)...), `"}`...))
	// A page whose <meta> declares an encoding that does not exist.
	write("lying.html", []byte(`<html><head><meta charset="x-no-such-encoding"><title>标题</title></head><body><p>这是正文，编码声明是假的。</p></body></html>`))
	// A page that says UTF-8 and is written in GBK (你好，世界。正文。).
	write("lying-utf8.html", append(append([]byte(`<html><head><meta charset="utf-8"></head><body><p>`),
		0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7, 0xa1, 0xa3, 0xd5, 0xfd, 0xce, 0xc4, 0xa1, 0xa3), `</p></body></html>`...))
	// A link to a device that never ends.
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	// Links: one to itself, one to a directory outside the inputs.
	if err := os.Symlink("loop.txt", filepath.Join(dir, "loop.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(dir, "outside.txt")); err != nil {
		t.Fatal(err)
	}
	// A FIFO nothing writes to: opening it would block forever.
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	out, m := run(t, 2, false, dir)
	if d := time.Since(start); d > slowdown*30*time.Second {
		t.Errorf("the hostile inputs took %v, want under 30 s", d)
	}
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.InputsSeen != int64(len(o.Documents)+len(o.Errors)) {
		t.Errorf("%d inputs seen, %d documents + %d errors", m.Counts.InputsSeen, len(o.Documents), len(o.Errors))
	}
	errs := map[string]string{}
	for _, e := range o.Errors {
		errs[filepath.Base(e.Source)] += e.Error + "; "
	}
	for file, want := range map[string]string{
		"bomb.jsonl.gz": "decompression bomb",
		"oneline.txt":   "larger than the record limit",
		"huge.jsonl":    "longer than the record limit",
		"loop.txt":      "too many levels of symbolic links",
		"outside.txt":   "a directory",
		"pipe.txt":      "named pipe",
		"zero.txt":      "a device",
		// The HTML parser refuses more than 512 open elements.
		"deep.html": "open stack of elements exceeds",
	} {
		if !strings.Contains(errs[file], want) {
			t.Errorf("%s: errors %q, want one saying %q", file, errs[file], want)
		}
	}
	docs := map[string]bool{}
	for _, d := range o.Documents {
		docs[filepath.Base(d.Source)] = true
		if filepath.Base(d.Source) == "lying-utf8.html" && !strings.Contains(d.Text, "你好") {
			t.Errorf("the page that says UTF-8 and is GBK reads %q (encoding %s)", d.Text, d.Encoding)
		}
	}
	for _, file := range []string{"lying.html", "lying-utf8.html"} {
		if !docs[file] {
			t.Errorf("%s is not a document (errors: %q)", file, errs[file])
		}
	}
}
