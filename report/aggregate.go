// Package report turns a finished run into one self-contained HTML page
// an analyst looks at before opening a notebook: the run at a glance,
// topics over time, the people, organizations, places, policy documents and
// dialogues most mentioned, a timeline of the documents and dialogues, who
// appears with whom, and a browser of documents with their mentions
// highlighted.
//
// In: a run's output directory (the Parquet tables of docs/DESIGN.md, and
// those of `entopic topics` when present). Out: the HTML page (Render),
// whose charts are SVG drawn here and whose few scripts and styles are
// inlined: it opens with no network.
//
// The tables are read a batch of rows at a time and aggregated as they are
// read, so memory grows with the number of distinct documents (a doc_id and
// a month each) and a bounded set of counters, not with the text: the
// names are counted in a table pruned to its most frequent entries, and the
// document browser holds a sample of SampleDocs documents drawn evenly
// (reservoir sampling with a fixed seed).
package report

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/stages/write"
	"github.com/entopic/entopic/topicmodel"
)

// Options tune what the report holds.
type Options struct {
	// Top is how many names of each type are listed; 0 means 15.
	Top int
	// SampleDocs is how many documents the browser holds; 0 means 300.
	SampleDocs int
	// TextRunes is how much of each sampled document's text is kept; 0
	// means 6,000 characters.
	TextRunes int
	// Edges is how many of the strongest co-occurrences the network
	// shows; 0 means 60.
	Edges int
}

func (o Options) withDefaults() Options {
	if o.Top <= 0 {
		o.Top = 15
	}
	if o.SampleDocs <= 0 {
		o.SampleDocs = 300
	}
	if o.TextRunes <= 0 {
		o.TextRunes = 6000
	}
	if o.Edges <= 0 {
		o.Edges = 60
	}
	return o
}

// Report is what the page shows, aggregated from the tables.
type Report struct {
	Dir       string
	Generated time.Time

	Documents, Errors, Duplicates int64
	Langs, Encodings, Outlets     []Count
	ErrorsBy                      []Count // "stage: message"
	First, Last                   time.Time
	Undated                       int64

	Months     []string           // "2017-11", in order
	TopicMonth map[string][]int64 // top-level topic label → documents per month
	TopicOrder []string           // top-level topics, most documents first
	TopicTerms []DiscoveredTopic  // entopic topics, when run
	Names      map[string][]*Name // type → most mentioned names
	Timeline   []Event            // dated policy documents and dialogues
	Network    Network            // co-occurrence of people, organizations, dialogues
	Sample     []SampleDoc        // the document browser
	SampleNote string             // how the sample was drawn
	monthIndex map[string]int     // month → index in Months
	docMonth   map[string]int32   // doc_id → month index, -1 undated
}

// Count is a value and how often it occurs.
type Count struct {
	Value string
	N     int64
}

// Name is one of the most mentioned names of a type.
type Name struct {
	Type, Normalized string
	Mentions, Docs   int64
	Monthly          []int64 // documents per month (Report.Months)
	Roles            []Count // people: roles and affiliations as written
	Affiliations     []Count
}

// Event is a dated policy document or dialogue.
type Event struct {
	Date         string // as the mention gives it: 2017-11-07, 2017-11, 2017
	Type, Name   string
	Issuer       string
	Participants []string
	Round        int32
	Docs         int64
}

// DiscoveredTopic is a topic of `entopic topics` and its best terms.
type DiscoveredTopic struct {
	Topic int32
	Terms []string
}

// Network is who appears with whom: nodes and the strongest edges.
type Network struct {
	Nodes []*Name
	Edges []Edge
}

// Edge joins two nodes (indexes into Nodes) by the documents they share.
type Edge struct {
	A, B int
	Docs int64
}

// SampleDoc is a document of the browser.
type SampleDoc struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Date      string    `json:"date"`
	Outlet    string    `json:"outlet"`
	Lang      string    `json:"lang"`
	Topics    []string  `json:"topics"`
	Text      string    `json:"text"`
	Truncated bool      `json:"truncated"`
	Mentions  []Mention `json:"mentions"`

	pos int64 // place in input order
}

// Mention is a highlighted span of a sampled document's text, in code
// points.
type Mention struct {
	Start int32  `json:"s"`
	End   int32  `json:"e"`
	Type  string `json:"t"`
	Note  string `json:"n,omitempty"` // role, affiliation, date …
}

// listedTypes are the types whose names are listed, in order.
var listedTypes = []string{entopic.TypePerson, entopic.TypeOrg, entopic.TypeLoc, entopic.TypePolicy, entopic.TypeDialogue}

// Build reads the run in dir and aggregates the report.
func Build(dir string, opts Options) (*Report, error) {
	opts = opts.withDefaults()
	if _, err := os.Stat(filepath.Join(dir, write.ManifestName)); err != nil {
		return nil, fmt.Errorf("%s is not a finished run (no %s): %w", dir, write.ManifestName, err)
	}
	r := &Report{Dir: dir, Generated: time.Now().UTC(), TopicMonth: map[string][]int64{},
		Names: map[string][]*Name{}, monthIndex: map[string]int{}, docMonth: map[string]int32{}}
	sampled, err := r.readDocuments(dir, opts)
	if err != nil {
		return nil, err
	}
	if err := r.readErrors(dir); err != nil {
		return nil, err
	}
	if err := r.readTopics(dir, sampled); err != nil {
		return nil, err
	}
	if err := r.readEntities(dir, opts); err != nil {
		return nil, err
	}
	if err := r.readMentions(dir, opts, sampled); err != nil {
		return nil, err
	}
	if err := r.readTopicTerms(dir); err != nil {
		return nil, err
	}
	return r, nil
}

// scan calls f for every row of a table, reading its parts in order a
// batch of rows at a time. A table that is not there is an error unless
// optional.
func scan[T any](dir, table string, optional bool, f func(*T)) error {
	parts, err := filepath.Glob(filepath.Join(dir, table, "*.parquet"))
	if err != nil {
		return err
	}
	if len(parts) == 0 {
		if optional {
			return nil
		}
		return fmt.Errorf("table %s: no parts in %s", table, filepath.Join(dir, table))
	}
	slices.Sort(parts)
	for _, p := range parts {
		if err := write.ScanPart(p, f); err != nil {
			return fmt.Errorf("table %s: %s: %w", table, filepath.Base(p), err)
		}
	}
	return nil
}

// counter counts values.
type counter map[string]int64

func (c counter) top(n int) []Count {
	out := make([]Count, 0, len(c))
	for v, k := range c {
		out = append(out, Count{v, k})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Value, b.Value)) })
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// readDocuments counts documents by language, encoding and outlet, finds
// the date range, maps each doc_id to its month and draws the sample.
func (r *Report) readDocuments(dir string, opts Options) (map[string]int, error) {
	langs, encs, outlets := counter{}, counter{}, counter{}
	type dated struct {
		id    string
		month int32
	}
	var ids []dated
	rng := rand.New(rand.NewPCG(1, 2))
	var sample []SampleDoc
	var seen int64
	err := scan(dir, write.Documents, false, func(d *write.DocumentRow) {
		r.Documents++
		langs[cmp.Or(d.Lang, "unknown")]++
		encs[cmp.Or(d.Encoding, "unknown")]++
		if d.Outlet != "" {
			outlets[d.Outlet]++
		}
		if d.DuplicateOf != "" {
			r.Duplicates++
		}
		month := int32(-1)
		date := ""
		if d.Published != nil {
			t := d.Published.UTC()
			if r.First.IsZero() || t.Before(r.First) {
				r.First = t
			}
			if t.After(r.Last) {
				r.Last = t
			}
			date = t.Format("2006-01-02")
			month = int32(r.month(t.Format("2006-01")))
		} else {
			r.Undated++
		}
		ids = append(ids, dated{d.DocID, month})
		// Reservoir sampling: every document has the same chance.
		seen++
		doc := func() SampleDoc {
			text, cut := truncate(d.Text, opts.TextRunes)
			return SampleDoc{ID: d.DocID, Title: d.Title, Date: date, Outlet: d.Outlet, Lang: d.Lang, Text: text, Truncated: cut, pos: seen}
		}
		if len(sample) < opts.SampleDocs {
			sample = append(sample, doc())
		} else if j := rng.Int64N(seen); j < int64(opts.SampleDocs) {
			sample[j] = doc()
		}
	})
	if err != nil {
		return nil, err
	}
	// Months are numbered in the order first seen; renumber them in
	// calendar order.
	order := slices.Clone(r.Months)
	slices.Sort(order)
	renum := make([]int32, len(r.Months))
	for i, m := range r.Months {
		renum[i] = int32(slices.Index(order, m))
	}
	r.Months = order
	for i, m := range order {
		r.monthIndex[m] = i
	}
	for _, d := range ids {
		if d.month >= 0 {
			d.month = renum[d.month]
		}
		r.docMonth[d.id] = d.month
	}
	r.Langs, r.Encodings, r.Outlets = langs.top(0), encs.top(0), outlets.top(10)
	sampled := make(map[string]int, len(sample))
	// The browser lists its documents in input order.
	slices.SortFunc(sample, func(a, b SampleDoc) int { return cmp.Compare(a.pos, b.pos) })
	for i, s := range sample {
		sampled[s.ID] = i
	}
	r.Sample = sample
	if int64(len(sample)) < r.Documents {
		r.SampleNote = fmt.Sprintf("%d of the %d documents, drawn at random (each as likely as any other; the same run gives the same sample), in input order; texts cut at %d characters",
			len(sample), r.Documents, opts.TextRunes)
	} else {
		r.SampleNote = fmt.Sprintf("all %d documents, in input order; texts cut at %d characters", len(sample), opts.TextRunes)
	}
	return sampled, nil
}

// month returns the index of a month, adding it when new.
func (r *Report) month(m string) int {
	if i, ok := r.monthIndex[m]; ok {
		return i
	}
	r.monthIndex[m] = len(r.Months)
	r.Months = append(r.Months, m)
	return len(r.Months) - 1
}

func truncate(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	return string([]rune(s)[:n]), true
}

// readErrors counts failed records by stage and message.
func (r *Report) readErrors(dir string) error {
	by := counter{}
	err := scan(dir, write.Errors, false, func(e *write.ErrorRow) {
		r.Errors++
		msg, _ := truncate(firstLine(e.Error), 90)
		by[e.Stage+": "+msg]++
	})
	r.ErrorsBy = by.top(10)
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// readTopics counts documents per month by the top-level topic of their
// best topic, and gives the sampled documents their topics.
func (r *Report) readTopics(dir string, sampled map[string]int) error {
	parent := map[string]string{}
	label := map[string]string{}
	type best struct{ doc, topic string }
	var bests []best
	err := scan(dir, write.Topics, false, func(t *write.TopicRow) {
		parent[t.Topic] = t.Parent
		label[t.Topic] = cmp.Or(t.LabelEN, t.LabelZH, t.Topic)
		if t.Rank == 1 {
			bests = append(bests, best{t.DocID, t.Topic})
		}
		if i, ok := sampled[t.DocID]; ok && t.Rank <= 3 {
			r.Sample[i].Topics = append(r.Sample[i].Topics, cmp.Or(t.LabelEN, t.Topic))
		}
	})
	if err != nil {
		return err
	}
	root := func(t string) string {
		for range 10 {
			p := parent[t]
			if p == "" {
				break
			}
			t = p
		}
		return t
	}
	totals := counter{}
	for _, b := range bests {
		top := root(b.topic)
		name := cmp.Or(label[top], top)
		if r.TopicMonth[name] == nil {
			r.TopicMonth[name] = make([]int64, len(r.Months))
		}
		totals[name]++
		if m := r.docMonth[b.doc]; m >= 0 && int(m) < len(r.Months) {
			r.TopicMonth[name][m]++
		}
	}
	for _, c := range totals.top(0) {
		r.TopicOrder = append(r.TopicOrder, c.Value)
	}
	return nil
}

// pruneAt is the number of distinct names a count table holds before its
// least counted half is dropped: a name frequent enough to be listed is
// never dropped, since it stays among the most counted.
const pruneAt = 200_000

type nameKey struct{ typ, name string }

// readEntities finds the most mentioned names of each type in a first
// pass, then counts their documents, months and co-occurrences exactly in
// a second.
func (r *Report) readEntities(dir string, opts Options) error {
	counts := map[nameKey]int64{}
	err := scan(dir, write.Entities, false, func(e *write.EntityRow) {
		if !slices.Contains(listedTypes, e.Type) {
			return
		}
		counts[nameKey{e.Type, e.Normalized}] += int64(e.Mentions)
		if len(counts) > pruneAt {
			prune(counts)
		}
	})
	if err != nil {
		return err
	}
	byType := map[string][]nameKey{}
	for k := range counts {
		byType[k.typ] = append(byType[k.typ], k)
	}
	chosen := map[nameKey]*Name{}
	for _, t := range listedTypes {
		ks := byType[t]
		slices.SortFunc(ks, func(a, b nameKey) int {
			return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a.name, b.name))
		})
		n := opts.Top
		if t == entopic.TypePolicy || t == entopic.TypeDialogue {
			n = max(n, 25) // the timeline draws on them
		}
		for _, k := range ks[:min(n, len(ks))] {
			nm := &Name{Type: t, Normalized: k.name, Monthly: make([]int64, len(r.Months))}
			chosen[k] = nm
			r.Names[t] = append(r.Names[t], nm)
		}
	}
	// The network's nodes: the most mentioned people, organizations and
	// dialogues.
	node := map[*Name]int{}
	for _, t := range []string{entopic.TypePerson, entopic.TypeOrg, entopic.TypeDialogue} {
		for i, nm := range r.Names[t] {
			if i >= 12 {
				break
			}
			node[nm] = len(r.Network.Nodes)
			r.Network.Nodes = append(r.Network.Nodes, nm)
		}
	}
	pairs := map[[2]int]int64{}
	var doc string
	var present []int
	flush := func() {
		slices.Sort(present)
		present = slices.Compact(present)
		for i := range present {
			for j := i + 1; j < len(present); j++ {
				pairs[[2]int{present[i], present[j]}]++
			}
		}
		present = present[:0]
	}
	err = scan(dir, write.Entities, false, func(e *write.EntityRow) {
		if e.DocID != doc {
			flush()
			doc = e.DocID
		}
		nm := chosen[nameKey{e.Type, e.Normalized}]
		if nm == nil {
			return
		}
		nm.Mentions += int64(e.Mentions)
		nm.Docs++
		if m := r.docMonth[e.DocID]; m >= 0 && int(m) < len(nm.Monthly) {
			nm.Monthly[m]++
		}
		if i, ok := node[nm]; ok {
			present = append(present, i)
		}
	})
	flush()
	if err != nil {
		return err
	}
	for _, t := range listedTypes {
		slices.SortStableFunc(r.Names[t], func(a, b *Name) int { return cmp.Compare(b.Mentions, a.Mentions) })
	}
	for p, n := range pairs {
		r.Network.Edges = append(r.Network.Edges, Edge{A: p[0], B: p[1], Docs: n})
	}
	slices.SortFunc(r.Network.Edges, func(a, b Edge) int {
		return cmp.Or(cmp.Compare(b.Docs, a.Docs), cmp.Compare(a.A, b.A), cmp.Compare(a.B, b.B))
	})
	r.Network.Edges = r.Network.Edges[:min(opts.Edges, len(r.Network.Edges))]
	return nil
}

// prune drops the least counted half of a count table.
func prune(counts map[nameKey]int64) {
	vs := make([]int64, 0, len(counts))
	for _, v := range counts {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	cut := vs[len(vs)/2]
	for k, v := range counts {
		if v <= cut {
			delete(counts, k)
		}
	}
}

// readMentions collects the roles and affiliations of the listed people,
// the dated policy documents and dialogues, and the mentions of the
// sampled documents.
func (r *Report) readMentions(dir string, opts Options, sampled map[string]int) error {
	people := map[string]*Name{}
	for _, nm := range r.Names[entopic.TypePerson] {
		people[nm.Normalized] = nm
	}
	roles := map[*Name]counter{}
	affs := map[*Name]counter{}
	listed := map[nameKey]bool{}
	for _, t := range []string{entopic.TypePolicy, entopic.TypeDialogue} {
		for _, nm := range r.Names[t] {
			listed[nameKey{t, nm.Normalized}] = true
		}
	}
	events := map[string]*Event{}
	eventDocs := map[string]map[string]bool{}
	err := scan(dir, write.Mentions, false, func(m *write.MentionRow) {
		name := cmp.Or(m.Normalized, m.Text)
		if nm := people[name]; nm != nil && m.Type == entopic.TypePerson {
			if m.Role != "" {
				if roles[nm] == nil {
					roles[nm] = counter{}
				}
				roles[nm][m.Role]++
			}
			if m.Affiliation != "" {
				if affs[nm] == nil {
					affs[nm] = counter{}
				}
				affs[nm][m.Affiliation]++
			}
		}
		if m.Date != "" && listed[nameKey{m.Type, name}] {
			key := m.Type + "\x00" + name + "\x00" + m.Date
			ev := events[key]
			if ev == nil {
				ev = &Event{Date: m.Date, Type: m.Type, Name: name}
				events[key] = ev
				eventDocs[key] = map[string]bool{}
			}
			ev.Issuer = cmp.Or(ev.Issuer, m.Issuer)
			if len(ev.Participants) == 0 {
				ev.Participants = m.Participants
			}
			if m.Ordinal != nil && ev.Round == 0 {
				ev.Round = *m.Ordinal
			}
			eventDocs[key][m.DocID] = true
		}
		if i, ok := sampled[m.DocID]; ok && m.Field == entopic.FieldText {
			s := &r.Sample[i]
			if int(m.End) <= utf8.RuneCountInString(s.Text) || !s.Truncated {
				s.Mentions = append(s.Mentions, Mention{Start: m.Start, End: m.End, Type: m.Type, Note: note(m)})
			}
		}
	})
	if err != nil {
		return err
	}
	for nm, c := range roles {
		nm.Roles = c.top(3)
	}
	for nm, c := range affs {
		nm.Affiliations = c.top(3)
	}
	for k, ev := range events {
		ev.Docs = int64(len(eventDocs[k]))
		r.Timeline = append(r.Timeline, *ev)
	}
	slices.SortFunc(r.Timeline, func(a, b Event) int {
		return cmp.Or(strings.Compare(a.Date, b.Date), strings.Compare(a.Type, b.Type), strings.Compare(a.Name, b.Name))
	})
	for i := range r.Sample {
		ms := r.Sample[i].Mentions
		slices.SortFunc(ms, func(a, b Mention) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End)) })
		// Nested spans (a place inside a policy's name) keep the outer.
		out := ms[:0]
		end := int32(-1)
		for _, m := range ms {
			if m.Start >= end {
				out = append(out, m)
				end = m.End
			}
		}
		r.Sample[i].Mentions = out
	}
	return nil
}

// note is what a highlighted mention says when pointed at.
func note(m *write.MentionRow) string {
	var parts []string
	if m.Subtype != "" {
		parts = append(parts, m.Subtype)
	}
	if m.Role != "" {
		parts = append(parts, m.Role)
	}
	if m.Affiliation != "" {
		parts = append(parts, m.Affiliation)
	}
	if len(m.Participants) > 0 {
		parts = append(parts, strings.Join(m.Participants, "、"))
	}
	if m.Date != "" {
		parts = append(parts, m.Date)
	}
	if m.Issuer != "" {
		parts = append(parts, m.Issuer)
	}
	return strings.Join(parts, " · ")
}

// readTopicTerms reads the topics `entopic topics` discovered, if it ran.
func (r *Report) readTopicTerms(dir string) error {
	terms := map[int32][]string{}
	err := scan(dir, topicmodel.TopicTerms, true, func(t *topicmodel.TermRow) {
		if t.Rank <= 10 {
			terms[t.Topic] = append(terms[t.Topic], t.Term)
		}
	})
	for _, k := range slices.Sorted(maps.Keys(terms)) {
		r.TopicTerms = append(r.TopicTerms, DiscoveredTopic{Topic: k, Terms: terms[k]})
	}
	return err
}
