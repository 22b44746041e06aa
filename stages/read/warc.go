package read

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http/httputil"
	"strings"

	"github.com/andybalholm/brotli"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/entopic/entopic"
)

// readWARC yields the HTML pages of a WARC file (what crawlers and Common
// Crawl write), read with github.com/nlnwa/gowarc, the National Library of
// Norway's WARC 1.0/1.1 library: every response or resource record whose
// payload is HTML (by its Content-Type, or its first bytes when it has none)
// becomes a document whose position is the record's byte offset in the file
// (as CDX indexes give it), with the record's target URI as the page's URL
// and its capture date as a date of the page (a reference for dates written
// relative to the day, never the publication time); the target URI, capture
// date and record id are kept in documents.extra. Other records (requests,
// metadata, warcinfo, revisits, non-HTML or unsuccessful responses) are
// skipped and counted; a record that cannot be read is an error row, and
// reading goes on at the next record when the file allows.
//
// r reads the file as stored: gzip members (.warc.gz) are decompressed
// record by record, so that a broken member costs one record.
func (r *Reader) readWARC(path string, br *bufio.Reader, yield func(*entopic.Doc, error) bool) bool {
	// Spec violations are warnings (pages are read whatever their digests
	// say); under that policy the reader buffers each block, in memory up
	// to the record limit, so that it can be read after its digest is
	// checked.
	wr, err := gowarc.NewWarcFileReaderFromStream(br, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore), gowarc.WithBufferMaxMemBytes(r.maxBytes))
	if err != nil {
		return yield(failed(path, 0, nil), fmt.Errorf("warc: %w", err))
	}
	defer wr.Close()
	last := int64(-1)
	for {
		rec, err := wr.Next()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			if rec.WarcRecord != nil {
				rec.Close()
			}
			if rec.Offset <= last {
				// No progress past a broken record: the rest of the
				// file cannot be read.
				return yield(failed(path, rec.Offset, nil), fmt.Errorf("warc record at offset %d: %w; the rest of the file is unreadable", rec.Offset, err))
			}
			last = rec.Offset
			if !yield(failed(path, rec.Offset, nil), fmt.Errorf("warc record at offset %d: %w", rec.Offset, err)) {
				return false
			}
			continue
		}
		last = rec.Offset
		d, derr := r.warcRecord(path, rec)
		for _, v := range rec.Validation {
			// A block shorter than its Content-Length: the record was cut.
			var cl *gowarc.ContentLengthError
			if errors.As(v, &cl) && d != nil {
				d, derr = failed(path, rec.Offset, d.Raw[:min(len(d.Raw), 200)]), fmt.Errorf("warc record at offset %d is truncated: %w", rec.Offset, v)
			}
		}
		rec.Close()
		switch {
		case d == nil && derr == nil:
			r.skippedRecords.Add(1)
		case !yield(d, derr):
			return false
		}
	}
}

// warcRecord turns one WARC record into a Doc, or nil when the record is
// no HTML page.
func (r *Reader) warcRecord(path string, rec gowarc.Record) (*entopic.Doc, error) {
	w := rec.WarcRecord
	h := w.WarcHeader()
	target, date, id := h.Get(gowarc.WarcTargetURI), h.Get(gowarc.WarcDate), h.Get(gowarc.WarcRecordID)
	var body io.Reader
	var contentType, contentEncoding, transferEncoding string
	switch w.Type() {
	case gowarc.Response:
		block, ok := w.Block().(gowarc.HttpResponseBlock)
		if !ok {
			return nil, nil // a response of another protocol (DNS, FTP)
		}
		if code := block.HttpStatusCode(); code < 200 || code > 299 {
			return nil, nil
		}
		hdr := block.HttpHeader()
		if hdr != nil {
			contentType, contentEncoding = hdr.Get("Content-Type"), hdr.Get("Content-Encoding")
			transferEncoding = hdr.Get("Transfer-Encoding")
		}
		p, err := block.PayloadBytes()
		if err != nil {
			return failed(path, rec.Offset, nil), fmt.Errorf("warc record %s: payload: %w", id, err)
		}
		body = p
	case gowarc.Resource:
		contentType = h.Get(gowarc.ContentType)
		p, err := w.Block().RawBytes()
		if err != nil {
			return failed(path, rec.Offset, nil), fmt.Errorf("warc record %s: block: %w", id, err)
		}
		body = p
	default:
		return nil, nil
	}
	mediaType, params, _ := mime.ParseMediaType(contentType)
	if contentType != "" && mediaType != "text/html" && mediaType != "application/xhtml+xml" {
		return nil, nil
	}
	if strings.Contains(strings.ToLower(transferEncoding), "chunked") {
		body = httputil.NewChunkedReader(body)
	}
	body, err := decodeContent(body, contentEncoding)
	if err != nil {
		return failed(path, rec.Offset, nil), fmt.Errorf("warc record %s: %w", id, err)
	}
	raw, err := io.ReadAll(io.LimitReader(body, r.maxBytes+1))
	if err != nil {
		return failed(path, rec.Offset, raw[:min(len(raw), 200)]), fmt.Errorf("warc record %s: read payload: %w", id, err)
	}
	if int64(len(raw)) > r.maxBytes {
		return failed(path, rec.Offset, raw[:200]), fmt.Errorf("warc record %s: page larger than %d bytes", id, r.maxBytes)
	}
	if contentType == "" {
		head := raw[:min(len(raw), 4096)]
		if !looksHTML(trimSpaceBOM(head)) {
			return nil, nil
		}
	}
	d := &entopic.Doc{ID: docID(path, rec.Offset), Source: path, Pos: rec.Offset, Raw: raw, Format: entopic.FormatHTML}
	d.Hint.URL = target
	d.Hint.Charset = params["charset"]
	if date != "" {
		d.Hint.Dates = []string{date}
	}
	extra := map[string]string{}
	for k, v := range map[string]string{"url": target, "warc_date": date, "warc_record_id": id} {
		if v != "" {
			extra[k] = v
		}
	}
	if len(extra) > 0 {
		e, _ := json.Marshal(extra) // sorted keys: deterministic
		d.Extra = string(e)
	}
	return d, nil
}

// decodeContent undoes an HTTP Content-Encoding.
func decodeContent(body io.Reader, encoding string) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return body, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, fmt.Errorf("content encoding gzip: %w", err)
		}
		return zr, nil
	case "deflate":
		// Servers send zlib streams or raw deflate under this name.
		br := bufio.NewReader(body)
		if b, err := br.Peek(2); err == nil && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 && b[0]&0x0f == 8 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("content encoding deflate: %w", err)
			}
			return zr, nil
		}
		return flate.NewReader(br), nil
	case "br":
		return brotli.NewReader(body), nil
	}
	return nil, fmt.Errorf("unknown content encoding %q", encoding)
}

func trimSpaceBOM(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		b = b[3:]
	}
	return b
}

// isWARC reports the first bytes of a WARC file.
func isWARC(head []byte) bool {
	return strings.HasPrefix(string(trimSpaceBOM(head)), "WARC/")
}
