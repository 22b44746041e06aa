package main

import (
	"fmt"
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
suffix features) or --lang en (PER, LOC, ORG, MISC over words, with word, shape, affix
and capitalisation features). Prints the loss and dev scores of each epoch on stderr and
writes the model of the best epoch to MODEL; the same data, flags and seed give the same
model.

FILE may name a range of sentences, FROM-TO counted from 1: data.jsonl:1-9748.
--train files are fully labelled: character-level BIO (char<TAB>tag) or CLUENER JSON
lines. --partial files mark only some entities (CLUENER marks its own types, not every
place or organization): they teach what they mark without penalising the rest; their
entities written only in Latin letters (handles of game players, in CLUENER) are left out.

The embedded model (models/data/ner-zh.model) is made by:
  entopic train --train ../shared/data/ner/zh/peoples-daily-train.bio \
    --train ../shared/data/ner/zh/peoples-daily-dev.bio \
    --partial ../shared/data/ner/zh/cluener-train.jsonl:1-9748 \
    --dev ../shared/data/ner/zh/peoples-daily-dev.bio -o models/data/ner-zh.model
and models/data/ner-en.model by:
  entopic train --lang en --train ../shared/data/ner/en/conll2003-train.txt \
    --dev ../shared/data/ner/en/conll2003-valid.txt -o models/data/ner-en.model`

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
	read := func(files []string, types map[string]string, partial bool) ([]ner.Example, error) {
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
			for i := range exs {
				exs[i].Partial = partial
				if partial {
					exs[i].Entities = hanOnly(exs[i])
				}
			}
			fmt.Fprintf(e.stderr, "train: %s: %d sentences\n", src, len(exs))
			all = append(all, exs...)
		}
		return all, nil
	}
	trainEx, err := read(trainFiles, fullMap, false)
	if err != nil {
		return err
	}
	partialEx, err := read(partialFiles, partialMap, true)
	if err != nil {
		return err
	}
	var devEx []ner.Example
	if *dev != "" {
		if devEx, err = read([]string{*dev}, fullMap, false); err != nil {
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
		train = ner.EN{}.PrepareWords(types, append(trainEx, partialEx...))
		devIn = ner.EN{}.PrepareWords(types, devEx)
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
