// Package analyze is entopic as a Go library: load the models once, then
// analyse records one at a time, from as many goroutines as you like, and
// turn each result into the rows of entopic's tables.
//
// In: a Record (a page's text or HTML and what is known about it), or a
// Doc from package read. Out: the *entopic.Doc with its metadata,
// sentences, tokens, mentions (people with roles and affiliations,
// organizations, places, policy documents, dialogues), entities, topics and
// keywords; Rows turns it into the rows of docs/DESIGN.md §2.
//
// `entopic run` does the same work through the pipeline engine, with a pool
// of workers per stage (package job), and the Beam pipeline (beam/) calls
// Analyze on each worker: the stages are listed in one place,
// job.Resources.Stages, and every caller runs that list.
//
// Finding duplicates takes the whole corpus, so Analyze leaves
// Doc.DuplicateOf empty; dedupe.Index marks them over documents given in
// input order.
package analyze

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/read"
	"github.com/entopic/entopic/stages/write"
)

// Options replace embedded resources with the user's own; the zero value
// uses the embedded models, dictionaries and taxonomy.
type Options = job.ResourceOptions

// Record is one input record: the fields of a JSON lines record.
type Record = read.Record

// An Analyzer holds the loaded resources. It is safe for concurrent use:
// the resources are only read, and each call works on its own Doc.
type Analyzer struct {
	res *job.Resources
}

// Load loads every model and dictionary, once; it takes a few seconds and
// some hundreds of megabytes, so a process should load one Analyzer and
// share it. The English models are loaded when the first English text
// arrives.
func Load(opts Options) (*Analyzer, error) {
	res, err := job.LoadResources(opts)
	if err != nil {
		return nil, err
	}
	return &Analyzer{res: res}, nil
}

// New returns an Analyzer over resources already loaded.
func New(res *job.Resources) *Analyzer { return &Analyzer{res: res} }

// Resources returns the loaded resources, to hand them to job.Run or to a
// stage used on its own.
func (a *Analyzer) Resources() *job.Resources { return a.res }

// Analyze runs one record through every stage. A record without an ID gets
// one derived from its content, so that the same record always has the
// same doc_id.
//
// On failure the Doc is still returned, to identify the record, with an
// *Error naming the stage that failed; ErrorRow turns the two into the
// errors table's row.
func (a *Analyzer) Analyze(ctx context.Context, rec Record) (*entopic.Doc, error) {
	d, err := read.NewDoc("", 0, rec)
	if rec.ID == "" {
		sum := sha256.Sum256(d.Raw)
		d.ID = hex.EncodeToString(sum[:8])
	}
	if err != nil {
		return d, &Error{Stage: "read", Err: err}
	}
	return d, a.AnalyzeDoc(ctx, d)
}

// AnalyzeDoc runs a Doc as package read makes it through every stage,
// filling it in. The error, when not nil, is an *Error.
func (a *Analyzer) AnalyzeDoc(ctx context.Context, d *entopic.Doc) error {
	if stage, err := a.res.Analyze(ctx, d); err != nil {
		return &Error{Stage: stage, Err: err}
	}
	return nil
}

// Error is a record that failed in a stage.
type Error struct {
	Stage string // "read", "decode", "clean", …: the errors table's stage column
	Err   error
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %v", e.Stage, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// Rows returns the rows a document adds to each table of `entopic run`'s
// output, tokens included when tokens is set (run --tokens).
func Rows(d *entopic.Doc, tokens bool) write.Rows { return write.RowsOf(d, tokens) }

// ErrorRow returns the errors table's row of a record that failed with err
// (an *Error from Analyze or AnalyzeDoc, or any error, counted against the
// "read" stage).
func ErrorRow(d *entopic.Doc, err error) write.ErrorRow {
	stage := "read"
	var e *Error
	if errors.As(err, &e) {
		stage, err = e.Stage, e.Err
	}
	return write.ErrorRowOf(d, stage, err)
}
