package job

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/models"
	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/pipeline"
	"github.com/entopic/entopic/stages/clean"
	"github.com/entopic/entopic/stages/decode"
	"github.com/entopic/entopic/stages/dedupe"
	"github.com/entopic/entopic/stages/entities"
	"github.com/entopic/entopic/stages/html"
	"github.com/entopic/entopic/stages/keywords"
	"github.com/entopic/entopic/stages/lang"
	"github.com/entopic/entopic/stages/meta"
	"github.com/entopic/entopic/stages/policy"
	"github.com/entopic/entopic/stages/roles"
	"github.com/entopic/entopic/stages/segment"
	"github.com/entopic/entopic/stages/topics"
)

// Resources are the models, dictionaries and tables the stages share. They
// are loaded once per process by LoadResources and only read afterwards, so
// one value serves every worker and every run.
type Resources struct {
	Decoder   *decode.Decoder
	Cleaner   *clean.Cleaner
	Meta      *meta.Extractor
	Segmenter *segment.Segmenter
	Entities  *entities.Extractor
	Topics    *topics.Tagger
	Keywords  *keywords.Extractor
	// Han reads traditional Chinese through simplified characters;
	// Stopwords is the stopword list (models/data/stopwords.txt). Both
	// serve work over a finished run (entopic topics).
	Han       *hanzi.Converter
	Stopwords string

	// Files lists the resources in use with their checksums, for the
	// manifest.
	Files []models.Info
}

// ResourceOptions replace embedded resources with the user's own.
type ResourceOptions struct {
	// Taxonomy is the path of a taxonomy YAML file to use instead of
	// models/data/taxonomy.yaml.
	Taxonomy string
	// NERModels are paths of entity models (entopic train) to use instead
	// of the embedded ones, each for the language it was trained on
	// (models/data/ner-zh.model, ner-en.model).
	NERModels []string
	// Gazetteers are paths of the user's gazetteers (YAML when they end in
	// .yaml or .yml, else tab-separated as models/data/entities.tsv),
	// merged with the embedded table.
	Gazetteers []string
}

// LoadSegmenter loads the segmenter as the pipeline uses it — gse's
// dictionary with entopic's additions (models/data/dict-zh.txt),
// traditional Chinese read through simplified characters — with the
// converter it reads them by, for work outside a run: training, building
// resources, tests.
func LoadSegmenter() (*segment.Segmenter, *hanzi.Converter, error) {
	t2s, err := models.Read("t2s.tsv")
	if err != nil {
		return nil, nil, err
	}
	dict, err := models.Read("dict-zh.txt")
	if err != nil {
		return nil, nil, err
	}
	han := hanzi.New(t2s)
	seg, err := segment.New(dict, han)
	return seg, han, err
}

// LoadResources loads every model and dictionary. It takes a second or two,
// most of it gse's dictionary.
func LoadResources(opts ResourceOptions) (*Resources, error) {
	files, err := models.List()
	if err != nil {
		return nil, err
	}
	res := &Resources{Files: files}
	embedded := func(name string) []byte {
		b, rerr := models.Read(name)
		if rerr != nil && err == nil {
			err = rerr
		}
		return b
	}

	// The user's files first: a mistake in them is reported before the
	// slow loads.
	taxSrc := embedded("taxonomy.yaml")
	if opts.Taxonomy != "" {
		if taxSrc, err = os.ReadFile(opts.Taxonomy); err != nil {
			return nil, fmt.Errorf("%w: taxonomy: %w", ErrUsage, err)
		}
		res.Files = append(res.Files, fileInfo("taxonomy (user): "+opts.Taxonomy, taxSrc))
	}
	tax, terr := topics.ParseTaxonomy(taxSrc)
	if terr != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, terr)
	}

	res.Decoder = decode.New(embedded("chars-zh.txt"))
	if res.Cleaner, err = clean.New(embedded("boilerplate.tsv")); err != nil {
		return nil, err
	}
	seg, han, serr := LoadSegmenter()
	if serr != nil {
		return nil, serr
	}
	res.Segmenter, res.Han, res.Stopwords = seg, han, string(embedded("stopwords.txt"))
	res.Meta = meta.New(seg.Chinese(), meta.NewNames(string(embedded("surnames-zh.txt"))))

	idf := map[string]*keywords.IDF{
		"zh": keywords.ParseIDF(string(embedded("idf-zh.txt"))).Over(keywords.ParseIDF(gse.ZhIdf)),
		"en": keywords.ParseIDF(string(embedded("idf-en.txt"))),
	}
	res.Keywords = keywords.New(idf, res.Stopwords)
	res.Keywords.Han = han
	res.Topics = topics.New(tax, topics.Options{IDF: map[string]topics.Rarity{"zh": idf["zh"], "en": idf["en"]}, Han: han})

	nerModels := map[string]*ner.Model{}
	for lang, name := range map[string]string{"zh": "ner-zh.model", "en": "ner-en.model"} {
		m, lerr := ner.Load(bytes.NewReader(embedded(name)))
		if lerr != nil {
			return nil, fmt.Errorf("%s: %w", name, lerr)
		}
		nerModels[lang] = m
	}
	for _, p := range opts.NERModels {
		src, rerr := os.ReadFile(p)
		if rerr != nil {
			return nil, fmt.Errorf("%w: entity model: %w", ErrUsage, rerr)
		}
		m, lerr := ner.Load(bytes.NewReader(src))
		if lerr != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrUsage, p, lerr)
		}
		if m.Meta["lang"] != "zh" && m.Meta["lang"] != "en" {
			return nil, fmt.Errorf("%w: %s: the model does not say its language (zh or en)", ErrUsage, p)
		}
		nerModels[m.Meta["lang"]] = m
		res.Files = append(res.Files, fileInfo("ner model (user): "+p, src))
	}
	if err != nil {
		return nil, err
	}
	zhFeatures, err := entities.ChineseFeatures(seg)
	if err != nil {
		return nil, err
	}
	kb, err := policy.Parse(embedded("policy.yaml"))
	if err != nil {
		return nil, err
	}
	rules := policy.Rules{KB: kb, Han: han}
	known, err := entities.ParseGazetteer(embedded("entities.tsv"), false)
	if err != nil {
		return nil, fmt.Errorf("entities.tsv: %w", err)
	}
	lists := [][]entities.Entry{known}
	for _, p := range opts.Gazetteers {
		src, rerr := os.ReadFile(p)
		if rerr != nil {
			return nil, fmt.Errorf("%w: gazetteer: %w", ErrUsage, rerr)
		}
		entries, perr := entities.ParseGazetteer(src, strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml"))
		if perr != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrUsage, p, perr)
		}
		lists = append(lists, entries)
		res.Files = append(res.Files, fileInfo("gazetteer (user): "+p, src))
	}
	gaz := entities.NewGazetteer(han, lists...)
	who, err := roles.Parse(embedded("roles.yaml"), han)
	if err != nil {
		return nil, err
	}
	res.Entities = entities.New(
		rules,
		gaz,
		entities.ChineseModel{Model: nerModels["zh"], Features: zhFeatures, Han: han},
		entities.EnglishModel{Model: nerModels["en"]},
	).With(gaz, rules, who)
	return res, nil
}

// Stages returns the pipeline stages of the standard job, each run by the
// given number of workers.
//
// The stages whose work grows with a document's length (clean, segment,
// entities, keywords) look at the run's context as they go, so that a
// cancelled run stops within a fraction of a second even on a document of
// megabytes; the others take milliseconds.
func (r *Resources) Stages(workers int) []pipeline.Stage[*entopic.Doc] {
	stage := func(name string, f func(*entopic.Doc) error) pipeline.Stage[*entopic.Doc] {
		return pipeline.Stage[*entopic.Doc]{Name: name, Workers: workers,
			Process: func(_ context.Context, d *entopic.Doc) error { return f(d) }}
	}
	long := func(name string, f func(context.Context, *entopic.Doc) error) pipeline.Stage[*entopic.Doc] {
		return pipeline.Stage[*entopic.Doc]{Name: name, Workers: workers, Process: f}
	}
	return []pipeline.Stage[*entopic.Doc]{
		stage("decode", r.Decoder.Process),
		stage("html", html.Process),
		long("clean", r.Cleaner.ProcessContext),
		stage("lang", lang.Process),
		stage("meta", r.Meta.Process),
		stage("dedupe", dedupe.Fingerprint),
		long("segment", r.Segmenter.ProcessContext),
		long("entities", r.Entities.ProcessContext),
		stage("topics", r.Topics.Process),
		long("keywords", r.Keywords.ProcessContext),
	}
}
