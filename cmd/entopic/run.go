package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/entopic/entopic/job"
)

const runAbout = `Reads articles from INPUTs (files, directories walked recursively, globs, or - for
standard input: .txt/.md pages, .html pages, .jsonl/.ndjson with one article per line,
optionally .gz or .zst), and writes a Parquet dataset directory OUTDIR with the tables
documents, mentions, entities, topics, keywords, errors (and tokens with --tokens) and a
manifest.json. Every input record ends as a row of documents or of errors.

Example:
  entopic run testdata/articles -o out
  duckdb -c "SELECT title, published FROM 'out/documents/*.parquet'"`

func runCmd(args []string, e *env) (err error) {
	fs := newFlags(e, "run", "run [flags] INPUT... -o OUTDIR", runAbout)
	out := fs.StringP("out", "o", "", "output directory (required); must not exist or be empty")
	workers := fs.Int("workers", runtime.NumCPU(), "workers per stage")
	overwrite := fs.Bool("overwrite", false, "replace the output of an earlier run in OUTDIR")
	resume := fs.Bool("resume", false, "finish the interrupted run in OUTDIR (same inputs and flags): its committed records are kept and skipped")
	tokens := fs.Bool("tokens", false, "also write the tokens table (one row per token)")
	progress := fs.Bool("progress", e.stderrIsTTY, "show a progress line on stderr (default: when stderr is a terminal)")
	logFormat := fs.String("log-format", "text", "log format on stderr: text or json")
	verbose := fs.BoolP("verbose", "v", false, "log every failed record")
	taxonomy := fs.String("taxonomy", "", "topic taxonomy YAML file to use instead of the embedded one")
	var gazetteers []string
	fs.StringArrayVar(&gazetteers, "gazetteer", nil, "your own names: a YAML or tab-separated file (type, subtype, name, aliases, normalized); repeatable")
	partRows := fs.Int64("part-rows", 0, "rows per Parquet part file (default 250000)")
	maxDoc := fs.String("max-doc-bytes", "16MiB", "largest input record (file, JSON line, WARC record); a larger one becomes a row of the errors table")
	var prof profiles
	prof.flags(fs)
	var mem memoryLimit
	mem.flags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("missing -o OUTDIR")
	}
	if fs.NArg() == 0 {
		return usagef("missing INPUT (a file, directory, glob or -)")
	}
	if *workers < 1 {
		return usagef("--workers must be at least 1")
	}
	if *resume && *overwrite {
		return usagef("--resume and --overwrite exclude each other")
	}
	maxDocBytes, err := parseSize(*maxDoc)
	if err != nil || maxDocBytes < 1 {
		return usagef("--max-doc-bytes: %v", err)
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log, err := newLogger(e.stderr, *logFormat, level)
	if err != nil {
		return err
	}
	if *progress {
		// The progress line takes the place of the periodic log lines;
		// warnings and errors still show.
		log, _ = newLogger(e.stderr, *logFormat, max(level, slog.LevelWarn))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first interrupt, a second one kills the process.
		<-ctx.Done()
		stop()
	}()

	restoreLimit, err := mem.apply()
	if err != nil {
		return err
	}
	defer restoreLimit()
	if err := prof.start(); err != nil {
		return err
	}
	defer func() {
		if perr := prof.stop(); perr != nil && err == nil {
			err = perr
		}
	}()
	loadStart := time.Now()
	res, err := e.load(job.ResourceOptions{Taxonomy: *taxonomy, Gazetteers: gazetteers})
	if err != nil {
		if errors.Is(err, job.ErrUsage) {
			return usageError{err}
		}
		return err
	}
	log.Debug("models loaded", "seconds", time.Since(loadStart).Seconds())

	cfg := job.Config{
		Inputs: fs.Args(), Out: *out, Overwrite: *overwrite, Tokens: *tokens, Workers: *workers,
		PartRows: *partRows, MaxDocBytes: maxDocBytes, Resume: *resume, MaxInFlightBytes: mem.inFlightBytes(), Stdin: e.stdin, Logger: log, Command: append([]string{"entopic", "run"}, args...),
	}
	if *progress {
		p := &progressLine{w: e.stderr}
		cfg.Progress, cfg.ProgressEvery = p.show, 250*time.Millisecond
	} else {
		cfg.Progress, cfg.ProgressEvery = logProgress(log), 10*time.Second
	}
	m, err := job.Run(ctx, cfg, res)
	if err != nil {
		if errors.Is(err, job.ErrUsage) {
			return usageError{err}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %s holds the complete parts written so far and no manifest; run again with --resume to finish", *out)
		}
		return err
	}
	fmt.Fprintf(e.stderr, "entopic: %d documents, %d errors → %s (%.1fs)\n",
		m.Counts.Documents, m.Counts.Errors, *out, m.Finished.Sub(m.Started).Seconds())
	return nil
}

// progressLine redraws one line on a terminal.
type progressLine struct {
	w io.Writer
}

func (p *progressLine) show(s job.Progress) {
	line := formatProgress(s)
	if s.Done {
		fmt.Fprintf(p.w, "\r\033[K%s\n", line)
		return
	}
	fmt.Fprintf(p.w, "\r\033[K%s", line)
}

// logProgress logs progress with slog, for runs whose stderr is a file.
func logProgress(log *slog.Logger) func(job.Progress) {
	return func(s job.Progress) {
		if s.Done {
			return
		}
		secs := max(s.Elapsed.Seconds(), 1e-9)
		args := []any{"documents", s.Documents, "errors", s.Errors,
			"docs_per_s", round1(float64(s.Documents) / secs), "mb_per_s", round1(float64(s.BytesRead) / 1e6 / secs)}
		if eta, ok := estimate(s); ok {
			args = append(args, "eta", eta.Round(time.Second).String())
		}
		log.Info("progress", args...)
	}
}

// formatProgress renders a progress snapshot on one line.
func formatProgress(s job.Progress) string {
	secs := max(s.Elapsed.Seconds(), 1e-9)
	var b strings.Builder
	fmt.Fprintf(&b, "entopic: %d docs", s.Documents)
	if s.Errors > 0 {
		fmt.Fprintf(&b, " (%d errors)", s.Errors)
	}
	fmt.Fprintf(&b, " · %.1f docs/s · %.2f MB/s", float64(s.Documents)/secs, float64(s.BytesRead)/1e6/secs)
	if s.TotalBytes > 0 {
		fmt.Fprintf(&b, " · %.0f%%", 100*float64(s.BytesRead)/float64(s.TotalBytes))
	}
	if eta, ok := estimate(s); ok && !s.Done {
		fmt.Fprintf(&b, " · ETA %s", eta.Round(time.Second))
	}
	fmt.Fprintf(&b, " · %s", s.Elapsed.Round(time.Second))
	return b.String()
}

// estimate returns the time left, from the input bytes read so far.
func estimate(s job.Progress) (time.Duration, bool) {
	if s.TotalBytes <= 0 || s.BytesRead <= 0 || s.BytesRead > s.TotalBytes {
		return 0, false
	}
	left := float64(s.TotalBytes-s.BytesRead) / float64(s.BytesRead) * s.Elapsed.Seconds()
	return time.Duration(left * float64(time.Second)), true
}

func round1(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
