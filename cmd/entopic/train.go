package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/stages/entities"
	"github.com/entopic/entopic/stages/segment"
)

const trainAbout = `Trains an entity model the entities stage uses: a linear-chain CRF decoded under BIOES
constraints. --lang zh (PER, LOC, ORG over characters, with word, lexicon, gazetteer and
suffix features) or --lang en (PER, LOC, ORG, MISC over words, with word, shape, affix,
capitalisation, gazetteer and organization-head features). Prints the loss and dev scores of each epoch on stderr and
writes the model of the best epoch to MODEL; the same data, flags and seed give the same
model.

FILE may name a range of sentences, FROM-TO counted from 1: data.jsonl:1-9748.
--train files are fully labelled: character-level BIO (char<TAB>tag) or CLUENER JSON
lines. --partial files mark only some entities (CLUENER marks its own types, not every
place or organization): they teach what they mark without penalising the rest; their
entities written only in Latin letters (handles of game players, in CLUENER) are left out.

A sentence met in an earlier --train or --partial file is left out (msra-val.bio repeats
People's Daily sentences). --holdout N holds every N-th --train sentence out as the dev
set, to choose the number of epochs without a dev file of its own.

The embedded model (models/data/ner-zh.model) is made by:
  entopic train --train ../shared/data/ner/zh/peoples-daily-train.bio \
    --train ../shared/data/ner/zh/peoples-daily-dev.bio \
    --train ../shared/data/ner/zh/msra-val.bio \
    --partial ../shared/data/ner/zh/cluener-train.jsonl:1-9748 --epochs 5 -o models/data/ner-zh.model
and models/data/ner-en.model by:
  entopic train --lang en --train ../shared/data/ner/en/conll2003-train.txt \
    --train ../shared/data/ner/en/conll2003-valid.txt --epochs 11 -o models/data/ner-en.model
(the epochs chosen by the same commands with --holdout 10 in place of --epochs).`

func trainCmd(args []string, e *env) error {
	fs := newFlags(e, "train", "train --train FILE [--train FILE…] [--partial FILE…] --dev FILE -o MODEL", trainAbout)
	var trainFiles, partialFiles []string
	fs.StringArrayVar(&trainFiles, "train", nil, "fully labelled training file (repeatable)")
	fs.StringArrayVar(&partialFiles, "partial", nil, "partially labelled training file (repeatable)")
	lang := fs.String("lang", "zh", "language of the model: zh or en")
	dev := fs.String("dev", "", "dev file: scored after each epoch; the best epoch's model is kept")
	out := fs.StringP("out", "o", "", "where to write the model (required)")
	epochs := fs.Int("epochs", 8, "passes over the training data")
	seed := fs.Uint64("seed", 1, "seed for the order of training sentences")
	rate := fs.Float64("rate", 0.1, "AdaGrad learning rate")
	l2 := fs.Float64("l2", 1, "L2 regularisation strength")
	prune := fs.Float32("prune", 0.001, "drop features whose weights are all smaller than this")
	cluener := fs.String("cluener-types", "name=PER,organization=ORG,government=ORG,company=ORG,address=LOC,scene=LOC",
		"how CLUENER types map to entity types in --train and --dev files")
	partialTypes := fs.String("partial-types", "name=PER", "how CLUENER types map to entity types in --partial files")
	holdout := fs.Int("holdout", 0, "hold every N-th sentence of the --train files out of training as the dev set (instead of --dev)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(trainFiles) == 0 || *out == "" {
		return usagef("--train and -o are required")
	}
	fullMap, err := ner.ParseTypeMap(*cluener)
	if err != nil {
		return usageError{err}
	}
	partialMap, err := ner.ParseTypeMap(*partialTypes)
	if err != nil {
		return usageError{err}
	}
	// A sentence met again (msra-val.bio repeats People's Daily
	// sentences) is trained on once: a repeat would weigh it double.
	trainedOn := map[string]bool{}
	// read reads files; with seen, it leaves out the sentences seen holds
	// and adds the sentences it reads to seen.
	read := func(files []string, types map[string]string, partial bool, seen map[string]bool) ([]ner.Example, error) {
		var all []ner.Example
		for _, f := range files {
			src, err := ner.ParseSource(f)
			if err != nil {
				return nil, usageError{err}
			}
			exs, err := ner.ReadExamples(src, types)
			if err != nil {
				return nil, usageError{err}
			}
			repeats := 0
			here := map[string]bool{}
			for _, ex := range exs {
				key := string(ex.Text)
				if seen[key] {
					repeats++
					continue
				}
				here[key] = true
				ex.Partial = partial
				if partial {
					ex.Entities = hanOnly(ex)
				}
				all = append(all, ex)
			}
			if seen != nil {
				maps.Copy(seen, here)
			}
			fmt.Fprintf(e.stderr, "train: %s: %d sentences (%d repeated from an earlier file, left out)\n", src, len(exs)-repeats, repeats)
		}
		return all, nil
	}
	trainEx, err := read(trainFiles, fullMap, false, trainedOn)
	if err != nil {
		return err
	}
	partialEx, err := read(partialFiles, partialMap, true, trainedOn)
	if err != nil {
		return err
	}
	var devEx []ner.Example
	switch {
	case *holdout > 0 && *dev != "":
		return usagef("--holdout and --dev exclude each other")
	case *holdout > 0:
		// Every N-th sentence, by a fixed rule, so that the dev set spreads
		// over all training files and is the same on every run.
		var kept []ner.Example
		for i, ex := range trainEx {
			if (i+1)%*holdout == 0 {
				devEx = append(devEx, ex)
			} else {
				kept = append(kept, ex)
			}
		}
		trainEx = kept
		fmt.Fprintf(e.stderr, "train: every %d-th sentence held out: %d dev sentences\n", *holdout, len(devEx))
	case *dev != "":
		// The dev file may repeat training sentences (the People's Daily
		// recipe scores on its dev file, which it also trains on).
		if devEx, err = read([]string{*dev}, fullMap, false, nil); err != nil {
			return err
		}
	}

	start := time.Now()
	var types []string
	var train, devIn []ner.Instance
	switch *lang {
	case "zh":
		seg, z, err := loadChinese()
		if err != nil {
			return err
		}
		types = []string{"PER", "LOC", "ORG"}
		words := entities.ChineseWords(seg)
		train = z.Prepare(types, append(trainEx, partialEx...), words)
		devIn = z.Prepare(types, devEx, words)
	case "en":
		types = []string{"PER", "LOC", "ORG", "MISC"}
		en, err := entities.EnglishFeatures()
		if err != nil {
			return err
		}
		train = en.PrepareWords(types, append(trainEx, partialEx...))
		devIn = en.PrepareWords(types, devEx)
	default:
		return usagef("--lang must be zh or en, not %q", *lang)
	}
	fmt.Fprintf(e.stderr, "train: %d training and %d dev sentences prepared in %.1fs\n", len(train), len(devIn), time.Since(start).Seconds())
	m, _ := ner.Train(types, train, devIn, ner.TrainOptions{
		Epochs: *epochs, Seed: *seed, Rate: *rate, L2: *l2, Prune: *prune,
		Progress: func(r ner.EpochReport) {
			mark := ""
			if r.Best {
				mark = " *"
			}
			dev := ""
			if len(devIn) > 0 {
				dev = fmt.Sprintf(" dev P %.4f R %.4f F1 %.4f", r.Dev.Overall.Precision, r.Dev.Overall.Recall, r.Dev.Overall.F1)
			}
			fmt.Fprintf(e.stderr, "train: epoch %d/%d loss %.0f%s features %d (%.1fs)%s\n",
				r.Epoch, *epochs, r.Loss, dev, r.Features, r.Elapsed.Seconds(), mark)
		},
	})
	m.Meta["lang"] = *lang
	m.Meta["train"] = strings.Join(trainFiles, " ")
	m.Meta["partial"] = strings.Join(partialFiles, " ")
	m.Meta["dev"] = *dev
	if *holdout > 0 {
		m.Meta["dev"] = fmt.Sprintf("every %d-th training sentence", *holdout)
	}
	m.Meta["seed"] = fmt.Sprint(*seed)
	m.Meta["options"] = fmt.Sprintf("epochs=%d rate=%g l2=%g prune=%g partial-types=%s", *epochs, *rate, *l2, *prune, *partialTypes)
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	tmp := *out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	info, _ := os.Stat(*out)
	fmt.Fprintf(e.stderr, "train: wrote %s (%d features, %.1f MB, epoch %s) in %s\n", *out, m.Size(),
		float64(info.Size())/1e6, m.Meta["epoch"], time.Since(start).Round(time.Second))
	return nil
}

// hanOnly keeps the entities that hold a Han character: in CLUENER's
// partial labels, names written in Latin letters only are players' handles
// in games far more often than people's names in news.
func hanOnly(ex ner.Example) []ner.Entity {
	var out []ner.Entity
	for _, e := range ex.Entities {
		for _, r := range ex.Text[e.Start:e.End] {
			if unicode.Is(unicode.Han, r) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// loadChinese loads the segmenter and the Chinese feature extractor with
// the embedded resources, as the pipeline does.
func loadChinese() (*segment.Segmenter, *ner.ZH, error) {
	seg, _, err := job.LoadSegmenter()
	if err != nil {
		return nil, nil, err
	}
	z, err := entities.ChineseFeatures(seg)
	if err != nil {
		return nil, nil, err
	}
	return seg, z, nil
}
