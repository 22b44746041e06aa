// Package entopic holds the data model shared by every part of entopic: the
// Doc that carries one input record through the pipeline, and the values the
// stages attach to it (sentences, tokens, mentions, entities, topics,
// keywords).
//
// A Doc is created by the reader (stages/read), filled in stage by stage, and
// turned into table rows by the writer (stages/write). Each stage owns the
// fields it fills and only reads the fields of stages before it; the package
// has no behaviour of its own beyond small helpers on offsets.
//
// All offsets (Sentence, Token, Mention) are Unicode code points into
// Doc.Text, end exclusive, as the output contract (docs/DESIGN.md §2)
// requires; those of the title's sentences, tokens and mentions are into
// Doc.Title.
package entopic

import "time"

// Doc is one input record and everything learnt about it.
type Doc struct {
	// Identity, set by the reader.
	ID     string // stable doc_id: the input's id, else a hash of source and position
	Source string // path as given (cleaned, slash-separated) or "-" for standard input
	Pos    int64  // line number for JSON lines input, 0 for whole files
	Format Format // how Raw is to be read
	Raw    []byte // the record's bytes as read (text or HTML), before decoding

	// Hints given by structured input (JSON lines); stages prefer what the
	// page itself says only where the hint is empty.
	Hint Hint
	// Extra holds the JSON object of input fields entopic does not know,
	// kept for the documents.extra column ("" when there are none).
	Extra string

	// Metadata, set by the decode, clean and meta stages.
	Encoding       string    // detected source encoding, e.g. "utf-8", "gb18030"
	Lang           string    // "zh", "en" or "other"
	Title          string    //
	Published      time.Time // UTC; zero when unknown
	PublishedText  string    // the publication date as written
	Authors        []string  //
	Editor         string    //
	Outlet         string    // site that published the page
	OriginalSource string    // where the site took the article from
	PageKeywords   []string  // keywords the page declares
	ContentHash    string    // hash of Text
	Fingerprint    uint64    // SimHash of Text, for near-duplicate detection
	DuplicateOf    string    // doc_id of an earlier exact or near duplicate

	// Text is the decoded page until the clean stage replaces it with the
	// clean body every later stage works on.
	Text string
	// Page holds the page's lines as the clean stage classified them: the
	// body, and the title, metadata and boilerplate lines around it, which
	// the meta stage reads.
	Page []Line

	// Linguistic analysis, set by the segment stage: of Text, and of
	// Title (offsets into Title), whose names the entities stage finds too.
	Sentences      []Span
	Tokens         []Token
	TitleSentences []Span
	TitleTokens    []Token

	// Extraction, set by the entities and topics stages.
	Mentions []Mention
	Entities []Entity
	Topics   []Topic
	Keywords []Keyword
}

// Format says how a record's raw bytes are to be read.
type Format string

// The formats the reader recognises.
const (
	FormatText Format = "text" // plain text or Markdown: a scraped page
	FormatHTML Format = "html" // an HTML page
)

// Hint holds metadata given in structured form: the optional fields of a
// JSON lines record, or the <head> and JSON-LD of an HTML page. The meta
// stage prefers it to what it reads in the page's visible lines.
type Hint struct {
	Title     string
	URL       string
	Published string // as written: RFC 3339, a date, …
	// Dates are other dates the page's metadata gives, in order of trust
	// (a modified or indexed time, a date in the URL): the publication
	// time when nothing better says it, and the reference for dates a
	// page writes without their year or relative to the day.
	Dates          []string
	Lang           string
	Charset        string // the charset the transport declared (an HTTP Content-Type)
	Outlet         string // JSON lines "source"; og:site_name, JSON-LD publisher
	SiteName       string // the site named in an HTML <title> suffix ("… - 新华网")
	OriginalSource string
	Authors        []string
	Keywords       []string
}

// Line is one line (paragraph) of a page with what the cleaner took it for.
type Line struct {
	Text string
	Kind LineKind
}

// LineKind says what a line of a page is.
type LineKind uint8

// The kinds of lines of a page.
const (
	LineBoilerplate LineKind = iota // navigation, share widgets, footers, captions …
	LineBody                        // the article
	LineTitle                       // the headline above the article
	LineMeta                        // byline, dates, source, editor, keywords
)

// Span is a half-open range of code points into Doc.Text.
type Span struct {
	Start, End int
}

// Len returns the number of code points in s.
func (s Span) Len() int { return s.End - s.Start }

// Token is one word or punctuation mark of Doc.Text.
type Token struct {
	Span
	Sentence int    // index into Doc.Sentences
	Text     string // exact surface, Doc.Text[Start:End] in code points
	POS      string // part-of-speech tag of the segmenter that made it
}

// Mention is one occurrence of a named thing in Doc.Text, or in Doc.Title
// when Field says so: its offsets and sentence are then the title's.
type Mention struct {
	Span
	Field        string   // FieldText ("" too) or FieldTitle
	Type         string   // PERSON, ORG, LOC, POLICY, DIALOGUE, MISC
	Subtype      string   // e.g. strategy, law, principles; dialogue, summit; university
	Text         string   // exact surface
	Normalized   string   // canonical name; the surface when nothing better is known
	Sentence     int      // index into Doc.Sentences
	Method       string   // model, dictionary, rule or pattern
	Confidence   float32  // 0–1
	Role         string   // PERSON: title or position
	Affiliation  string   // PERSON: organization or country
	Participants []string // DIALOGUE: the parties
	Ordinal      int      // DIALOGUE: which round (第四次 → 4); 0 when not stated
	Date         string   // ISO date or month tied to the mention
	Issuer       string   // POLICY: who issued it
}

// The fields of a Doc a mention can stand in.
const (
	FieldText  = "text"
	FieldTitle = "title"
)

// InTitle reports whether the mention stands in the title.
func (m Mention) InTitle() bool { return m.Field == FieldTitle }

// The mention types of the output contract.
const (
	TypePerson   = "PERSON"
	TypeOrg      = "ORG"
	TypeLoc      = "LOC"
	TypePolicy   = "POLICY"
	TypeDialogue = "DIALOGUE"
	TypeMisc     = "MISC"
)

// The methods a mention can be found by.
const (
	MethodModel      = "model"
	MethodDictionary = "dictionary"
	MethodRule       = "rule"
	MethodPattern    = "pattern"
)

// Entity gathers the mentions of one normalized name of one type in a Doc,
// in its text and its title.
type Entity struct {
	Type         string
	Normalized   string
	Mentions     int
	FirstStart   int // offset of the first mention in Text; −1 when only the title names it
	SurfaceForms []string
	Salience     float32 // 0–1: how central the entity is to the document
}

// Topic is one taxonomy topic assigned to a Doc.
type Topic struct {
	ID       string
	Parent   string // "" for a top-level topic
	LabelZH  string
	LabelEN  string
	Score    float32 // 0–1
	Rank     int     // 1 for the best topic
	Method   string  // taxonomy or model
	Evidence []string
}

// Keyword is one keyword or keyphrase of a Doc.
type Keyword struct {
	Keyword string
	Score   float32
	Rank    int    // 1 for the best keyword of its method
	Method  string // tfidf or textrank
}

// Bytes returns the size of the record for throughput figures: the raw input
// while it is held, else the clean text.
func (d *Doc) Bytes() int64 {
	if len(d.Raw) > 0 {
		return int64(len(d.Raw))
	}
	return int64(len(d.Text))
}
