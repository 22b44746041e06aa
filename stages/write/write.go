// Package write is the sink of the pipeline: it turns finished documents and
// failed records into the Parquet tables of the output contract and writes
// the run's manifest.
//
// In: pipeline results in input order. Out: a dataset directory
//
//	OUTDIR/documents/part-00000.parquet …   one row per document
//	OUTDIR/mentions/ entities/ topics/ keywords/ tokens/ (with Tokens) errors/
//	OUTDIR/manifest.json
//
// with the columns and logical types of docs/DESIGN.md §2, zstd-compressed,
// parts rolled every PartRows rows. Parts and the manifest are written under
// temporary names and renamed when complete: an interrupted run leaves no
// file that looks complete, and a finished run is one that has a manifest.
package write

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/pipeline"
)

// Table names, in the order the manifest lists them.
const (
	Documents = "documents"
	Mentions  = "mentions"
	Entities  = "entities"
	Topics    = "topics"
	Keywords  = "keywords"
	Tokens    = "tokens"
	Errors    = "errors"
)

// ManifestName is the manifest's file name in the output directory.
const ManifestName = "manifest.json"

// DefaultPartRows is the number of rows after which a part is closed and
// the next one begun.
const DefaultPartRows = 250_000

// Options configure a Writer.
type Options struct {
	// Dir is the output directory. It must not exist or be empty unless
	// Overwrite is set.
	Dir string
	// Overwrite allows Dir to hold the output of an earlier run, which is
	// removed first.
	Overwrite bool
	// Tokens adds the tokens table.
	Tokens bool
	// PartRows is the number of rows per part; 0 means DefaultPartRows.
	PartRows int64
}

// Writer writes the tables of a run. It is used from one goroutine: the
// pipeline calls its sink in order from the goroutine that runs it.
type Writer struct {
	dir       string
	documents *table[DocumentRow]
	mentions  *table[MentionRow]
	entities  *table[EntityRow]
	topics    *table[TopicRow]
	keywords  *table[KeywordRow]
	tokens    *table[TokenRow]
	errors    *table[ErrorRow]
	closed    bool
}

// New prepares the output directory and returns a Writer for it.
func New(opts Options) (*Writer, error) {
	if err := prepare(opts.Dir, opts.Overwrite); err != nil {
		return nil, err
	}
	partRows := opts.PartRows
	if partRows <= 0 {
		partRows = DefaultPartRows
	}
	w := &Writer{dir: opts.Dir}
	var err error
	at := func(name string) string { return filepath.Join(opts.Dir, name) }
	if w.documents, err = newTable[DocumentRow](at(Documents), partRows); err != nil {
		return nil, err
	}
	if w.mentions, err = newTable[MentionRow](at(Mentions), partRows); err != nil {
		return nil, err
	}
	if w.entities, err = newTable[EntityRow](at(Entities), partRows); err != nil {
		return nil, err
	}
	if w.topics, err = newTable[TopicRow](at(Topics), partRows); err != nil {
		return nil, err
	}
	if w.keywords, err = newTable[KeywordRow](at(Keywords), partRows); err != nil {
		return nil, err
	}
	if opts.Tokens {
		if w.tokens, err = newTable[TokenRow](at(Tokens), partRows); err != nil {
			return nil, err
		}
	}
	if w.errors, err = newTable[ErrorRow](at(Errors), partRows); err != nil {
		return nil, err
	}
	return w, nil
}

// outputs are the entries a run writes in its directory, and those entopic
// topics writes beside them (package topicmodel), which an overwritten run
// makes stale.
var outputs = []string{Documents, Mentions, Entities, Topics, Keywords, Tokens, Errors, ManifestName,
	"topic_terms", "document_topics", "topic_model.json"}

// prepare makes sure dir exists and holds nothing but, with overwrite, the
// output of an earlier run, which it removes.
func prepare(dir string, overwrite bool) error {
	if dir == "" {
		return errors.New("no output directory")
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return fmt.Errorf("output directory: %w", err)
	case len(entries) == 0:
		return nil
	case !overwrite:
		return fmt.Errorf("output directory %s exists and is not empty (use --overwrite to replace an earlier run)", dir)
	}
	var foreign []string
	for _, e := range entries {
		// Temporary files of an interrupted run are outputs too.
		leftover := strings.HasPrefix(e.Name(), ".") && strings.HasSuffix(e.Name(), ".tmp")
		if !slices.Contains(outputs, e.Name()) && !leftover {
			foreign = append(foreign, e.Name())
		}
	}
	if len(foreign) > 0 {
		return fmt.Errorf("output directory %s holds files entopic did not write (%s): not overwriting",
			dir, strings.Join(foreign, ", "))
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("overwrite: %w", err)
		}
	}
	return nil
}

// Write writes the rows of one pipeline result: a document with everything
// extracted from it, or a row of the errors table.
func (w *Writer) Write(r pipeline.Result[*entopic.Doc]) error {
	d := r.Item
	if r.Err != nil {
		return w.errors.write([]ErrorRow{errorRow(d, r.Stage, r.Err)})
	}
	rows := RowsOf(d, w.tokens != nil)
	err := w.documents.write([]DocumentRow{rows.Document})
	if err == nil {
		err = w.mentions.write(rows.Mentions)
	}
	if err == nil {
		err = w.entities.write(rows.Entities)
	}
	if err == nil {
		err = w.topics.write(rows.Topics)
	}
	if err == nil {
		err = w.keywords.write(rows.Keywords)
	}
	if err == nil && w.tokens != nil {
		err = w.tokens.write(rows.Tokens)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", d.ID, err)
	}
	return nil
}

// Rows returns the number of rows written to each table.
func (w *Writer) Rows() map[string]int64 {
	rows := map[string]int64{
		Documents: w.documents.rows, Mentions: w.mentions.rows, Entities: w.entities.rows,
		Topics: w.topics.rows, Keywords: w.keywords.rows, Errors: w.errors.rows,
	}
	if w.tokens != nil {
		rows[Tokens] = w.tokens.rows
	}
	return rows
}

// Close completes every table. The run is finished once the manifest is
// written too (WriteManifest).
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	errs := []error{
		w.documents.close(), w.mentions.close(), w.entities.close(), w.topics.close(),
		w.keywords.close(), w.errors.close(),
	}
	if w.tokens != nil {
		errs = append(errs, w.tokens.close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close tables: %w", err)
	}
	return nil
}

// Abort removes the parts being written, leaving only complete parts and no
// manifest: the directory shows an unfinished run.
func (w *Writer) Abort() error {
	if w.closed {
		return nil
	}
	w.closed = true
	errs := []error{
		w.documents.abort(), w.mentions.abort(), w.entities.abort(), w.topics.abort(),
		w.keywords.abort(), w.errors.abort(),
	}
	if w.tokens != nil {
		errs = append(errs, w.tokens.abort())
	}
	return errors.Join(errs...)
}

// WriteManifest writes v as OUTDIR/manifest.json, atomically.
func (w *Writer) WriteManifest(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	tmp := filepath.Join(w.dir, "."+ManifestName+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(w.dir, ManifestName)); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	return nil
}
