package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/entopic/entopic/eval"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/ner"
)

const evalAbout = `Scores entopic's entities against gold annotations: precision, recall and F1 per type
and overall, entity-level exact match (start, end and type: the CoNLL definition).

The gold texts go through the same path as 'entopic run' — written as JSON lines
documents, run through every stage, the mentions table read back — so the scores are
those of the tables a run writes. Gold formats, told by content:
  character-level BIO (char<TAB>tag), e.g. ../shared/data/ner/zh/msra-test.bio
  word-level CoNLL (word … tag),      e.g. ../shared/data/ner/en/conll2003-test.txt
  CLUENER JSON lines                   (types mapped with --cluener-types)
  entopic gold JSON lines              {"id","text","lang","published","entities":[{"type","start","end",…}]}
                                       attributes stated on an entity (subtype, normalized, role,
                                       affiliation, participants, ordinal, date, issuer) are scored
                                       on the mentions that match it
FILE may name a range of texts, FROM-TO counted from 1: cluener-train.jsonl:9749-10748.

Example:
  entopic eval --gold ../shared/data/ner/zh/msra-test.bio`

func evalCmd(args []string, e *env) error {
	fs := newFlags(e, "eval", "eval --gold FILE [--model MODEL] [--json]", evalAbout)
	gold := fs.String("gold", "", "gold file (required)")
	var models []string
	fs.StringArrayVar(&models, "model", nil, "entity model to use instead of the embedded one of its language (repeatable)")
	asJSON := fs.Bool("json", false, "print the scores as JSON on stdout")
	lang := fs.String("lang", "", "language of the gold texts, when the format does not say (zh, en; default: detect)")
	types := fs.String("types", "", "score only these types, comma-separated (default: the types the gold holds)")
	cluener := fs.String("cluener-types", "name=PER,organization=ORG,government=ORG,company=ORG,address=LOC,scene=LOC",
		"how CLUENER types map to entity types")
	workers := fs.Int("workers", runtime.NumCPU(), "workers per stage")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *gold == "" {
		return usagef("--gold is required")
	}
	src, err := ner.ParseSource(*gold)
	if err != nil {
		return usageError{err}
	}
	cmap, err := ner.ParseTypeMap(*cluener)
	if err != nil {
		return usageError{err}
	}
	docs, err := eval.ReadGold(src, eval.GoldOptions{Lang: *lang, CLUENERTypes: cmap})
	if err != nil {
		return usageError{err}
	}
	var only []string
	for _, t := range strings.Split(*types, ",") {
		if t = strings.TrimSpace(t); t != "" {
			only = append(only, strings.ToUpper(t))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	res, err := e.load(job.ResourceOptions{NERModels: models})
	if err != nil {
		return err
	}
	r, err := eval.Run(ctx, docs, res, eval.Options{Workers: *workers, Types: only})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{
			"gold": src.String(), "texts": r.Docs, "failed": r.Failed, "misaligned": r.Misaligned,
			"types": r.Scores.Types, "overall": r.Scores.Overall, "attributes": r.Attributes,
		})
	}
	fmt.Fprintf(e.stdout, "gold: %s (%d texts, %.1fs)\n", src, r.Docs, time.Since(start).Seconds())
	r.Scores.Table(e.stdout)
	if len(r.Attributes) > 0 {
		fmt.Fprintf(e.stdout, "\nattributes of matched mentions\n%-24s %8s %8s %9s\n", "type attribute", "gold", "correct", "accuracy")
		keys := slices.Sorted(maps.Keys(r.Attributes))
		for _, k := range keys {
			a := r.Attributes[k]
			fmt.Fprintf(e.stdout, "%-24s %8d %8d %9.4f\n", k, a.Gold, a.Correct, a.Accuracy)
		}
	}
	if r.Failed > 0 || r.Misaligned > 0 {
		fmt.Fprintf(e.stdout, "warning: %d texts failed, %d mentions could not be aligned to the gold text\n", r.Failed, r.Misaligned)
	}
	return nil
}
