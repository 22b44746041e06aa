// Package beamjob runs entopic's job on Apache Beam: the same stages, the same
// tables, on any Beam runner — Prism on one machine, Flink, Spark or Google
// Cloud Dataflow on a cluster.
//
// In: input files (local paths, directories and globs resolved as
// `entopic run` resolves them, or paths of a Beam file system such as
// gs://bucket/*.jsonl.gz). Out: a dataset directory with the tables of
// docs/DESIGN.md, row for row those `entopic run` writes for the same
// inputs (order aside), as sharded Parquet parts, and a manifest.
//
// The pipeline:
//
//		inputs ─ read ─ reshuffle ─ analyze ─┬─ rows ───────────────┐
//		                                     ├─ keys ─ duplicates ─ join ─ write parts ─ manifest
//		                                     └─ errors ─────────────────────┘
//
//	  - read opens each input through Beam's file systems and reads its
//	    records with package read (text, HTML, JSON lines, WARC, gzip and
//	    zstd as `entopic run` reads them); each record is keyed by its input's
//	    position in the input list and its own position in the input, which
//	    orders the corpus as `entopic run` sees it. The records are then
//	    reshuffled so that the records of one large file spread over the
//	    workers.
//	  - analyze loads the resources once per worker process (in Setup, shared
//	    by every instance of the DoFn) and calls analyze.Analyzer.AnalyzeDoc,
//	    the one per-document entry point; a record that fails becomes a row
//	    of the errors output, never a failed bundle.
//	  - duplicates: the small keys of every document (content hash,
//	    fingerprint, 17 bytes, and the doc_id) are gathered under one key and
//	    put through dedupe.Index in input order, which is what `entopic run`
//	    does, so that the same document is the original (the first in input
//	    order). This step holds about 60 bytes per document in one worker:
//	    some hundreds of megabytes for ten million documents.
//	  - write: every table's rows are grouped into shards (by a hash of the
//	    record's position) and each shard is written as one Parquet part with
//	    the project's own part writer, under a temporary name renamed when
//	    complete; a manifest with the row counts is written last.
package beamjob

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/analyze"
	"github.com/entopic/entopic/stages/dedupe"
	"github.com/entopic/entopic/stages/read"
	"github.com/entopic/entopic/stages/write"
)

// Config describes one run of the pipeline.
type Config struct {
	// Inputs are the files to read, resolved (ResolveInputs), in order.
	Inputs []read.Input
	// Out is the output directory: a local path or a path of a Beam file
	// system. It must not hold an earlier run.
	Out string
	// Shards is the number of parts each table is written in; 0 means 8.
	Shards int
	// Tokens adds the tokens table.
	Tokens bool
	// MaxDocBytes bounds one input record; 0 means 16 MiB.
	MaxDocBytes int64
	// Runner and Command are the runner's name and the command line,
	// recorded in the manifest.
	Runner  string
	Command []string
}

// Build adds the pipeline to the scope.
func Build(s beam.Scope, cfg Config) error {
	if len(cfg.Inputs) == 0 {
		return errors.New("no input")
	}
	if cfg.Out == "" {
		return errors.New("no output directory")
	}
	shards := cfg.Shards
	if shards <= 0 {
		shards = 8
	}
	inputs := make([][]byte, len(cfg.Inputs))
	for i, in := range cfg.Inputs {
		b, err := json.Marshal(inputJob{Index: i, Path: in.Path, Size: in.Size})
		if err != nil {
			return err
		}
		inputs[i] = b
	}

	records := beam.ParDo(s.Scope("read"), &readFn{MaxDocBytes: cfg.MaxDocBytes}, beam.CreateList(s, inputs))
	records = beam.Reshuffle(s.Scope("spread"), records)
	docs, keys, errs := beam.ParDo3(s.Scope("analyze"), &analyzeFn{Tokens: cfg.Tokens, Shards: shards}, records)

	dups := beam.ParDo(s.Scope("duplicates"), &duplicatesFn{}, beam.GroupByKey(s, keys))
	rows := beam.ParDo(s.Scope("join"), &joinFn{Shards: shards}, beam.CoGroupByKey(s, docs, dups))

	parts := beam.GroupByKey(s, beam.Flatten(s, rows, errs))
	counts := beam.ParDo(s.Scope("write"), &writeFn{Out: cfg.Out}, parts)

	inputList, err := json.Marshal(cfg.Inputs)
	if err != nil {
		return err
	}
	beam.ParDo0(s.Scope("manifest"), &manifestFn{Out: cfg.Out, Tokens: cfg.Tokens, Inputs: string(inputList), Runner: cfg.Runner,
		Command: cfg.Command, Started: time.Now().UTC().Format(time.RFC3339)},
		beam.Impulse(s), beam.SideInput{Input: counts})
	return nil
}

func init() {
	register.DoFn3x1[context.Context, []byte, func(string, []byte), error](&readFn{})
	register.DoFn6x1[context.Context, string, []byte, func(string, []byte), func(string, []byte), func(string, []byte), error](&analyzeFn{})
	register.DoFn3x1[string, func(*[]byte) bool, func(string, string), error](&duplicatesFn{})
	register.DoFn4x1[string, func(*[]byte) bool, func(*string) bool, func(string, []byte), error](&joinFn{})
	register.DoFn4x1[context.Context, string, func(*[]byte) bool, func(string, int), error](&writeFn{})
	register.DoFn3x1[context.Context, []byte, func(*string, *int) bool, error](&manifestFn{})
	register.Emitter2[string, []byte]()
	register.Emitter2[string, string]()
	register.Emitter2[string, int]()
	register.Iter1[[]byte]()
	register.Iter1[string]()
	register.Iter2[string, int]()
}

// inputJob is one input file with its place in the input list.
type inputJob struct {
	Index int    `json:"index"`
	Path  string `json:"path"`
	Size  int64  `json:"size"`
}

// readItem is one record as read: the Doc before any stage, or the error
// that kept it from being read.
type readItem struct {
	Doc *entopic.Doc `json:"doc"`
	Err string       `json:"err,omitempty"`
}

// orderKey orders records as `entopic run` reads them: by input, then by
// place in the input.
func orderKey(input int, seq int64) string { return fmt.Sprintf("%09d/%012d", input, seq) }

// readFn reads the records of one input.
type readFn struct {
	MaxDocBytes int64
}

func (f *readFn) ProcessElement(ctx context.Context, b []byte, emit func(string, []byte)) error {
	var in inputJob
	if err := json.Unmarshal(b, &in); err != nil {
		return fmt.Errorf("input: %w", err)
	}
	open := func(p string) (io.ReadCloser, error) {
		fs, err := filesystem.New(ctx, p)
		if err != nil {
			return nil, err
		}
		rc, err := fs.OpenRead(ctx, p)
		if err != nil {
			fs.Close()
			return nil, err
		}
		return closeBoth{rc, fs}, nil
	}
	r := read.ForInputs([]read.Input{{Path: in.Path, Size: in.Size}}, read.Options{MaxRecordBytes: f.MaxDocBytes, Open: open})
	var seq int64
	for d, err := range r.Docs(ctx) {
		item := readItem{Doc: d}
		if err != nil {
			item.Err = err.Error()
		}
		v, merr := json.Marshal(item)
		if merr != nil {
			return fmt.Errorf("%s: %w", in.Path, merr)
		}
		emit(orderKey(in.Index, seq), v)
		seq++
	}
	return ctx.Err()
}

// closeBoth closes a file and then its file system.
type closeBoth struct {
	io.ReadCloser
	fs io.Closer
}

func (c closeBoth) Close() error { return errors.Join(c.ReadCloser.Close(), c.fs.Close()) }

// sharedAnalyzer loads the resources once per process: every instance of
// analyzeFn a worker runs shares them, read-only.
var sharedAnalyzer = sync.OnceValues(func() (*analyze.Analyzer, error) { return analyze.Load(analyze.Options{}) })

// analyzeFn runs a record through the stages.
type analyzeFn struct {
	Tokens bool
	Shards int

	a *analyze.Analyzer
}

func (f *analyzeFn) Setup() error {
	a, err := sharedAnalyzer()
	if err != nil {
		return fmt.Errorf("load entopic's resources: %w", err)
	}
	f.a = a
	return nil
}

// ProcessElement emits a document's rows keyed by its order, its
// duplicate-finding key under the one key of the corpus, or an error row.
func (f *analyzeFn) ProcessElement(ctx context.Context, order string, b []byte,
	docs, keys, errs func(string, []byte)) error {
	var item readItem
	if err := json.Unmarshal(b, &item); err != nil {
		return fmt.Errorf("record %s: %w", order, err)
	}
	d := item.Doc
	if d == nil {
		return fmt.Errorf("record %s: no document", order)
	}
	var err error
	if item.Err != "" {
		err = errors.New(item.Err)
	} else {
		err = f.a.AnalyzeDoc(ctx, d)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err() // the bundle is cancelled, not the record bad
		}
		row, merr := encodeRow(order, 0, analyze.ErrorRow(d, err))
		if merr != nil {
			return merr
		}
		errs(shardKey(write.Errors, order, f.Shards), row)
		return nil
	}
	v, err := json.Marshal(analyze.Rows(d, f.Tokens))
	if err != nil {
		return fmt.Errorf("%s: %w", d.ID, err)
	}
	docs(order, v)
	k, err := json.Marshal(docKey{Order: order, ID: d.ID, Key: dedupe.KeyOf(d)})
	if err != nil {
		return err
	}
	keys(corpusKey, k)
	return nil
}

// corpusKey gathers the keys of every document.
const corpusKey = "corpus"

// docKey is what finding duplicates needs of a document.
type docKey struct {
	Order string     `json:"order"`
	ID    string     `json:"id"`
	Key   dedupe.Key `json:"key"`
}

// duplicatesFn marks duplicates over the whole corpus in input order, with
// the index `entopic run` uses: it emits the order of each duplicate with
// the doc_id of its original.
type duplicatesFn struct{}

func (f *duplicatesFn) ProcessElement(_ string, values func(*[]byte) bool, emit func(string, string)) error {
	var all []docKey
	var b []byte
	for values(&b) {
		var k docKey
		if err := json.Unmarshal(b, &k); err != nil {
			return fmt.Errorf("duplicates: %w", err)
		}
		all = append(all, k)
	}
	slices.SortFunc(all, func(a, b docKey) int { return strings.Compare(a.Order, b.Order) })
	var x dedupe.Index
	for _, k := range all {
		if of := x.Add(k.ID, k.Key); of != "" {
			emit(k.Order, of)
		}
	}
	return nil
}

// joinFn sets a document's duplicate_of and sends each of its rows to its
// table's shard.
type joinFn struct {
	Shards int
}

func (f *joinFn) ProcessElement(order string, docs func(*[]byte) bool, dups func(*string) bool, emit func(string, []byte)) error {
	var dupOf string
	for dups(&dupOf) {
	}
	var b []byte
	for docs(&b) {
		var rows write.Rows
		if err := json.Unmarshal(b, &rows); err != nil {
			return fmt.Errorf("record %s: %w", order, err)
		}
		rows.Document.DuplicateOf = dupOf
		if err := emitRows(order, f.Shards, rows, emit); err != nil {
			return err
		}
	}
	return nil
}

func emitRows(order string, shards int, rows write.Rows, emit func(string, []byte)) error {
	var err error
	send := func(table string, seq int, row any) {
		if err != nil {
			return
		}
		var v []byte
		if v, err = encodeRow(order, seq, row); err == nil {
			emit(shardKey(table, order, shards), v)
		}
	}
	send(write.Documents, 0, rows.Document)
	for i, r := range rows.Mentions {
		send(write.Mentions, i, r)
	}
	for i, r := range rows.Entities {
		send(write.Entities, i, r)
	}
	for i, r := range rows.Topics {
		send(write.Topics, i, r)
	}
	for i, r := range rows.Keywords {
		send(write.Keywords, i, r)
	}
	for i, r := range rows.Tokens {
		send(write.Tokens, i, r)
	}
	return err
}

// tableRow is one row on its way to its part: the record's order and the
// row's place among the record's rows of its table, which order the part
// as `entopic run` orders its tables.
type tableRow struct {
	Order string          `json:"o"`
	Seq   int             `json:"s"`
	Row   json.RawMessage `json:"r"`
}

func encodeRow(order string, seq int, row any) ([]byte, error) {
	r, err := json.Marshal(row)
	if err != nil {
		return nil, err
	}
	return json.Marshal(tableRow{Order: order, Seq: seq, Row: r})
}

// shardKey names the part a row goes to: its table and a shard picked by a
// hash of the record's order, so that a record's rows of every table land
// in parts of the same number.
func shardKey(table, order string, shards int) string {
	h := fnv.New32a()
	h.Write([]byte(order))
	return table + "/" + strconv.Itoa(int(h.Sum32()%uint32(shards)))
}

// writeFn writes one shard of one table as a Parquet part and emits its
// table's name with its row count.
type writeFn struct {
	Out string
}

func (f *writeFn) ProcessElement(ctx context.Context, key string, values func(*[]byte) bool, emit func(string, int)) error {
	table, shardText, ok := strings.Cut(key, "/")
	shard, err := strconv.Atoi(shardText)
	if !ok || err != nil {
		return fmt.Errorf("write: bad shard key %q", key)
	}
	var rows []tableRow
	var b []byte
	for values(&b) {
		var r tableRow
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("write %s: %w", key, err)
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b tableRow) int {
		return cmp.Or(strings.Compare(a.Order, b.Order), cmp.Compare(a.Seq, b.Seq))
	})
	if err := writePart(ctx, f.Out, table, shard, rows); err != nil {
		return err
	}
	emit(table, len(rows))
	return nil
}

// writePart writes rows as the part of the given number of a table.
func writePart(ctx context.Context, out, table string, shard int, rows []tableRow) error {
	switch table {
	case write.Documents:
		return writeTyped[write.DocumentRow](ctx, out, table, shard, rows)
	case write.Mentions:
		return writeTyped[write.MentionRow](ctx, out, table, shard, rows)
	case write.Entities:
		return writeTyped[write.EntityRow](ctx, out, table, shard, rows)
	case write.Topics:
		return writeTyped[write.TopicRow](ctx, out, table, shard, rows)
	case write.Keywords:
		return writeTyped[write.KeywordRow](ctx, out, table, shard, rows)
	case write.Tokens:
		return writeTyped[write.TokenRow](ctx, out, table, shard, rows)
	case write.Errors:
		return writeTyped[write.ErrorRow](ctx, out, table, shard, rows)
	}
	return fmt.Errorf("write: unknown table %q", table)
}

// writeTyped decodes rows of type T and writes them under a temporary name,
// renamed once the part is complete: a reader of the directory never sees
// half a part, and a retried bundle writes the same part again.
func writeTyped[T any](ctx context.Context, out, table string, shard int, rows []tableRow) error {
	typed := make([]T, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal(r.Row, &typed[i]); err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
	}
	name := fmt.Sprintf("part-%05d.parquet", shard)
	final := joinPath(out, table, name)
	tmp := joinPath(out, table, "."+name+".tmp")
	fs, err := filesystem.New(ctx, final)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	pw := write.NewPartWriter[T](w)
	err = pw.Write(typed)
	if err == nil {
		err = pw.Close()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	return rename(ctx, fs, tmp, final)
}

// rename moves a finished part to its name, by the file system's rename
// when it has one, else by copy and remove (object stores).
func rename(ctx context.Context, fs filesystem.Interface, from, to string) error {
	if r, ok := fs.(filesystem.Renamer); ok {
		return r.Rename(ctx, from, to)
	}
	c, ok1 := fs.(filesystem.Copier)
	rm, ok2 := fs.(filesystem.Remover)
	if !ok1 || !ok2 {
		return fmt.Errorf("file system of %s can neither rename nor copy", to)
	}
	if err := c.Copy(ctx, from, to); err != nil {
		return err
	}
	return rm.Remove(ctx, from)
}

// joinPath joins a directory of any file system with names.
func joinPath(dir string, names ...string) string {
	if strings.Contains(dir, "://") {
		return strings.TrimSuffix(dir, "/") + "/" + path.Join(names...)
	}
	return path.Join(append([]string{dir}, names...)...)
}

// manifestFn writes an empty part for every table without rows, so that
// each reads as a dataset, then the manifest. It runs once, after every
// part is written (the counts are its side input).
type manifestFn struct {
	Runner  string
	Out     string
	Tokens  bool
	Inputs  string // JSON of the input list
	Command []string
	Started string
}

// Manifest is the manifest.json a Beam run writes.
type Manifest struct {
	Tool     string           `json:"tool"`
	Runner   string           `json:"runner"`
	Command  []string         `json:"command,omitempty"`
	Started  string           `json:"started"`
	Finished string           `json:"finished"`
	Inputs   []read.Input     `json:"inputs"`
	Counts   Counts           `json:"counts"`
	Rows     map[string]int64 `json:"rows"`
}

// Counts account for every input record: InputsSeen = Documents + Errors.
type Counts struct {
	InputsSeen int64 `json:"inputs_seen"`
	Documents  int64 `json:"documents"`
	Errors     int64 `json:"errors"`
}

func (f *manifestFn) ProcessElement(ctx context.Context, _ []byte, counts func(*string, *int) bool) error {
	tables := map[string]int64{}
	for _, t := range f.tables() {
		tables[t] = 0
	}
	written := map[string]bool{}
	var t string
	var n int
	for counts(&t, &n) {
		tables[t] += int64(n)
		written[t] = true
	}
	for _, table := range f.tables() {
		if !written[table] {
			if err := writePart(ctx, f.Out, table, 0, nil); err != nil {
				return err
			}
		}
	}
	m := Manifest{Tool: "entopic-beam", Runner: f.Runner, Command: f.Command, Started: f.Started,
		Finished: time.Now().UTC().Format(time.RFC3339), Rows: tables,
		Counts: Counts{Documents: tables[write.Documents], Errors: tables[write.Errors]}}
	m.Counts.InputsSeen = m.Counts.Documents + m.Counts.Errors
	if err := json.Unmarshal([]byte(f.Inputs), &m.Inputs); err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	final := joinPath(f.Out, write.ManifestName)
	tmp := joinPath(f.Out, "."+write.ManifestName+".tmp")
	fs, err := filesystem.New(ctx, final)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return rename(ctx, fs, tmp, final)
}

func (f *manifestFn) tables() []string {
	t := []string{write.Documents, write.Mentions, write.Entities, write.Topics, write.Keywords, write.Errors}
	if f.Tokens {
		t = append(t, write.Tokens)
	}
	return t
}

// ResolveInputs turns command-line arguments into the ordered input list:
// local files, directories and globs as `entopic run` resolves them (so that
// sources and doc_ids are the same), and paths with a scheme (gs://…) listed
// through Beam's file system for that scheme, in lexical order.
func ResolveInputs(ctx context.Context, args []string) ([]read.Input, error) {
	var out []read.Input
	seen := map[string]bool{}
	add := func(in read.Input) {
		if !seen[in.Path] {
			seen[in.Path] = true
			out = append(out, in)
		}
	}
	for _, arg := range args {
		if arg == "-" {
			return nil, errors.New("standard input cannot be read by a distributed run; give files")
		}
		if !strings.Contains(arg, "://") {
			r, err := read.New([]string{arg}, read.Options{})
			if err != nil {
				return nil, err
			}
			for _, in := range r.Inputs() {
				add(in)
			}
			continue
		}
		fs, err := filesystem.New(ctx, arg)
		if err != nil {
			return nil, fmt.Errorf("input %q: %w", arg, err)
		}
		names, err := fs.List(ctx, arg)
		if err == nil && len(names) == 0 {
			err = errors.New("no file matches")
		}
		if err != nil {
			fs.Close()
			return nil, fmt.Errorf("input %q: %w", arg, err)
		}
		slices.Sort(names)
		for _, name := range names {
			size, err := fs.Size(ctx, name)
			if err != nil {
				size = 0
			}
			add(read.Input{Path: name, Size: size})
		}
		fs.Close()
	}
	return out, nil
}
