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
FILE may name a range of texts, FROM-TO counted from 1: cluener-train.jsonl:9749-10748, or
every STEP-th text of a range, FROM-TO/STEP: agnews-dev.jsonl:1-800/2 (the odd-numbered half).
With --title-case, each text is first rewritten as a headline in title case (Airlines
Agree to Cut Flights at Chicago O'Hare), to score entities in headlines as news sites
write them.

With --topics, FILE holds labelled texts instead (JSON lines: text, optional title and
lang, category_en or category), and the score is how often the best topic of a text
falls under the top-level topic its category maps to (one to one; a category maps to
the topic of the same id unless --topic-map says otherwise).

With --extraction DIR, the web pages of DIR are run as 'entopic run DIR' reads them and
their documents rows scored: the article body by the metric of the article-extraction
benchmark (4-token shingles of \w+ tokens; per-page precision and recall averaged over
pages, F1 of the averages) against DIR/ground-truth.json, beside the libraries alone on
the same pages; or, with --gold FILE (JSON lines: file, title, published, authors,
first, last, absent, lang, encoding), the share of those checks that hold. With
--as-text, each page is run as the text page of its visible text (chrome included),
as a scraper that keeps only text would save it.

With --sample N OUTDIR, N mentions of --types are drawn at random (--seed) from the
run in OUTDIR and printed as JSON lines with their context and "correct": null, for a
precision audit of what nobody annotated; with --audit FILE, such a sample, judged
(correct true or false on every line), is read back and its precision printed per type
with a 95% interval.

Examples:
  entopic eval --gold ../shared/data/ner/zh/msra-test.bio
  entopic eval --sample 200 --seed 11 --types POLICY,DIALOGUE out > sample.jsonl
  entopic eval --audit testdata/gold/audit-policy.jsonl
  entopic eval --extraction ../shared/data/extraction/aeb-dev
  entopic eval --extraction ../shared/data/extraction/zh-news-html --gold testdata/extraction/zh-news-html.jsonl
  entopic eval --topics --gold ../shared/data/topics/thucnews-dev.jsonl --topic-map finance=economy`

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
	topicsMode := fs.Bool("topics", false, "score topic tagging against labelled texts instead of entities")
	topicMap := fs.String("topic-map", "", "with --topics: category=topic pairs, comma-separated")
	taxonomy := fs.String("taxonomy", "", "with --topics: taxonomy YAML to use instead of the embedded one")
	extraction := fs.String("extraction", "", "score body and metadata extraction on the web pages of DIR instead of entities")
	worst := fs.Int("worst", 10, "with --extraction: pages to list with their figures, worst first")
	asText := fs.Bool("as-text", false, "with --extraction: run each page as the text page of its visible text")
	sample := fs.Int("sample", 0, "draw this many mentions at random from the run in OUTDIR, for a precision audit")
	seed := fs.Uint64("seed", 1, "with --sample: the seed of the draw")
	titleCase := fs.Bool("title-case", false, "rewrite each gold text as a headline in title case before the run")
	audit := fs.String("audit", "", "score a judged sample (JSON lines of --sample with correct set)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *extraction != "" {
		return evalExtraction(e, *extraction, *gold, eval.Options{Workers: *workers, AsText: *asText}, *worst, *asJSON)
	}
	if *sample > 0 {
		if fs.NArg() != 1 {
			return usagef("--sample needs the output directory of a run")
		}
		return evalSample(e, fs.Arg(0), typeList(*types), *sample, *seed)
	}
	if *audit != "" {
		return evalAudit(e, *audit, *asJSON)
	}
	if *gold == "" {
		return usagef("--gold or --extraction is required")
	}
	if *topicsMode {
		return evalTopics(e, *gold, *topicMap, *taxonomy, *workers, *asJSON)
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
	if *titleCase {
		docs = eval.TitleCase(docs)
	}
	only := typeList(*types)
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

// evalTopics is entopic eval --topics.
func evalTopics(e *env, gold, topicMap, taxonomy string, workers int, asJSON bool) error {
	src, err := ner.ParseSource(gold)
	if err != nil {
		return usageError{err}
	}
	docs, err := eval.ReadTopicGold(src)
	if err != nil {
		return usageError{err}
	}
	explicit := map[string]string{}
	for _, pair := range strings.Split(topicMap, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		c, t, ok := strings.Cut(pair, "=")
		if !ok {
			return usagef("--topic-map: %q is not category=topic", pair)
		}
		explicit[strings.TrimSpace(c)] = strings.TrimSpace(t)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	res, err := e.load(job.ResourceOptions{Taxonomy: taxonomy})
	if err != nil {
		return err
	}
	mapping, err := eval.TopicMapping(res.Topics.Taxonomy(), docs, explicit)
	if err != nil {
		return usageError{err}
	}
	r, err := eval.RunTopics(ctx, docs, res, mapping, eval.Options{Workers: workers})
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(e.stdout, "gold: %s (%d texts, %.1fs)\n", gold, r.Docs, time.Since(start).Seconds())
	fmt.Fprintf(e.stdout, "%-14s %-16s %9s %9s %9s %6s\n", "category", "topic", "precision", "recall", "f1", "texts")
	for _, c := range slices.Sorted(maps.Keys(r.Categories)) {
		s := r.Categories[c]
		fmt.Fprintf(e.stdout, "%-14s %-16s %9.4f %9.4f %9.4f %6d\n", c, s.Topic, s.Precision, s.Recall, s.F1, s.Gold)
	}
	fmt.Fprintf(e.stdout, "accuracy %.4f (%d of %d texts; %d without a topic)\n", r.Accuracy, r.Correct, r.Docs, r.Untagged)
	for _, c := range slices.Sorted(maps.Keys(r.Confusion)) {
		var parts []string
		row := r.Confusion[c]
		for _, t := range slices.Sorted(maps.Keys(row)) {
			if t != mapping[c] {
				parts = append(parts, fmt.Sprintf("%s %d", t, row[t]))
			}
		}
		if len(parts) > 0 {
			fmt.Fprintf(e.stdout, "  %s also read as: %s\n", c, strings.Join(parts, ", "))
		}
	}
	return nil
}

// typeList reads a comma-separated list of mention types.
func typeList(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, strings.ToUpper(t))
		}
	}
	return out
}

// evalSample is entopic eval --sample: the drawn mentions as JSON lines.
func evalSample(e *env, dir string, types []string, n int, seed uint64) error {
	items, err := eval.DrawSample(dir, types, n, seed)
	if err != nil {
		return usageError{err}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "entopic: %d mentions drawn from %s (seed %d)\n", len(items), dir, seed)
	return nil
}

// evalAudit is entopic eval --audit: the precision of a judged sample.
func evalAudit(e *env, path string, asJSON bool) error {
	f, err := os.Open(path)
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	items, err := eval.ReadAudit(f)
	if err != nil {
		return usageError{fmt.Errorf("%s: %w", path, err)}
	}
	scores, err := eval.AuditPrecision(items)
	if err != nil {
		return usageError{fmt.Errorf("%s: %w", path, err)}
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(scores)
	}
	fmt.Fprintf(e.stdout, "audit: %s\n%-10s %7s %8s %10s %16s\n", path, "type", "judged", "correct", "precision", "95% interval")
	for _, k := range slices.Sorted(maps.Keys(scores)) {
		if k == "all" {
			continue
		}
		a := scores[k]
		fmt.Fprintf(e.stdout, "%-10s %7d %8d %10.4f    [%.3f, %.3f]\n", k, a.Judged, a.Correct, a.Value, a.Low, a.High)
	}
	a := scores["all"]
	fmt.Fprintf(e.stdout, "%-10s %7d %8d %10.4f    [%.3f, %.3f]\n", "all", a.Judged, a.Correct, a.Value, a.Low, a.High)
	return nil
}

// evalExtraction is entopic eval --extraction.
func evalExtraction(e *env, dir, gold string, opts eval.Options, worst int, asJSON bool) error {
	pages, err := eval.ReadPages(dir, gold)
	if err != nil {
		return usageError{err}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	res, err := e.load(job.ResourceOptions{})
	if err != nil {
		return err
	}
	r, err := eval.RunExtraction(ctx, pages, res, opts)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(e.stdout, "pages: %s (%d pages, %.1fs)\n", dir, len(pages), time.Since(start).Seconds())
	if r.Body != nil {
		fmt.Fprintf(e.stdout, "\n%-36s %9s %9s %9s\n", "article body", "precision", "recall", "f1")
		for _, name := range slices.Sorted(maps.Keys(r.Baselines)) {
			b := r.Baselines[name]
			if !strings.HasPrefix(name, "entopic") {
				name += " alone"
			}
			fmt.Fprintf(e.stdout, "%-36s %9.4f %9.4f %9.4f\n", name, b.Precision, b.Recall, b.F1)
		}
		fmt.Fprintf(e.stdout, "%-36s %9.4f %9.4f %9.4f\n", "entopic", r.Body.Precision, r.Body.Recall, r.Body.F1)
	}
	if len(r.Checks) > 0 {
		fmt.Fprintf(e.stdout, "\n%-12s %7s %7s %9s\n", "checks", "total", "passed", "rate")
		for _, k := range slices.Sorted(maps.Keys(r.Checks)) {
			if k != "all" {
				c := r.Checks[k]
				fmt.Fprintf(e.stdout, "%-12s %7d %7d %9.4f\n", k, c.Total, c.Passed, c.Rate)
			}
		}
		c := r.Checks["all"]
		fmt.Fprintf(e.stdout, "%-12s %7d %7d %9.4f\n", "all", c.Total, c.Passed, c.Rate)
	}
	ranked := slices.Clone(r.Pages)
	slices.SortStableFunc(ranked, func(a, b eval.PageResult) int {
		if a.Body != nil && b.Body != nil && a.F1 != b.F1 {
			if a.F1 < b.F1 {
				return -1
			}
			return 1
		}
		return len(b.Failed) - len(a.Failed)
	})
	if worst > 0 {
		fmt.Fprintf(e.stdout, "\nworst pages\n")
	}
	for _, p := range ranked[:min(worst, len(ranked))] {
		switch {
		case p.Body != nil:
			fmt.Fprintf(e.stdout, "  %-20s f1 %.3f  precision %.3f  recall %.3f", p.Key[:min(20, len(p.Key))], p.F1, p.Precision, p.Recall)
		default:
			fmt.Fprintf(e.stdout, "  %-20s %d of %d checks", p.Key, p.Passed, p.Passed+len(p.Failed))
		}
		if p.Error != "" {
			fmt.Fprintf(e.stdout, "  error: %s", p.Error)
		}
		fmt.Fprintln(e.stdout)
		for _, f := range p.Failed {
			fmt.Fprintf(e.stdout, "      %s\n", f)
		}
	}
	return nil
}
