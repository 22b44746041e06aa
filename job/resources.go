package job

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/go-ego/gse"
	"github.com/jdkato/prose/v2"

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
	// Costs says what loading each resource took (entopic version
	// --verbose).
	Costs []LoadCost
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
	// Measure loads the resources one after another, each after a garbage
	// collection, to record in Resources.Costs the memory each keeps as
	// well as its time, and loads the English models too; otherwise the
	// loads run side by side and record their times only.
	Measure bool
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
	han := hanzi.New(t2s)
	seg, err := loadSegmenter(han)
	return seg, han, err
}

// loadSegmenter loads gse's dictionary with models/data/dict-zh.txt.
func loadSegmenter(han *hanzi.Converter) (*segment.Segmenter, error) {
	dict, err := models.Read("dict-zh.txt")
	if err != nil {
		return nil, err
	}
	return segment.New(dict, han)
}

// LoadResources loads every model and dictionary. The slow loads run side
// by side — gse's dictionary and what is built from it, the Chinese entity
// model, everything else — so that starting takes about as long as gse's
// dictionary alone (two seconds); English models wait for the first
// English text (see segment.Segmenter.English and
// entities.EnglishModel.Load).
func LoadResources(opts ResourceOptions) (*Resources, error) {
	// The user's files first: a mistake in them is reported before the
	// slow loads.
	user, err := readUserFiles(opts)
	if err != nil {
		return nil, err
	}
	res := &Resources{}
	l := &loads{serial: opts.Measure}
	var (
		files      []models.Info
		seg        *segment.Segmenter
		zhFeatures *ner.ZH
		zhModel    *ner.Model
		kb         *policy.KB
		gaz        *entities.Gazetteer
		who        *roles.Rules
		surnames   []byte
	)
	t2s, err := models.Read("t2s.tsv")
	if err != nil {
		return nil, err
	}
	han := hanzi.New(t2s)

	// gse's dictionary, then what needs it.
	l.chain(func() error {
		if err := l.step("gse dictionary (with models/data/dict-zh.txt)", func() (err error) {
			seg, err = loadSegmenter(han)
			return err
		}); err != nil {
			return err
		}
		return l.step("entity features (zh: lexicon, gazetteer, suffixes)", func() (err error) {
			zhFeatures, err = entities.ChineseFeatures(seg)
			return err
		})
	})
	// The Chinese entity model.
	l.chain(func() error {
		if user.zhModel != nil {
			zhModel = user.zhModel
			return nil
		}
		return l.step("entity model (models/data/ner-zh.model)", func() (err error) {
			zhModel, err = loadModel("ner-zh.model")
			return err
		})
	})
	// Everything else: each small, together about a second. (All steps
	// run; their errors are joined.)
	l.chain(func() error {
		return errors.Join(
			l.step("checksums of models/data", func() (err error) {
				files, err = models.List()
				return err
			}),
			l.step("cleaner, decoder, stopwords", func() error {
				var err error
				res.Decoder = decode.New(mustRead("chars-zh.txt", &err))
				stop := mustRead("stopwords.txt", &err)
				res.Stopwords = string(stop)
				boiler := mustRead("boilerplate.tsv", &err)
				if err != nil {
					return err
				}
				res.Cleaner, err = clean.New(boiler)
				return err
			}),
			l.step("keywords and topics (IDF tables, taxonomy)", func() error {
				var err error
				zh, en := mustRead("idf-zh.txt", &err), mustRead("idf-en.txt", &err)
				if err != nil {
					return err
				}
				idf := map[string]*keywords.IDF{
					"zh": keywords.ParseIDF(string(zh)).Over(keywords.ParseIDF(gse.ZhIdf)),
					"en": keywords.ParseIDF(string(en)),
				}
				res.Keywords = keywords.New(idf, res.Stopwords)
				res.Keywords.Han = han
				res.Topics = topics.New(user.taxonomy, topics.Options{
					IDF: map[string]topics.Rarity{"zh": idf["zh"], "en": idf["en"]}, Han: han})
				return nil
			}),
			l.step("policy, gazetteer, roles", func() error {
				var err error
				pol, ents, rl := mustRead("policy.yaml", &err), mustRead("entities.tsv", &err), mustRead("roles.yaml", &err)
				surnames = mustRead("surnames-zh.txt", &err)
				if err != nil {
					return err
				}
				if kb, err = policy.Parse(pol); err != nil {
					return err
				}
				known, err := entities.ParseGazetteer(ents, false)
				if err != nil {
					return fmt.Errorf("entities.tsv: %w", err)
				}
				gaz = entities.NewGazetteer(han, append([][]entities.Entry{known}, user.gazetteers...)...)
				who, err = roles.Parse(rl, han)
				return err
			}),
		)
	})
	if opts.Measure {
		// What the English models cost, though a run loads them only
		// when English text arrives.
		var enTags *prose.Model
		var enModel *ner.Model
		var enFeatures ner.EN
		l.chain(func() error {
			return errors.Join(
				l.step("prose model (English tokens, tags)", func() error {
					enTags = prose.ModelFromData(segment.ProseModel)
					return nil
				}),
				l.step("entity model (models/data/ner-en.model, gazetteer-en.tsv, lowercase-en.txt)", func() (err error) {
					if enModel, err = loadModel("ner-en.model"); err != nil {
						return err
					}
					enFeatures, err = entities.EnglishFeatures()
					return err
				}),
			)
		})
		defer runtime.KeepAlive(enTags)
		defer runtime.KeepAlive(enModel)
		defer runtime.KeepAlive(enFeatures)
	}
	if err := l.wait(); err != nil {
		return nil, err
	}

	res.Files = append(files, user.files...)
	res.Costs = l.costs
	res.Segmenter, res.Han = seg, han
	res.Meta = meta.New(seg.Chinese(), meta.NewNames(string(surnames)))
	// The English model and its gazetteer load when English text first
	// arrives, once.
	type englishParts struct {
		model    *ner.Model
		features ner.EN
	}
	loadEnglish := sync.OnceValues(func() (englishParts, error) {
		f, err := entities.EnglishFeatures()
		if err != nil {
			return englishParts{}, err
		}
		m := user.enModel
		if m == nil {
			m, err = loadModel("ner-en.model")
		}
		return englishParts{m, f}, err
	})
	english := entities.EnglishModel{Load: func() (*ner.Model, ner.EN, error) {
		p, err := loadEnglish()
		return p.model, p.features, err
	}}
	rules := policy.Rules{KB: kb, Han: han}
	res.Entities = entities.New(
		rules,
		gaz,
		entities.ChineseModel{Model: zhModel, Features: zhFeatures, Han: han},
		english,
		entities.Datelines{},
	).With(gaz, rules, who)
	return res, nil
}

// userFiles are the user's replacements and additions, read and parsed.
type userFiles struct {
	taxonomy         *topics.Taxonomy
	zhModel, enModel *ner.Model
	gazetteers       [][]entities.Entry
	files            []models.Info
}

// readUserFiles reads the files the options name, and the embedded
// taxonomy when none is given.
func readUserFiles(opts ResourceOptions) (userFiles, error) {
	var u userFiles
	taxSrc, err := models.Read("taxonomy.yaml")
	if err != nil {
		return u, err
	}
	if opts.Taxonomy != "" {
		if taxSrc, err = os.ReadFile(opts.Taxonomy); err != nil {
			return u, fmt.Errorf("%w: taxonomy: %w", ErrUsage, err)
		}
		u.files = append(u.files, fileInfo("taxonomy (user): "+opts.Taxonomy, taxSrc))
	}
	if u.taxonomy, err = topics.ParseTaxonomy(taxSrc); err != nil {
		return u, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	for _, p := range opts.NERModels {
		src, err := os.ReadFile(p)
		if err != nil {
			return u, fmt.Errorf("%w: entity model: %w", ErrUsage, err)
		}
		m, err := ner.Load(bytes.NewReader(src))
		if err != nil {
			return u, fmt.Errorf("%w: %s: %w", ErrUsage, p, err)
		}
		switch m.Meta["lang"] {
		case "zh":
			u.zhModel = m
		case "en":
			u.enModel = m
		default:
			return u, fmt.Errorf("%w: %s: the model does not say its language (zh or en)", ErrUsage, p)
		}
		u.files = append(u.files, fileInfo("ner model (user): "+p, src))
	}
	for _, p := range opts.Gazetteers {
		src, err := os.ReadFile(p)
		if err != nil {
			return u, fmt.Errorf("%w: gazetteer: %w", ErrUsage, err)
		}
		entries, err := entities.ParseGazetteer(src, strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml"))
		if err != nil {
			return u, fmt.Errorf("%w: %s: %w", ErrUsage, p, err)
		}
		u.gazetteers = append(u.gazetteers, entries)
		u.files = append(u.files, fileInfo("gazetteer (user): "+p, src))
	}
	return u, nil
}

// loadModel loads an embedded entity model, decoding it as it is read.
func loadModel(name string) (*ner.Model, error) {
	f, err := models.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := ner.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// mustRead returns an embedded resource, or nil after setting *err when
// *err is not set already: for reading several in a row and checking once.
func mustRead(name string, err *error) []byte {
	b, rerr := models.Read(name)
	if rerr != nil && *err == nil {
		*err = rerr
	}
	return b
}

// LoadCost is what loading one resource took.
type LoadCost struct {
	Name string
	Time time.Duration
	// Heap is the memory the resource keeps, in bytes of live heap, when
	// the resources were loaded one at a time (ResourceOptions.Measure);
	// else -1.
	Heap int64
}

// loads runs the loading steps: chains of steps side by side, the steps of
// a chain in order; or, to measure each step's memory, every step one
// after another. It records what each step took.
type loads struct {
	serial bool
	wg     sync.WaitGroup
	mu     sync.Mutex
	costs  []LoadCost
	err    error
}

// chain runs f, a sequence of steps, beside the other chains.
func (l *loads) chain(f func() error) {
	run := func() {
		if err := f(); err != nil {
			l.mu.Lock()
			l.err = cmp.Or(l.err, err)
			l.mu.Unlock()
		}
	}
	if l.serial {
		run()
		return
	}
	l.wg.Go(run)
}

// step runs one named step and records its cost.
func (l *loads) step(name string, f func() error) error {
	var before runtime.MemStats
	if l.serial {
		runtime.GC()
		runtime.ReadMemStats(&before)
	}
	start := time.Now()
	err := f()
	c := LoadCost{Name: name, Time: time.Since(start), Heap: -1}
	if l.serial {
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		c.Heap = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	}
	l.mu.Lock()
	l.costs = append(l.costs, c)
	l.mu.Unlock()
	return err
}

// wait waits for every chain and returns the first error.
func (l *loads) wait() error {
	l.wg.Wait()
	return l.err
}

// Analyze runs one document through the stages of Stages, in order, in the
// calling goroutine: the per-document form of the job, for callers that
// bring their own concurrency (package analyze, a Beam worker). On failure
// it returns the name of the stage that failed with its error. It does not
// look for duplicates, which takes the whole corpus (dedupe.Index).
func (r *Resources) Analyze(ctx context.Context, d *entopic.Doc) (stage string, err error) {
	for _, s := range r.Stages(1) {
		if err := ctx.Err(); err != nil {
			return s.Name, err
		}
		if err := runStage(ctx, s, d); err != nil {
			return s.Name, err
		}
	}
	return "", nil
}

// runStage runs one stage on d, turning a panic into an error as the
// pipeline does: one bad document must not stop a run.
func runStage(ctx context.Context, s pipeline.Stage[*entopic.Doc], d *entopic.Doc) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &pipeline.PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return s.Process(ctx, d)
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
