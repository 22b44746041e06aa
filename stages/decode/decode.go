// Package decode turns a record's raw bytes into Unicode text.
//
// In: Doc.Raw as read from a file, in whatever encoding the page was saved.
// Out: Doc.Text (the whole page, still with its boilerplate or HTML) and
// Doc.Encoding, the encoding it was read in.
//
// Detection, in order: a byte order mark (UTF-8, UTF-16LE, UTF-16BE); for
// HTML a declared charset that decodes the page without error; valid UTF-8;
// then the legacy encodings Chinese and Western pages are found in (GB18030,
// which covers GBK and GB2312, Big5, and Windows-1252), each decoded and
// scored by how much the result reads like real text: the most frequent Han
// characters of simplified and traditional Chinese (models/data/chars-zh.txt)
// count for a decoding, rare characters and undecodable bytes against it.
// Bytes that no encoding decodes cleanly are an error, never garbage text.
package decode

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/entopic/entopic"
)

// Decoder decodes records. It is safe for concurrent use.
type Decoder struct {
	common map[rune]bool
}

// New builds a Decoder from the list of common Han characters (the content
// of models/data/chars-zh.txt: lines of characters, # starts a comment).
func New(commonChars []byte) *Decoder {
	d := &Decoder{common: make(map[rune]bool)}
	for line := range strings.Lines(string(commonChars)) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, r := range line {
			if r > unicode.MaxASCII {
				d.common[r] = true
			}
		}
	}
	return d
}

// candidate is a legacy encoding tried on bytes that are not UTF-8.
type candidate struct {
	name string
	enc  encoding.Encoding
}

var legacy = []candidate{
	{"gb18030", simplifiedchinese.GB18030},
	{"big5", traditionalchinese.Big5},
	{"windows-1252", charmap.Windows1252},
}

// ErrUndecodable is returned for bytes that no supported encoding reads.
var ErrUndecodable = errors.New("undecodable bytes: not UTF-8, UTF-16, GB18030, Big5 or Windows-1252")

// Process decodes d.Raw into d.Text unless an earlier stage (the JSON lines
// reader) has already given the text's encoding.
func (dec *Decoder) Process(d *entopic.Doc) error {
	if d.Encoding != "" {
		d.Text = strings.ToValidUTF8(string(d.Raw), "\uFFFD")
		return nil
	}
	text, name, err := dec.decode(d.Raw, d.Format == entopic.FormatHTML, d.Hint.Charset)
	if err != nil {
		return err
	}
	d.Text, d.Encoding = text, name
	return nil
}

// Decode detects the encoding of b and returns its text and the encoding's
// name. html enables the search for a declared charset.
func (dec *Decoder) Decode(b []byte, html bool) (text, name string, err error) {
	return dec.decode(b, html, "")
}

// decode is Decode with the charset a transport declared (HTTP), if any.
//
// Text that is valid UTF-8 and not plain ASCII is read as UTF-8 whatever a
// page declares: text in a legacy encoding is almost never valid UTF-8 by
// chance, and pages converted to UTF-8 keep declaring their old charset.
// Otherwise a declared charset (the transport's, then the page's <meta>)
// is used when it decodes the bytes cleanly.
func (dec *Decoder) decode(b []byte, html bool, transport string) (text, name string, err error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		return decodeWith(xunicode.UTF8, "utf-8", b[3:])
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), "utf-16le", b)
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), "utf-16be", b)
	}
	if utf8.Valid(b) && !isASCII(b) {
		return string(b), "utf-8", nil
	}
	declared := []string{transport}
	if html {
		declared = append(declared, declaredCharset(b))
	}
	for _, label := range declared {
		if label == "" {
			continue
		}
		if enc, canonical := charset.Lookup(label); enc != nil {
			if t, n, err := decodeWith(enc, canonical, b); err == nil {
				return t, n, nil
			}
		}
	}
	if utf8.Valid(b) {
		return string(b), "utf-8", nil
	}
	if valid, cut := validUpToTruncation(b); valid {
		// A page cut in the middle of its last character: drop the
		// fragment rather than the page.
		return string(b[:cut]), "utf-8", nil
	}
	best, bestScore := -1, 0.0
	var bestText string
	for i, c := range legacy {
		t, err := c.enc.NewDecoder().Bytes(b)
		if err != nil {
			continue
		}
		s := dec.score(string(t))
		if best < 0 || s > bestScore {
			best, bestScore, bestText = i, s, string(t)
		}
	}
	if best < 0 || bestScore < 0 {
		return "", "", ErrUndecodable
	}
	return bestText, legacy[best].name, nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// decodeWith decodes b with one encoding and refuses a result holding
// replacement characters that the input did not hold.
func decodeWith(enc encoding.Encoding, name string, b []byte) (string, string, error) {
	t, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", fmt.Errorf("decode %s: %w", name, err)
	}
	if n := bytes.Count(t, []byte("\uFFFD")); n > bytes.Count(b, []byte("\uFFFD")) {
		return "", "", fmt.Errorf("decode %s: %d undecodable sequences", name, n)
	}
	return string(t), name, nil
}

// validUpToTruncation reports whether b is valid UTF-8 but for an
// incomplete character at its very end, and where that character starts.
func validUpToTruncation(b []byte) (bool, int) {
	for cut := len(b) - 1; cut >= 0 && cut >= len(b)-3; cut-- {
		if utf8.RuneStart(b[cut]) {
			return utf8.Valid(b[:cut]) && !utf8.FullRune(b[cut:]), cut
		}
	}
	return false, 0
}

// score rates how much t reads like real text: per non-ASCII character,
// common Han characters and CJK punctuation count for it, Latin letters with
// accents count a little, rare characters and replacements count against.
func (dec *Decoder) score(t string) float64 {
	var sum, n float64
	for _, r := range t {
		if r < 0x80 {
			continue
		}
		n++
		switch {
		case r == utf8.RuneError:
			sum -= 4
		case dec.common[r]:
			sum += 2
		case r >= 0x3000 && r <= 0x303f, r >= 0xff00 && r <= 0xffef, r == '“', r == '”', r == '‘', r == '’', r == '—', r == '…', r == '·':
			sum++
		case r >= 0xc0 && r <= 0xff && r != 0xd7 && r != 0xf7:
			sum += 0.5
		default:
			sum--
		}
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)`)

// declaredCharset finds the charset an HTML page declares in its head.
func declaredCharset(b []byte) string {
	head := b[:min(len(b), 4096)]
	if m := metaCharset.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}
