package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"time"

	"github.com/entopic/entopic/report"
	"github.com/entopic/entopic/stages/write"
)

const reportAbout = `Writes one self-contained HTML page (no network needed to open it) that shows a
finished run: the run at a glance, topics over time, the most mentioned people (with
roles and affiliations), organizations, places, policy documents and dialogues with
their monthly trend, a timeline of policy documents and dialogues, who appears with
whom, and a browser of documents with their mentions highlighted. The tables are read
a batch of rows at a time: a run of millions of documents reports in bounded memory;
the browser holds a sample of --sample documents.

Example:
  entopic run testdata/articles -o out && entopic report out && open out/report.html`

func reportCmd(args []string, e *env) error {
	fs := newFlags(e, "report", "report OUTDIR [-o FILE] [flags]", reportAbout)
	out := fs.StringP("out", "o", "", "the HTML file to write (default OUTDIR/report.html)")
	top := fs.Int("top", 15, "names listed per type")
	sample := fs.Int("sample", 300, "documents the browser holds (drawn at random beyond that)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one OUTDIR, the output directory of 'entopic run'")
	}
	if *top < 1 || *sample < 1 {
		return usagef("--top and --sample must be at least 1")
	}
	dir := fs.Arg(0)
	path := *out
	if path == "" {
		path = filepath.Join(dir, "report.html")
	}
	start := time.Now()
	r, err := report.Build(dir, report.Options{Top: *top, SampleDocs: *sample})
	if err != nil {
		return err
	}
	// Written under a temporary name and renamed: an interrupted report
	// never looks complete.
	var page bytes.Buffer
	if err := r.Render(&page); err != nil {
		return err
	}
	if err := write.WriteFileAtomic(path, page.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Fprintf(e.stderr, "entopic: report of %d documents → %s (%.1fs)\n", r.Documents, path, time.Since(start).Seconds())
	return nil
}
