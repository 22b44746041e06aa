package eval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	xhtml "golang.org/x/net/html"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/html"
	"github.com/entopic/entopic/stages/write"
)

// Page is one web page of an extraction gold set, with what is known of it:
// the true article body (the benchmark's ground truth), and checks written
// by hand (entopic's page annotations).
type Page struct {
	// Key names the page: the benchmark's hash, or the file's name.
	Key string `json:"key"`
	// Path is the page's file.
	Path string `json:"-"`
	// Body is the true article body; "" when the gold gives checks only.
	Body string `json:"-"`
	// Checks are what the annotation says the page must read as.
	Checks *PageChecks `json:"-"`
}

// PageChecks is one line of a page annotation file (JSON lines): the page's
// file (relative to the pages' directory) and what the run must make of it.
// A field left out is not checked; a field written empty ("" or []) checks
// that the column is empty.
type PageChecks struct {
	File string `json:"file"`
	// Title is the headline as the page shows it, without a site's name.
	Title *string `json:"title,omitempty"`
	// Published is the publication time as the page shows it, RFC 3339
	// with the page's zone offset, or a date (2006-01-02) when the page
	// gives no time, or "" when it gives no date at all.
	Published *string `json:"published,omitempty"`
	// Authors are the people named as authors or reporters.
	Authors *[]string `json:"authors,omitempty"`
	// First and Last are the body's first and last sentences (a prefix and
	// a suffix of the text, spaces aside).
	First *string `json:"first,omitempty"`
	Last  *string `json:"last,omitempty"`
	// Absent are strings of the page's boilerplate the body must not hold.
	Absent []string `json:"absent,omitempty"`
	// Lang and Encoding are the page's language and the encoding it is
	// decoded from.
	Lang     *string `json:"lang,omitempty"`
	Encoding *string `json:"encoding,omitempty"`
}

// ReadPages reads an extraction gold set: the article-extraction
// benchmark's ground-truth.json ({HASH: {articleBody, url}}, pages
// HASH.html.gz or HASH.html beside it), or a page annotation file (JSON
// lines of PageChecks). dir holds the pages; gold "" means
// dir/ground-truth.json.
func ReadPages(dir, gold string) ([]Page, error) {
	if gold == "" {
		gold = filepath.Join(dir, "ground-truth.json")
	}
	b, err := os.ReadFile(gold)
	if err != nil {
		return nil, err
	}
	find := func(name string) (string, error) {
		for _, p := range []string{name, name + ".html.gz", name + ".html", name + ".htm", name + ".txt"} {
			if info, err := os.Stat(filepath.Join(dir, p)); err == nil && !info.IsDir() {
				return filepath.Join(dir, p), nil
			}
		}
		return "", fmt.Errorf("%s: no page %q in %s", gold, name, dir)
	}
	var pages []Page
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' && !bytes.Contains(firstLineBytes(t), []byte(`"file"`)) {
		var gt map[string]struct {
			ArticleBody string `json:"articleBody"`
		}
		if err := json.Unmarshal(b, &gt); err != nil {
			return nil, fmt.Errorf("%s: %w", gold, err)
		}
		for key, g := range gt {
			p, err := find(key)
			if err != nil {
				return nil, err
			}
			pages = append(pages, Page{Key: key, Path: p, Body: g.ArticleBody})
		}
		sort.Slice(pages, func(i, j int) bool { return pages[i].Key < pages[j].Key })
		return pages, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		var c PageChecks
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", gold, n, err)
		}
		if c.File == "" {
			return nil, fmt.Errorf("%s: line %d: no file", gold, n)
		}
		p, err := find(c.File)
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{Key: c.File, Path: p, Checks: &c})
	}
	return pages, sc.Err()
}

func firstLineBytes(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// PageResult is what a run made of one page and how it scored.
type PageResult struct {
	Key string `json:"key"`
	// Body scores (pages with a true body).
	Body      *ShingleCounts `json:"-"`
	Precision float64        `json:"precision,omitempty"`
	Recall    float64        `json:"recall,omitempty"`
	F1        float64        `json:"f1,omitempty"`
	// Checks passed and failed (pages with annotations); Failed says
	// which and what was read instead.
	Passed int      `json:"passed,omitempty"`
	Failed []string `json:"failed,omitempty"`
	// Error is the run's error for the page, when it ended in the errors
	// table.
	Error string `json:"error,omitempty"`
}

// ExtractionResult is the outcome of an extraction evaluation.
type ExtractionResult struct {
	Pages []PageResult `json:"pages"`
	// Body is the benchmark's score over the pages with a true body.
	Body *BodyScore `json:"body,omitempty"`
	// Checks counts the annotation checks by kind (title, published, …).
	Checks map[string]*CheckScore `json:"checks,omitempty"`
	// Baselines are the body scores of the libraries alone on the same
	// pages, by name.
	Baselines map[string]BodyScore `json:"baselines,omitempty"`
}

// CheckScore counts the checks of one kind.
type CheckScore struct {
	Total  int     `json:"total"`
	Passed int     `json:"passed"`
	Rate   float64 `json:"rate"`
}

// RunExtraction runs the pages through the job as `entopic run` reads them
// and scores the documents table against the gold.
func RunExtraction(ctx context.Context, pages []Page, res *job.Resources, opts Options) (*ExtractionResult, error) {
	dir, err := os.MkdirTemp(opts.TempDir, "entopic-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	inputs := make([]string, len(pages))
	for i, p := range pages {
		inputs[i] = p.Path
	}
	if opts.AsText {
		var err error
		if inputs, err = asText(pages, res, filepath.Join(dir, "text")); err != nil {
			return nil, err
		}
	}
	source := map[string]string{} // input path → page path
	for i, p := range pages {
		source[filepath.ToSlash(filepath.Clean(inputs[i]))] = p.Path
	}
	out := filepath.Join(dir, "out")
	if _, err := job.Run(ctx, job.Config{Inputs: inputs, Out: out, Workers: opts.Workers}, res); err != nil {
		return nil, err
	}
	docs, err := readTable[write.DocumentRow](filepath.Join(out, write.Documents))
	if err != nil {
		return nil, err
	}
	errs, err := readTable[write.ErrorRow](filepath.Join(out, write.Errors))
	if err != nil {
		return nil, err
	}
	bySource := map[string]write.DocumentRow{}
	for _, d := range docs {
		bySource[source[d.Source]] = d
	}
	failed := map[string]string{}
	for _, e := range errs {
		failed[source[e.Source]] = e.Stage + ": " + e.Error
	}
	r := &ExtractionResult{Checks: map[string]*CheckScore{}}
	var bodies []ShingleCounts
	for _, p := range pages {
		src := p.Path
		d, ok := bySource[src]
		pr := PageResult{Key: p.Key}
		if !ok {
			pr.Error = failed[src]
			if pr.Error == "" {
				pr.Error = "no document and no error row"
			}
		}
		if p.Body != "" {
			c := Shingles(p.Body, d.Text)
			bodies = append(bodies, c)
			pr.Body = &c
			pr.Precision, _ = c.Precision()
			pr.Recall, _ = c.Recall()
			pr.F1 = c.F1()
		}
		if p.Checks != nil {
			for _, c := range p.Checks.check(d) {
				s := r.Checks[c.kind]
				if s == nil {
					s = &CheckScore{}
					r.Checks[c.kind] = s
				}
				s.Total++
				if c.ok {
					s.Passed++
					pr.Passed++
				} else {
					pr.Failed = append(pr.Failed, c.kind+": "+c.detail)
				}
			}
		}
		r.Pages = append(r.Pages, pr)
	}
	if len(bodies) > 0 {
		s := ScoreBodies(bodies)
		r.Body = &s
		if !opts.AsText {
			if r.Baselines, err = baselines(pages, res); err != nil {
				return nil, err
			}
		}
	}
	total := &CheckScore{}
	for _, s := range r.Checks {
		s.Rate = float64(s.Passed) / float64(s.Total)
		total.Total += s.Total
		total.Passed += s.Passed
	}
	if total.Total > 0 {
		total.Rate = float64(total.Passed) / float64(total.Total)
		r.Checks["all"] = total
	} else {
		r.Checks = nil
	}
	return r, nil
}

// noClean names entopic's extraction before the clean stage among the
// baselines.
const noClean = "entopic without the clean stage"

// baselines scores the extractors entopic combines, each alone, and their
// agreement before the clean stage, on the pages with a true body: the page
// decoded as the decode stage does, parsed, and given to the library.
func baselines(pages []Page, res *job.Resources) (map[string]BodyScore, error) {
	counts := map[string][]ShingleCounts{}
	for _, p := range pages {
		if p.Body == "" {
			continue
		}
		raw, err := readPage(p.Path)
		if err != nil {
			return nil, err
		}
		d := &entopic.Doc{Raw: raw, Format: entopic.FormatHTML}
		text := ""
		if res.Decoder.Process(d) == nil {
			text = d.Text
		}
		for name, extract := range html.Baselines {
			got := ""
			if root, err := xhtml.Parse(strings.NewReader(text)); err == nil {
				got = extract(root, "")
			}
			counts[name] = append(counts[name], Shingles(p.Body, got))
		}
		// entopic's extraction before the clean stage: what the clean
		// stage adds or costs.
		got := ""
		if root, err := xhtml.Parse(strings.NewReader(text)); err == nil {
			ex := html.Extract(root, "")
			var body []string
			for _, l := range ex.Lines {
				if l.Kind == entopic.LineBody {
					body = append(body, l.Text)
				}
			}
			got = strings.Join(body, "\n")
			if ex.Method == html.MethodPage {
				got = ex.Page
			}
		}
		counts[noClean] = append(counts[noClean], Shingles(p.Body, got))
	}
	out := map[string]BodyScore{}
	for name, c := range counts {
		out[name] = ScoreBodies(c)
	}
	return out, nil
}

// asText writes the visible text of every page (decoded as the decode stage
// does, rendered one block per line, chrome included) into dir, and
// returns the files' paths.
func asText(pages []Page, res *job.Resources, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	out := make([]string, len(pages))
	for i, p := range pages {
		raw, err := readPage(p.Path)
		if err != nil {
			return nil, err
		}
		d := &entopic.Doc{Raw: raw, Format: entopic.FormatHTML}
		text := ""
		if res.Decoder.Process(d) == nil {
			if root, err := xhtml.Parse(strings.NewReader(d.Text)); err == nil {
				text = html.VisibleText(root)
			}
		}
		out[i] = filepath.Join(dir, fmt.Sprintf("%04d.txt", i))
		if err := os.WriteFile(out[i], []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readPage reads a page file, gunzipping it when it is compressed.
func readPage(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// checkResult is one check of a page.
type checkResult struct {
	kind   string
	ok     bool
	detail string // what was expected and read, when it failed
}

// check runs a page's checks against its documents row.
func (c *PageChecks) check(d write.DocumentRow) []checkResult {
	var out []checkResult
	add := func(kind string, ok bool, want, got any) {
		r := checkResult{kind: kind, ok: ok}
		if !ok {
			r.detail = fmt.Sprintf("want %q, got %q", want, got)
		}
		out = append(out, r)
	}
	if c.Title != nil {
		add("title", squash(*c.Title) == squash(d.Title), *c.Title, d.Title)
	}
	if c.Published != nil {
		got := ""
		if d.Published != nil {
			got = d.Published.UTC().Format(time.RFC3339)
		}
		add("published", samePublished(*c.Published, d.Published), *c.Published, got)
	}
	if c.Authors != nil {
		want, got := slices.Clone(*c.Authors), slices.Clone(d.Authors)
		slices.Sort(want)
		slices.Sort(got)
		add("authors", slices.Equal(want, got), strings.Join(*c.Authors, ", "), strings.Join(d.Authors, ", "))
	}
	text := squash(d.Text)
	if c.First != nil {
		got, _, _ := strings.Cut(d.Text, "\n")
		add("first", strings.HasPrefix(text, squash(*c.First)), *c.First, got)
	}
	if c.Last != nil {
		got := d.Text[strings.LastIndexByte(d.Text, '\n')+1:]
		add("last", strings.HasSuffix(text, squash(*c.Last)), *c.Last, got)
	}
	for _, a := range c.Absent {
		add("absent", !strings.Contains(text, squash(a)), "not "+a, "found")
	}
	if c.Lang != nil {
		add("lang", *c.Lang == d.Lang, *c.Lang, d.Lang)
	}
	if c.Encoding != nil {
		add("encoding", *c.Encoding == d.Encoding, *c.Encoding, d.Encoding)
	}
	return out
}

// samePublished compares an annotated publication time with the run's: to
// the minute for a time, by the calendar day in the annotation's zone
// (China's when it gives none) for a date, emptiness for "".
func samePublished(want string, got *time.Time) bool {
	want = strings.TrimSpace(want)
	if want == "" || got == nil {
		return want == "" && got == nil
	}
	if t, err := time.Parse(time.RFC3339, want); err == nil {
		return t.Truncate(time.Minute).Equal(got.Truncate(time.Minute))
	}
	if t, err := time.Parse("2006-01-02", want); err == nil {
		day := got.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
		return t.Format("2006-01-02") == day
	}
	return false
}

// squash drops spaces, which pages and annotations place differently.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
