// Package job assembles and runs the standard entopic job: read the inputs,
// run every document through the stages, write the tables and the manifest.
//
// In: a Config (inputs, output directory, worker count …) and Resources
// (models and dictionaries, loaded once). Out: the dataset directory of
// docs/DESIGN.md and the Manifest that describes the run. The same function
// serves `entopic run`, the benchmarks and the end-to-end tests.
package job

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/pipeline"
	"github.com/entopic/entopic/stages/dedupe"
	"github.com/entopic/entopic/stages/read"
	"github.com/entopic/entopic/stages/write"
)

// Config describes one run.
type Config struct {
	Inputs    []string // files, directories, globs or "-"
	Out       string   // output directory
	Overwrite bool     // replace an earlier run in Out
	Tokens    bool     // write the tokens table
	Workers   int      // workers per stage; 0 means the number of CPUs
	PartRows  int64    // rows per Parquet part; 0 means the default
	// MaxDocBytes bounds one input record (a file, a JSON line, a WARC
	// record); a larger one is an error row. 0 means 16 MiB.
	MaxDocBytes int64
	Stdin       io.Reader // what "-" reads; nil means os.Stdin
	Logger      *slog.Logger
	// Progress, when set, is called about every ProgressEvery while the
	// run goes on, and once at its end.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// Command is the command line, recorded in the manifest.
	Command []string
	// MaxInFlightBytes bounds the bytes of input records between reading
	// and writing (a larger record passes alone); 0 means no bound but
	// the number of records in flight.
	MaxInFlightBytes int64
	// Resume finishes the interrupted run in Out: the same inputs (same
	// sizes and modification times) and options, its committed records
	// skipped. The result equals an uninterrupted run's, table for table.
	Resume bool
}

// Progress is a snapshot of a running job.
type Progress struct {
	Documents  int64 // documents written
	Errors     int64 // records sent to the errors table
	BytesRead  int64 // input bytes consumed
	TotalBytes int64 // input bytes in all, -1 when unknown (standard input)
	Elapsed    time.Duration
	Done       bool
}

// ErrUsage marks errors in the configuration rather than in the run.
var ErrUsage = errors.New("usage")

// Run runs the job. It returns the manifest of a finished run; on error
// (cancellation included) the output directory holds only complete parts
// and no manifest.
func Run(ctx context.Context, cfg Config, res *Resources) (*Manifest, error) {
	started := time.Now()
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	reader, err := read.New(cfg.Inputs, read.Options{Stdin: cfg.Stdin, Logger: log, MaxRecordBytes: cfg.MaxDocBytes})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	key, err := runKey(cfg, res, reader)
	if err != nil {
		return nil, err
	}
	w, err := write.New(write.Options{Dir: cfg.Out, Overwrite: cfg.Overwrite, Tokens: cfg.Tokens, PartRows: cfg.PartRows,
		RunKey: key, Resume: cfg.Resume})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	skip := w.Resumed()
	log.Info("run started", "inputs", len(reader.Inputs()), "bytes", reader.TotalBytes(), "workers", workers, "out", cfg.Out)

	// Duplicates are found in input order, in the sink, so that which
	// document is the original does not depend on the workers.
	var dups dedupe.Index
	if skip > 0 {
		// The duplicates index is rebuilt from the committed documents.
		if err := reindex(cfg.Out, &dups); err != nil {
			return nil, errors.Join(fmt.Errorf("resume: %w", err), w.Abort())
		}
		log.Info("resuming", "records", skip)
	}
	var docs, fails atomic.Int64
	d0, f0 := w.Counts()
	docs.Store(d0)
	fails.Store(f0)
	snapshot := func(done bool) Progress {
		return Progress{Documents: docs.Load(), Errors: fails.Load(), BytesRead: reader.BytesRead(),
			TotalBytes: reader.TotalBytes(), Elapsed: time.Since(started), Done: done}
	}
	stopProgress := startProgress(cfg, snapshot)

	sink := func(r pipeline.Result[*entopic.Doc]) error {
		if r.Err != nil {
			fails.Add(1)
			log.Debug("record failed", "source", r.Item.Source, "pos", r.Item.Pos, "stage", r.Stage, "error", r.Err)
		} else {
			docs.Add(1)
			dups.Check(r.Item)
		}
		return w.Write(r)
	}
	pcfg := pipeline.Config[*entopic.Doc]{
		Stages:        res.Stages(workers),
		Size:          (*entopic.Doc).Bytes,
		InFlightBytes: cfg.MaxInFlightBytes,
		SourceName:    "read",
	}
	stats, runErr := pipeline.Run(ctx, pcfg, skipFirst(reader.Docs(ctx), skip), sink)
	stopProgress()
	if runErr != nil {
		return nil, errors.Join(runErr, w.Abort())
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if cfg.Progress != nil {
		cfg.Progress(snapshot(true))
	}
	m := newManifest(cfg, res, workers, reader, w.Rows(), stats, started)
	m.Counts.InputsSeen += skip
	if err := w.WriteManifest(m); err != nil {
		return nil, err
	}
	log.Info("run finished", "documents", m.Counts.Documents, "errors", m.Counts.Errors,
		"seconds", m.Finished.Sub(m.Started).Seconds())
	return m, nil
}

// startProgress calls cfg.Progress periodically until the returned function
// is called.
func startProgress(cfg Config, snapshot func(bool) Progress) (stop func()) {
	if cfg.Progress == nil {
		return func() {}
	}
	every := cfg.ProgressEvery
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				cfg.Progress(snapshot(false))
			case <-done:
				return
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
