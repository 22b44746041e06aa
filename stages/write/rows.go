package write

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/entopic/entopic"
)

// The row types below are the tables of the output contract (DESIGN §2),
// column for column. An `optional` column is null where the Go value is the
// zero value: "" for strings, nil for lists, times and pointers.

// DocumentRow is a row of the documents table.
type DocumentRow struct {
	DocID          string     `parquet:"doc_id"`
	Source         string     `parquet:"source"`
	SourcePos      int64      `parquet:"source_pos"`
	Encoding       string     `parquet:"encoding,optional"`
	Lang           string     `parquet:"lang,optional"`
	Title          string     `parquet:"title,optional"`
	Published      *time.Time `parquet:"published,optional,timestamp(microsecond:utc)"`
	PublishedText  string     `parquet:"published_text,optional"`
	Authors        []string   `parquet:"authors,optional,list"`
	Editor         string     `parquet:"editor,optional"`
	Outlet         string     `parquet:"outlet,optional"`
	OriginalSource string     `parquet:"original_source,optional"`
	PageKeywords   []string   `parquet:"page_keywords,optional,list"`
	Text           string     `parquet:"text"`
	Chars          int32      `parquet:"chars"`
	Sentences      int32      `parquet:"sentences"`
	Tokens         int32      `parquet:"tokens"`
	ContentHash    string     `parquet:"content_hash,optional"`
	DuplicateOf    string     `parquet:"duplicate_of,optional"`
	Extra          string     `parquet:"extra,optional"`
}

// MentionRow is a row of the mentions table.
type MentionRow struct {
	DocID        string   `parquet:"doc_id"`
	MentionID    int32    `parquet:"mention_id"`
	Field        string   `parquet:"field"` // text or title: which the offsets are into
	Type         string   `parquet:"type"`
	Subtype      string   `parquet:"subtype,optional"`
	Text         string   `parquet:"text"`
	Normalized   string   `parquet:"normalized,optional"`
	Start        int32    `parquet:"start"`
	End          int32    `parquet:"end"`
	Sentence     int32    `parquet:"sentence"`
	Method       string   `parquet:"method"`
	Confidence   float32  `parquet:"confidence"`
	Role         string   `parquet:"role,optional"`
	Affiliation  string   `parquet:"affiliation,optional"`
	Participants []string `parquet:"participants,optional,list"`
	Ordinal      *int32   `parquet:"ordinal,optional"`
	Date         string   `parquet:"date,optional"`
	Issuer       string   `parquet:"issuer,optional"`
}

// EntityRow is a row of the entities table.
type EntityRow struct {
	DocID        string   `parquet:"doc_id"`
	Type         string   `parquet:"type"`
	Normalized   string   `parquet:"normalized"`
	Mentions     int32    `parquet:"mentions"`
	FirstStart   *int32   `parquet:"first_start,optional"` // null when only the title names it
	SurfaceForms []string `parquet:"surface_forms,list"`
	Salience     float32  `parquet:"salience"`
}

// TopicRow is a row of the topics table.
type TopicRow struct {
	DocID    string   `parquet:"doc_id"`
	Topic    string   `parquet:"topic"`
	Parent   string   `parquet:"parent,optional"`
	LabelZH  string   `parquet:"label_zh"`
	LabelEN  string   `parquet:"label_en"`
	Score    float32  `parquet:"score"`
	Rank     int32    `parquet:"rank"`
	Method   string   `parquet:"method"`
	Evidence []string `parquet:"evidence,list"`
}

// KeywordRow is a row of the keywords table.
type KeywordRow struct {
	DocID   string  `parquet:"doc_id"`
	Keyword string  `parquet:"keyword"`
	Score   float32 `parquet:"score"`
	Rank    int32   `parquet:"rank"`
	Method  string  `parquet:"method"`
}

// TokenRow is a row of the tokens table, written with --tokens.
type TokenRow struct {
	DocID    string `parquet:"doc_id"`
	Sentence int32  `parquet:"sentence"`
	Index    int32  `parquet:"index"` // position of the token in its sentence, from 0
	Token    string `parquet:"token"`
	POS      string `parquet:"pos,optional"`
	Start    int32  `parquet:"start"`
	End      int32  `parquet:"end"`
}

// ErrorRow is a row of the errors table.
type ErrorRow struct {
	Source    string `parquet:"source"`
	SourcePos int64  `parquet:"source_pos"`
	DocID     string `parquet:"doc_id,optional"`
	Stage     string `parquet:"stage"`
	Error     string `parquet:"error"`
	Excerpt   string `parquet:"excerpt,optional"`
}

// Rows are the rows one analysed document adds to each table.
type Rows struct {
	Document DocumentRow
	Mentions []MentionRow
	Entities []EntityRow
	Topics   []TopicRow
	Keywords []KeywordRow
	Tokens   []TokenRow
}

// RowsOf returns the rows of every table for a document the stages have
// been through. The tokens table's rows are made only when tokens is set.
func RowsOf(d *entopic.Doc, tokens bool) Rows {
	r := Rows{Document: documentRow(d), Mentions: mentionRows(d), Entities: entityRows(d),
		Topics: topicRows(d), Keywords: keywordRows(d)}
	if tokens {
		r.Tokens = tokenRows(d)
	}
	return r
}

// ErrorRowOf returns the errors table's row of a record that failed in the
// named stage.
func ErrorRowOf(d *entopic.Doc, stage string, err error) ErrorRow { return errorRow(d, stage, err) }

// documentRow builds the documents row of a Doc.
func documentRow(d *entopic.Doc) DocumentRow {
	r := DocumentRow{
		DocID: d.ID, Source: d.Source, SourcePos: d.Pos, Encoding: d.Encoding, Lang: d.Lang,
		Title: d.Title, PublishedText: d.PublishedText, Authors: d.Authors, Editor: d.Editor,
		Outlet: d.Outlet, OriginalSource: d.OriginalSource, PageKeywords: d.PageKeywords,
		Text: d.Text, Chars: int32(utf8.RuneCountInString(d.Text)), Sentences: int32(len(d.Sentences)),
		Tokens: int32(len(d.Tokens)), ContentHash: d.ContentHash, DuplicateOf: d.DuplicateOf, Extra: d.Extra,
	}
	if !d.Published.IsZero() {
		t := d.Published.UTC().Truncate(time.Microsecond)
		r.Published = &t
	}
	return r
}

func mentionRows(d *entopic.Doc) []MentionRow {
	rows := make([]MentionRow, len(d.Mentions))
	for i, m := range d.Mentions {
		field := m.Field
		if field == "" {
			field = entopic.FieldText
		}
		rows[i] = MentionRow{
			DocID: d.ID, MentionID: int32(i), Field: field, Type: m.Type, Subtype: m.Subtype, Text: m.Text,
			Normalized: m.Normalized, Start: int32(m.Start), End: int32(m.End), Sentence: int32(m.Sentence),
			Method: m.Method, Confidence: m.Confidence, Role: m.Role, Affiliation: m.Affiliation,
			Participants: m.Participants, Date: m.Date, Issuer: m.Issuer,
		}
		if m.Ordinal != 0 {
			o := int32(m.Ordinal)
			rows[i].Ordinal = &o
		}
	}
	return rows
}

func entityRows(d *entopic.Doc) []EntityRow {
	rows := make([]EntityRow, len(d.Entities))
	for i, e := range d.Entities {
		rows[i] = EntityRow{
			DocID: d.ID, Type: e.Type, Normalized: e.Normalized, Mentions: int32(e.Mentions),
			SurfaceForms: nonNil(e.SurfaceForms), Salience: e.Salience,
		}
		if e.FirstStart >= 0 {
			f := int32(e.FirstStart)
			rows[i].FirstStart = &f
		}
	}
	return rows
}

func topicRows(d *entopic.Doc) []TopicRow {
	rows := make([]TopicRow, len(d.Topics))
	for i, t := range d.Topics {
		rows[i] = TopicRow{
			DocID: d.ID, Topic: t.ID, Parent: t.Parent, LabelZH: t.LabelZH, LabelEN: t.LabelEN,
			Score: t.Score, Rank: int32(t.Rank), Method: t.Method, Evidence: nonNil(t.Evidence),
		}
	}
	return rows
}

func keywordRows(d *entopic.Doc) []KeywordRow {
	rows := make([]KeywordRow, len(d.Keywords))
	for i, k := range d.Keywords {
		rows[i] = KeywordRow{DocID: d.ID, Keyword: k.Keyword, Score: k.Score, Rank: int32(k.Rank), Method: k.Method}
	}
	return rows
}

func tokenRows(d *entopic.Doc) []TokenRow {
	rows := make([]TokenRow, len(d.Tokens))
	index, sentence := 0, -1
	for i, t := range d.Tokens {
		if t.Sentence != sentence {
			index, sentence = 0, t.Sentence
		}
		rows[i] = TokenRow{
			DocID: d.ID, Sentence: int32(t.Sentence), Index: int32(index), Token: t.Text, POS: t.POS,
			Start: int32(t.Start), End: int32(t.End),
		}
		index++
	}
	return rows
}

// excerptRunes is how much of a failed record's raw input the errors table
// keeps.
const excerptRunes = 200

func errorRow(d *entopic.Doc, stage string, err error) ErrorRow {
	return ErrorRow{
		Source: d.Source, SourcePos: d.Pos, DocID: d.ID, Stage: stage, Error: err.Error(),
		Excerpt: Excerpt(d.Raw),
	}
}

// Excerpt returns the first 200 characters of raw input as valid UTF-8.
func Excerpt(raw []byte) string {
	head := raw[:min(len(raw), excerptRunes*4)]
	s := strings.ToValidUTF8(string(head), "\uFFFD")
	if utf8.RuneCountInString(s) > excerptRunes {
		s = string([]rune(s)[:excerptRunes])
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
