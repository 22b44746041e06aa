package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/topicmodel"
)

const topicsAbout = `Discovers the topics of a corpus, with no taxonomy: fits a topic model (LDA by
online variational Bayes) to the documents of a finished run and writes two tables
beside the run's:

  OUTDIR/topic_terms/      topic, term, weight, rank   the best terms of each topic
  OUTDIR/document_topics/  doc_id, topic, weight        the topics of each document
  OUTDIR/topic_model.json  parameters, counts, and each topic's ten best terms

The same run, flags and seed give the same tables, whatever the number of workers.

Example:
  entopic run corpus/ -o out && entopic topics out --k 20`

func topicsCmd(args []string, e *env) error {
	fs := newFlags(e, "topics", "topics OUTDIR [--k 20] [flags]", topicsAbout)
	k := fs.Int("k", 20, "number of topics")
	seed := fs.Uint64("seed", 1, "random seed")
	passes := fs.Int("passes", 10, "passes over the corpus")
	batch := fs.Int("batch", 256, "documents per mini-batch")
	terms := fs.Int("terms", 20, "terms per topic in topic_terms")
	minWeight := fs.Float64("min-weight", 0.1, "least share of a document a topic needs to be listed for it")
	workers := fs.Int("workers", runtime.NumCPU(), "workers")
	overwrite := fs.Bool("overwrite", false, "replace the topic tables of an earlier 'entopic topics' on OUTDIR")
	progress := fs.Bool("progress", e.stderrIsTTY, "show a progress line on stderr (default: when stderr is a terminal)")
	logFormat := fs.String("log-format", "text", "log format on stderr: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one OUTDIR, the output directory of 'entopic run'")
	}
	if *k < 2 || *passes < 1 || *batch < 1 || *workers < 1 || *terms < 1 || *minWeight <= 0 || *minWeight > 1 {
		return usagef("--k must be at least 2, --passes, --batch, --terms and --workers at least 1, --min-weight in (0, 1]")
	}
	log, err := newLogger(e.stderr, *logFormat, slog.LevelInfo)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := e.load(job.ResourceOptions{})
	if err != nil {
		return err
	}
	started := time.Now()
	last := time.Now()
	report := func(pass, docs int) {
		if time.Since(last) < 250*time.Millisecond && *progress || time.Since(last) < 10*time.Second && !*progress {
			return
		}
		last = time.Now()
		stage := fmt.Sprintf("pass %d of %d", pass, *passes)
		switch pass {
		case 0:
			stage = "reading"
		case *passes + 1:
			stage = "writing"
		}
		rate := float64(docs) / max(time.Since(started).Seconds(), 1e-9)
		if *progress {
			fmt.Fprintf(e.stderr, "\r\033[Kentopic topics: %s · %d docs · %.0f docs/s · %s", stage, docs, rate, time.Since(started).Round(time.Second))
		} else {
			log.Info("progress", "stage", stage, "documents", docs)
		}
	}
	s, err := topicmodel.Run(ctx, fs.Arg(0), res.Segmenter, res.Han, topicmodel.Options{
		K: *k, Seed: *seed, Passes: *passes, BatchSize: *batch, Workers: *workers, TopTerms: *terms,
		MinWeight: *minWeight, Stopwords: res.Stopwords, Overwrite: *overwrite, Progress: report,
	})
	if *progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	if err != nil {
		if errors.Is(err, topicmodel.ErrUsage) {
			return usageError{err}
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %s holds no %s, the topic tables are incomplete", fs.Arg(0), topicmodel.SummaryName)
		}
		return err
	}
	for i, t := range s.Topics {
		fmt.Fprintf(e.stdout, "topic %2d  %s\n", i, strings.Join(t, " "))
	}
	fmt.Fprintf(e.stderr, "entopic topics: %d topics over %d documents (%d terms) → %s (%.1fs)\n",
		s.K, s.Documents, s.Vocabulary, fs.Arg(0), s.Finished.Sub(s.Started).Seconds())
	return nil
}
