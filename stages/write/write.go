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
// with the columns and logical types of docs/DESIGN.md §2, zstd-compressed.
// The parts of all tables are cut together, after the record with which one
// of them reaches PartRows rows: each cut is a checkpoint, recorded in a
// journal (JournalName) from which an interrupted run resumes (Options.Resume)
// to the very bytes of an uninterrupted one. Parts, the journal and the
// manifest are written under temporary names and renamed when complete: an
// interrupted run leaves no file that looks complete, and a finished run is
// one that has a manifest.
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
	// The parts of all tables are cut together, after the record with
	// which one of them reaches PartRows rows, so that each part number
	// covers the same records in every table.
	PartRows int64
	// RunKey identifies the inputs and options of the run (their sizes,
	// times, flags and resources); it is kept in the journal, and a
	// resumed run must present the same.
	RunKey string
	// Resume continues the interrupted run in Dir: its complete parts are
	// kept, what it wrote after its last checkpoint is removed, and
	// Resumed says how many records to skip.
	Resume bool
}

// JournalName is the journal of a run in progress: what it has committed
// (records, parts and rows per table) and the key of its inputs and
// options. It is replaced at every checkpoint and removed once the
// manifest is written.
const JournalName = ".entopic-journal.json"

type journal struct {
	RunKey    string           `json:"run"`
	Records   int64            `json:"records"`
	Documents int64            `json:"documents"`
	Errors    int64            `json:"errors"`
	Parts     map[string]int   `json:"parts"`
	Rows      map[string]int64 `json:"rows"`
}

// ErrNotResumable is the error of a resume that finds no interrupted run,
// or one of other inputs or options.
var ErrNotResumable = errors.New("cannot resume")

// Writer writes the tables of a run. It is used from one goroutine: the
// pipeline calls its sink in order from the goroutine that runs it.
type Writer struct {
	dir       string
	partRows  int64
	runKey    string
	records   int64 // records written: documents and errors, in input order
	docs      int64
	fails     int64
	resumed   int64 // records the resumed run had committed
	all       []part
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
	var j *journal
	if opts.Resume {
		var err error
		if j, err = readJournal(opts.Dir, opts.RunKey); err != nil {
			return nil, err
		}
	} else if err := prepare(opts.Dir, opts.Overwrite); err != nil {
		return nil, err
	}
	partRows := opts.PartRows
	if partRows <= 0 {
		partRows = DefaultPartRows
	}
	w := &Writer{dir: opts.Dir, partRows: partRows, runKey: opts.RunKey}
	// The tables do not roll their parts themselves: the Writer cuts
	// them all together (checkpoint).
	partRows = 0
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
	if j != nil {
		for _, t := range w.tables() {
			if err := t.resumeAt(j.Parts[t.name()], j.Rows[t.name()]); err != nil {
				return nil, fmt.Errorf("%w: %s: %w", ErrNotResumable, t.name(), err)
			}
		}
		w.records, w.resumed, w.docs, w.fails = j.Records, j.Records, j.Documents, j.Errors
		return w, nil
	}
	return w, w.writeJournal()
}

// part is what the Writer needs of a table, whatever its row type.
type part interface {
	name() string
	openRows() int64
	state() (parts int, rows int64)
	finishOpen() error
	resumeAt(parts int, rows int64) error
	close() error
	abort() error
}

// tables lists the Writer's tables, the same slice every time (it is
// walked after every record).
func (w *Writer) tables() []part {
	if w.all == nil {
		w.all = []part{w.documents, w.mentions, w.entities, w.topics, w.keywords, w.errors}
		if w.tokens != nil {
			w.all = append(w.all, w.tokens)
		}
	}
	return w.all
}

// Resumed is the number of records the interrupted run had committed: a
// resumed run skips them.
func (w *Writer) Resumed() int64 { return w.resumed }

// Counts are the documents and errors written, those of the interrupted
// run included.
func (w *Writer) Counts() (documents, errors int64) { return w.docs, w.fails }

// checkpoint completes the open part of every table and records in the
// journal what is now committed.
func (w *Writer) checkpoint() error {
	for _, t := range w.tables() {
		if err := t.finishOpen(); err != nil {
			return fmt.Errorf("%s: %w", t.name(), err)
		}
	}
	return w.writeJournal()
}

func (w *Writer) writeJournal() error {
	j := journal{RunKey: w.runKey, Records: w.records, Documents: w.docs, Errors: w.fails,
		Parts: map[string]int{}, Rows: map[string]int64{}}
	for _, t := range w.tables() {
		j.Parts[t.name()], j.Rows[t.name()] = t.state()
	}
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	if err := WriteFileAtomic(filepath.Join(w.dir, JournalName), b); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// WriteFileAtomic writes a file under a hidden temporary name, synced,
// then renamed: a reader sees the old file or the new one, never half.
func WriteFileAtomic(path string, b []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+strings.TrimPrefix(filepath.Base(path), ".")+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// readJournal reads the journal of an interrupted run in dir and checks
// that it is one of the same inputs and options.
func readJournal(dir, runKey string) (*journal, error) {
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
		return nil, fmt.Errorf("%w: %s holds a finished run (it has a %s)", ErrNotResumable, dir, ManifestName)
	}
	b, err := os.ReadFile(filepath.Join(dir, JournalName))
	if err != nil {
		return nil, fmt.Errorf("%w: no interrupted run in %s: %w", ErrNotResumable, dir, err)
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("%w: journal of %s: %w", ErrNotResumable, dir, err)
	}
	if j.RunKey != runKey {
		return nil, fmt.Errorf("%w: the inputs or options differ from those of the interrupted run in %s (an input changed size or time, or a flag or resource differs)", ErrNotResumable, dir)
	}
	return &j, nil
}

// outputs are the entries a run writes in its directory, and those entopic
// topics writes beside them (package topicmodel), which an overwritten run
// makes stale.
var outputs = []string{Documents, Mentions, Entities, Topics, Keywords, Tokens, Errors, ManifestName, JournalName,
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
		if _, err := os.Stat(filepath.Join(dir, JournalName)); err == nil {
			return fmt.Errorf("output directory %s holds an interrupted run (use --resume to finish it, --overwrite to start again)", dir)
		}
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
	if err := w.write(r); err != nil {
		return err
	}
	w.records++
	if r.Err != nil {
		w.fails++
	} else {
		w.docs++
	}
	for _, t := range w.tables() {
		if t.openRows() >= w.partRows {
			return w.checkpoint()
		}
	}
	return nil
}

func (w *Writer) write(r pipeline.Result[*entopic.Doc]) error {
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
	var errs []error
	for _, t := range w.tables() {
		errs = append(errs, t.close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close tables: %w", err)
	}
	return w.writeJournal()
}

// Abort removes the parts being written, leaving only complete parts and no
// manifest: the directory shows an unfinished run.
func (w *Writer) Abort() error {
	if w.closed {
		return nil
	}
	w.closed = true
	var errs []error
	for _, t := range w.tables() {
		errs = append(errs, t.abort())
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
	// A finished run has nothing to resume.
	if err := os.Remove(filepath.Join(w.dir, JournalName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}
