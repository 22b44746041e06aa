// Package read is the source of the pipeline: it turns command-line inputs
// (files, directories, globs, "-" for standard input) into a stream of
// *entopic.Doc, one per article.
//
// In: paths and patterns. Out: Docs carrying identity (doc_id, source,
// position), the record's raw bytes and format, and for JSON lines the
// record's known fields as hints and its unknown fields as extra JSON; for
// WARC files (see readWARC) one Doc per HTML response. A
// record that cannot be read (bad JSON, a file too large, an unreadable
// file) is yielded with an error, so that it ends in the errors table.
//
// Reading streams: a whole-file article is read when it is reached, a JSON
// lines file one line at a time, compressed files through a decompressor.
// Memory held by the reader is one record plus buffers, whatever the corpus.
package read

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"

	"github.com/entopic/entopic"
)

// DefaultMaxRecordBytes bounds one record (a whole file, one JSON line, one
// WARC record): 16 MiB, far beyond any article, small enough that one
// record's work stays in memory (run --max-doc-bytes changes it). A larger
// record becomes a row of the errors table.
const DefaultMaxRecordBytes = 16 << 20

// kind is how an input file is read.
type kind int

const (
	kindUnknown kind = iota
	kindText         // one article, plain text or Markdown
	kindHTML         // one article, HTML
	kindJSONL        // one article per line
	kindWARC         // web archive: one article per HTML response
)

// Input is one file the reader will read.
type Input struct {
	Path string `json:"path"`
	Size int64  `json:"bytes"` // -1 for standard input
}

// Reader yields the articles of a set of inputs. Build it with New; use it
// once.
type Reader struct {
	inputs   []Input
	stdin    io.Reader
	maxBytes int64
	log      *slog.Logger
	open     func(string) (io.ReadCloser, error)
	local    bool // inputs are files of this machine, opened with os.Open

	read           atomic.Int64 // bytes of input consumed so far
	skipped        atomic.Int64 // files in walked directories that are not articles
	skippedRecords atomic.Int64 // WARC records that are no HTML page
}

// Options configure a Reader. The zero value reads standard input from
// os.Stdin with the default record limit.
type Options struct {
	Stdin          io.Reader    // what "-" reads; nil means os.Stdin
	MaxRecordBytes int64        // 0 means DefaultMaxRecordBytes
	Logger         *slog.Logger // nil discards
	// Open, when set, opens an input file instead of os.Open: a
	// distributed runner reads through its own file systems (gs://, …).
	Open func(path string) (io.ReadCloser, error)
}

// New resolves args to the list of files to read: files as given,
// directories walked recursively (in lexical order, articles only), globs
// expanded. An argument that names nothing is an error: it is a mistake on
// the command line, not a bad record.
func New(args []string, opts Options) (*Reader, error) {
	r := newReader(opts)
	seen := make(map[string]bool)
	add := func(p string, size int64) {
		if !seen[p] {
			seen[p] = true
			r.inputs = append(r.inputs, Input{Path: p, Size: size})
		}
	}
	for _, arg := range args {
		if arg == "-" {
			add("-", -1)
			continue
		}
		paths := []string{arg}
		if _, err := os.Lstat(arg); err != nil && hasMeta(arg) {
			matches, gerr := filepath.Glob(arg)
			if gerr != nil {
				return nil, fmt.Errorf("input %q: %w", arg, gerr)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("input %q: no file matches the pattern", arg)
			}
			paths = matches
		}
		for _, p := range paths {
			info, err := os.Stat(p)
			if err != nil {
				return nil, fmt.Errorf("input: %w", err)
			}
			if !info.IsDir() {
				add(cleanPath(p), info.Size())
				continue
			}
			err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
				if err != nil {
					// An unreadable entry is kept as an input so that it
					// becomes an error row when it is reached.
					add(cleanPath(q), 0)
					return nil
				}
				if q != p && strings.HasPrefix(d.Name(), ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.IsDir() {
					return nil
				}
				if kindByName(q) == kindUnknown {
					r.skipped.Add(1)
					r.log.Debug("not an article, skipped", "path", q)
					return nil
				}
				info, err := d.Info()
				size := int64(0)
				if err == nil {
					size = info.Size()
				}
				add(cleanPath(q), size)
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("input %q: %w", p, err)
			}
		}
	}
	if len(r.inputs) == 0 {
		return nil, errors.New("no input")
	}
	return r, nil
}

// ForInputs returns a Reader of inputs already resolved (by New, on
// another machine, or by a file system match), read as they are: the path
// of each is its source in the documents table and in doc_ids.
func ForInputs(inputs []Input, opts Options) *Reader {
	r := newReader(opts)
	r.inputs = slices.Clone(inputs)
	return r
}

func newReader(opts Options) *Reader {
	r := &Reader{stdin: opts.Stdin, maxBytes: opts.MaxRecordBytes, log: opts.Logger, open: opts.Open}
	if r.stdin == nil {
		r.stdin = os.Stdin
	}
	if r.maxBytes <= 0 {
		r.maxBytes = DefaultMaxRecordBytes
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.open == nil {
		r.open = func(p string) (io.ReadCloser, error) { return os.Open(p) }
		r.local = true
	}
	return r
}

// Inputs lists the files the reader reads, in order.
func (r *Reader) Inputs() []Input { return slices.Clone(r.inputs) }

// TotalBytes is the summed size of the inputs, or -1 when it is unknown
// (standard input).
func (r *Reader) TotalBytes() int64 {
	var n int64
	for _, in := range r.inputs {
		if in.Size < 0 {
			return -1
		}
		n += in.Size
	}
	return n
}

// BytesRead is the number of input bytes consumed so far (compressed bytes
// for compressed files); safe to call while the reader runs.
func (r *Reader) BytesRead() int64 { return r.read.Load() }

// Skipped is the number of files in walked directories that were passed
// over because they are not articles.
func (r *Reader) Skipped() int64 { return r.skipped.Load() }

// SkippedRecords is the number of WARC records passed over because they
// are no HTML page (requests, metadata, images, redirects …).
func (r *Reader) SkippedRecords() int64 { return r.skippedRecords.Load() }

// Docs yields every record of every input in order. A record that cannot be
// read comes with a non-nil error and a Doc that identifies it.
func (r *Reader) Docs(ctx context.Context) iter.Seq2[*entopic.Doc, error] {
	return func(yield func(*entopic.Doc, error) bool) {
		for _, in := range r.inputs {
			if ctx.Err() != nil {
				return
			}
			if !r.readInput(in, yield) {
				return
			}
		}
	}
}

// readInput yields the records of one input; it returns false when the
// consumer asked to stop.
func (r *Reader) readInput(in Input, yield func(*entopic.Doc, error) bool) bool {
	var f io.Reader
	if in.Path == "-" {
		f = r.stdin
	} else {
		if r.local {
			// A FIFO would block the run until something writes to it,
			// a device never end: only regular files are read.
			info, err := os.Stat(in.Path)
			if err != nil {
				return yield(failed(in.Path, 0, nil), fmt.Errorf("open: %w", err))
			}
			if !info.Mode().IsRegular() {
				what := "not a regular file"
				switch {
				case info.IsDir():
					what = "a directory (reached through a link)"
				case info.Mode()&fs.ModeNamedPipe != 0:
					what = "a named pipe (FIFO)"
				case info.Mode()&fs.ModeDevice != 0:
					what = "a device"
				case info.Mode()&fs.ModeSocket != 0:
					what = "a socket"
				}
				return yield(failed(in.Path, 0, nil), fmt.Errorf("not read: %s", what))
			}
		}
		file, err := r.open(in.Path)
		if err != nil {
			return yield(failed(in.Path, 0, nil), fmt.Errorf("open: %w", err))
		}
		defer file.Close()
		f = file
	}
	counted := &countingReader{r: f, n: &r.read}
	br := bufio.NewReaderSize(counted, 64<<10)

	// A WARC file is read as stored: its gzip members are records, which
	// the WARC reader decompresses one by one.
	name := in.Path
	if kindByName(name) == kindWARC {
		return r.readWARC(in.Path, br, yield)
	}
	// Otherwise decompress by content, not by name: a ".jsonl.gz" renamed
	// ".jsonl" still reads.
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			return yield(failed(in.Path, 0, magic), fmt.Errorf("gzip: %w", err))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(&expansionLimit{r: zr, compressed: counted}, 64<<10)
		name = strings.TrimSuffix(name, ".gz")
	case bytes.HasPrefix(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return yield(failed(in.Path, 0, magic), fmt.Errorf("zstd: %w", err))
		}
		defer zr.Close()
		br = bufio.NewReaderSize(&expansionLimit{r: zr, compressed: counted}, 64<<10)
		name = strings.TrimSuffix(name, ".zst")
	}

	k := kindByName(name)
	if k == kindUnknown {
		head, _ := br.Peek(4096)
		k = sniff(head)
	}
	switch k {
	case kindWARC:
		return r.readWARC(in.Path, br, yield)
	case kindJSONL:
		return r.readLines(in.Path, br, yield)
	case kindText, kindHTML:
		return r.readWhole(in.Path, br, k, yield)
	default:
		head, _ := br.Peek(200)
		return yield(failed(in.Path, 0, head), errors.New("not an article: binary content of unknown kind"))
	}
}

// readWhole yields a file that holds one article.
func (r *Reader) readWhole(path string, br *bufio.Reader, k kind, yield func(*entopic.Doc, error) bool) bool {
	raw, err := io.ReadAll(io.LimitReader(br, r.maxBytes+1))
	if err != nil {
		return yield(failed(path, 0, raw), fmt.Errorf("read: %w", err))
	}
	if int64(len(raw)) > r.maxBytes {
		return yield(failed(path, 0, raw[:min(len(raw), 200)]), fmt.Errorf("article larger than the record limit of %s (--max-doc-bytes)", sizeText(r.maxBytes)))
	}
	d := &entopic.Doc{ID: docID(path, 0), Source: path, Raw: raw, Format: entopic.FormatText}
	if k == kindHTML {
		d.Format = entopic.FormatHTML
	}
	return yield(d, nil)
}

// readLines yields one article per non-blank line of JSON.
func (r *Reader) readLines(path string, br *bufio.Reader, yield func(*entopic.Doc, error) bool) bool {
	for line := int64(1); ; line++ {
		b, tooLong, blank, err := readLine(br, r.maxBytes)
		if !blank {
			var d *entopic.Doc
			var rerr error
			if tooLong {
				d, rerr = failed(path, line, b), fmt.Errorf("line %d longer than the record limit of %s (--max-doc-bytes)", line, sizeText(r.maxBytes))
			} else {
				d, rerr = parseRecord(path, line, b)
			}
			if !yield(d, rerr) {
				return false
			}
		}
		if err == io.EOF {
			return true
		}
		if err != nil {
			return yield(failed(path, line, nil), fmt.Errorf("read line %d: %w", line, err))
		}
	}
}

// readLine reads one line without its end. A line longer than limit is
// consumed to its end and reported as tooLong with its first bytes. blank
// says the whole line is white space, which a line longer than limit can
// be too (it is skipped like any blank line, not reported as too long).
func readLine(br *bufio.Reader, limit int64) (line []byte, tooLong, blank bool, err error) {
	blank = true
	for {
		chunk, err := br.ReadSlice('\n')
		if blank && len(bytes.TrimSpace(chunk)) > 0 {
			blank = false
		}
		switch {
		case tooLong:
			// Past the limit: the rest is read and let go.
		case int64(len(line)+len(chunk)) > limit:
			tooLong = true
			line = append(line[:min(len(line), 200)], chunk[:min(len(chunk), max(0, 200-len(line)))]...)
		default:
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == nil {
			line = bytes.TrimRight(line, "\r\n")
		}
		if !tooLong {
			// The whole line is here: a white-space character split
			// between two chunks counts as space.
			blank = len(bytes.TrimSpace(line)) == 0
		}
		return line, tooLong, blank, err
	}
}

// sizeText writes a byte count the way the flags take it: 16 MiB.
func sizeText(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// record is the shape of a JSON lines article.
type record struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
	Title     string          `json:"title"`
	URL       string          `json:"url"`
	Published string          `json:"published"`
	Lang      string          `json:"lang"`
	Source    string          `json:"source"`
}

var knownFields = map[string]bool{"id": true, "text": true, "html": true, "title": true, "url": true,
	"published": true, "lang": true, "source": true}

// Record is one input record with the fields of a JSON lines record
// (docs/DESIGN.md §1): a page's text or HTML and what is known about it.
type Record struct {
	ID        string // the doc_id; empty: a hash of the source and position
	Text      string // the page as text or Markdown
	HTML      string // the page as HTML, read when Text is blank
	Title     string
	URL       string
	Published string // as written: RFC 3339, a date, …
	Lang      string // "zh", "en", … when known
	Source    string // the outlet
	// Extra is a JSON object of further fields, kept in the documents
	// table's extra column; "" for none.
	Extra string
}

// NewDoc turns a record read from source at position pos (a line number,
// 0 for a whole file) into the Doc the stages take. A record without text
// or HTML is an error; the Doc returned with it still identifies the
// record.
func NewDoc(source string, pos int64, rec Record) (*entopic.Doc, error) {
	d := &entopic.Doc{ID: strings.TrimSpace(rec.ID), Source: source, Pos: pos, Encoding: "utf-8", Extra: rec.Extra}
	if d.ID == "" {
		d.ID = docID(source, pos)
	}
	switch {
	case strings.TrimSpace(rec.HTML) != "" && strings.TrimSpace(rec.Text) == "":
		d.Raw, d.Format = []byte(rec.HTML), entopic.FormatHTML
	case strings.TrimSpace(rec.Text) != "":
		d.Raw, d.Format = []byte(rec.Text), entopic.FormatText
	default:
		return d, errors.New("record has no text or html")
	}
	d.Hint = entopic.Hint{Title: rec.Title, URL: rec.URL, Published: rec.Published, Lang: rec.Lang, Outlet: rec.Source}
	return d, nil
}

// parseRecord turns one JSON line into a Doc.
func parseRecord(path string, line int64, b []byte) (*entopic.Doc, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return failed(path, line, b), fmt.Errorf("line %d: invalid JSON: %w", line, err)
	}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return failed(path, line, b), fmt.Errorf("line %d: %w", line, err)
	}
	id, err := recordID(rec.ID)
	if err != nil {
		return failed(path, line, b), fmt.Errorf("line %d: %w", line, err)
	}
	r := Record{ID: id, Title: rec.Title, URL: rec.URL, Published: rec.Published, Lang: rec.Lang, Source: rec.Source}
	if rec.Text != nil {
		r.Text = *rec.Text
	}
	if rec.HTML != nil {
		r.HTML = *rec.HTML
	}
	extra := make(map[string]json.RawMessage)
	for k, v := range fields {
		if !knownFields[k] {
			extra[k] = v
		}
	}
	if rec.URL != "" {
		// The contract has no url column; keep it where analysts find it.
		extra["url"], _ = json.Marshal(rec.URL)
	}
	if len(extra) > 0 {
		e, err := json.Marshal(extra) // sorted keys: deterministic
		if err != nil {
			return failed(path, line, b), fmt.Errorf("line %d: %w", line, err)
		}
		r.Extra = string(e)
	}
	d, err := NewDoc(path, line, r)
	if err != nil {
		d.Raw, d.Extra = b, ""
		return d, fmt.Errorf("line %d: %w", line, err)
	}
	return d, nil
}

// recordID reads an id that may be a JSON string or number.
func recordID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return strings.TrimSpace(s), nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("id must be a string or a number, not %s", raw)
}

// failed builds the Doc that identifies a record that could not be read.
func failed(path string, pos int64, raw []byte) *entopic.Doc {
	return &entopic.Doc{ID: docID(path, pos), Source: path, Pos: pos, Raw: bytes.Clone(raw)}
}

// docID is the stable id of a record without one of its own: a hash of its
// source path and position.
func docID(path string, pos int64) string {
	h := sha256.Sum256([]byte(path + "\x00" + strconv.FormatInt(pos, 10)))
	return hex.EncodeToString(h[:8])
}

// cleanPath makes a path stable across spellings (./a//b → a/b) and
// platforms, since doc_id is derived from it.
func cleanPath(p string) string { return filepath.ToSlash(filepath.Clean(p)) }

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }

// kindByName tells the kind of a file from its extension, looking through a
// compression suffix.
func kindByName(p string) kind {
	lower := strings.ToLower(p)
	lower = strings.TrimSuffix(strings.TrimSuffix(lower, ".gz"), ".zst")
	switch filepath.Ext(lower) {
	case ".txt", ".md", ".markdown", ".text":
		return kindText
	case ".html", ".htm", ".xhtml":
		return kindHTML
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".warc", ".arc":
		return kindWARC
	}
	return kindUnknown
}

// sniff tells the kind of content from its first bytes.
func sniff(head []byte) kind {
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case isWARC(head):
		return kindWARC
	case len(trimmed) > 0 && trimmed[0] == '{':
		return kindJSONL
	case looksHTML(trimmed):
		return kindHTML
	case isBinary(head):
		return kindUnknown
	}
	return kindText
}

func looksHTML(b []byte) bool {
	l := bytes.ToLower(b[:min(len(b), 512)])
	return bytes.HasPrefix(l, []byte("<!doctype html")) || bytes.Contains(l, []byte("<html")) ||
		bytes.HasPrefix(l, []byte("<head")) || bytes.HasPrefix(l, []byte("<body"))
}

// isBinary reports content that is no text in any encoding entopic reads:
// NUL bytes outside a UTF-16 byte order mark.
func isBinary(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
		return false
	}
	return bytes.IndexByte(b, 0) >= 0
}

// countingReader counts the bytes read through it: in all (n, shared by
// the inputs) and from this input (own).
type countingReader struct {
	r   io.Reader
	n   *atomic.Int64
	own int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	c.own += int64(n)
	return n, err
}

// MaxExpansion bounds how many times its compressed size a compressed
// input may expand to (beyond its first 16 MiB): news compresses 3 to 10
// times, a decompression bomb a thousand. Reading stops there and the rest
// of the file is an errors row.
const MaxExpansion = 200

// ErrBomb is the error of a compressed input that expands beyond
// MaxExpansion times its size.
var ErrBomb = fmt.Errorf("input expands more than %d times its compressed size (a decompression bomb?): reading stopped", MaxExpansion)

// expansionLimit stops a decompressed stream that grows beyond
// MaxExpansion times the compressed bytes read so far.
type expansionLimit struct {
	r          io.Reader
	compressed *countingReader
	expanded   int64
}

func (e *expansionLimit) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.expanded += int64(n)
	if e.expanded > 16<<20 && e.expanded > MaxExpansion*e.compressed.own {
		return n, ErrBomb
	}
	return n, err
}
