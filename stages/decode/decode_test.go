package decode

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/models"
)

func decoder(t testing.TB) *Decoder {
	t.Helper()
	b, err := models.Read("chars-zh.txt")
	if err != nil {
		t.Fatal(err)
	}
	return New(b)
}

func readArticle(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("%s not available: %v", path, err)
	}
	return string(b)
}

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// encodable drops the characters enc cannot encode (GBK lacks a few
// symbols that GB18030 has, such as the © of the sample's footer).
func encodable(enc encoding.Encoding, s string) string {
	var b strings.Builder
	for _, r := range s {
		if _, err := enc.NewEncoder().String(string(r)); err == nil {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestRealPagesInEveryEncoding saves real pages in each encoding a scraped
// corpus comes in and checks that each decodes to the same text.
func TestRealPagesInEveryEncoding(t *testing.T) {
	simplified := readArticle(t, "../../testdata/articles/zh-d1net-2017-11-07-cybersecurity.txt")
	traditional := readArticle(t, "../../../shared/data/articles/zh-hant-2017-03-01-cyberspace-strategy-noisy.txt")
	english := "Summary of outcomes of the first China-US Law Enforcement and Cybersecurity Dialogue — Français, café, naïve."
	tests := []struct {
		name string
		text string
		enc  encoding.Encoding
		bom  string
		want string
	}{
		{"utf-8", simplified, xunicode.UTF8, "", "utf-8"},
		{"utf-8 with BOM", simplified, xunicode.UTF8, "\xef\xbb\xbf", "utf-8"},
		{"utf-16le with BOM", simplified, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), "", "utf-16le"},
		{"utf-16be with BOM", simplified, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), "", "utf-16be"},
		{"gb18030", simplified, simplifiedchinese.GB18030, "", "gb18030"},
		{"gbk", simplified, simplifiedchinese.GBK, "", "gb18030"},
		// GB2312 text saved as EUC-CN is the same bytes as in GBK.
		{"gb2312 characters", "中国加强国际合作维护网络安全。信息技术的飞速发展,让网络营造的虚拟空间与现实社会深度融合。", simplifiedchinese.GBK, "", "gb18030"},
		{"big5", traditional, traditionalchinese.Big5, "", "big5"},
		{"traditional in gb18030", traditional, simplifiedchinese.GB18030, "", "gb18030"},
		{"windows-1252", english, charmap.Windows1252, "", "windows-1252"},
	}
	dec := decoder(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.enc == simplifiedchinese.GBK {
				tt.text = encodable(tt.enc, tt.text)
			}
			raw := append([]byte(tt.bom), encode(t, tt.enc, tt.text)...)
			text, name, err := dec.Decode(raw, false)
			if err != nil {
				t.Fatal(err)
			}
			if name != tt.want {
				t.Errorf("detected %s, want %s", name, tt.want)
			}
			if text != tt.text {
				t.Errorf("decoded text differs from the original (%d vs %d bytes)", len(text), len(tt.text))
			}
		})
	}
}

func TestShortLegacyText(t *testing.T) {
	dec := decoder(t)
	tests := []struct {
		text string
		enc  encoding.Encoding
		want string
	}{
		{"网络安全", simplifiedchinese.GBK, "gb18030"},
		{"中华人民共和国外交部发言人表示", simplifiedchinese.GBK, "gb18030"},
		{"國際合作戰略", traditionalchinese.Big5, "big5"},
		{"Fran\u00e7ais", charmap.Windows1252, "windows-1252"},
	}
	for _, tt := range tests {
		_, name, err := dec.Decode(encode(t, tt.enc, tt.text), false)
		if err != nil || name != tt.want {
			t.Errorf("%q in %v: detected %q (%v), want %s", tt.text, tt.enc, name, err, tt.want)
		}
	}
}

func TestUndecodableBytesAreAnError(t *testing.T) {
	dec := decoder(t)
	for _, raw := range [][]byte{
		{0x81, 0x20, 0x81, 0x20, 0xff, 0xff, 0xff}, // no encoding reads this
		{0xef, 0xbb, 0xbf, 'a', 0xff, 'b'},         // a UTF-8 BOM, then invalid UTF-8
	} {
		if text, name, err := dec.Decode(raw, false); err == nil {
			t.Errorf("% x decoded as %s: %q, want an error", raw, name, text)
		}
	}
}

func TestTruncatedLastCharacter(t *testing.T) {
	raw := []byte("网络安全")
	text, name, err := decoder(t).Decode(raw[:len(raw)-1], false)
	if err != nil || name != "utf-8" || text != "网络安" {
		t.Errorf("got %q %s %v, want 网络安 in utf-8", text, name, err)
	}
}

func TestHTMLDeclaredCharset(t *testing.T) {
	page := `<html><head><meta charset="gbk"><title>网络安全</title></head><body>中国</body></html>`
	raw := encode(t, simplifiedchinese.GBK, page)
	text, name, err := decoder(t).Decode(raw, true)
	if err != nil || name != "gbk" || text != page {
		t.Errorf("got %s %v", name, err)
	}
}

func TestDeclaredCharsetThatLies(t *testing.T) {
	// A page converted to UTF-8 that still declares GB2312 (seen on real
	// portals): valid UTF-8 wins over the declaration.
	page := `<html><head><meta charset="gb2312"><title>网络安全</title></head><body>中国加强国际合作</body></html>`
	text, name, err := decoder(t).Decode([]byte(page), true)
	if err != nil || name != "utf-8" || text != page {
		t.Errorf("got %s %v", name, err)
	}
	// The transport's charset (HTTP Content-Type) for a page that declares
	// none.
	body := "<html><body>中國加強國際合作，維護網絡空間安全。</body></html>"
	raw := encode(t, traditionalchinese.Big5, body)
	d := &entopic.Doc{Raw: raw, Format: entopic.FormatHTML, Hint: entopic.Hint{Charset: "big5"}}
	if err := decoder(t).Process(d); err != nil || d.Encoding != "big5" || d.Text != body {
		t.Errorf("transport charset: %s %v %q", d.Encoding, err, d.Text)
	}
}

func TestProcessKeepsGivenEncoding(t *testing.T) {
	d := &entopic.Doc{Raw: []byte("已解码"), Encoding: "utf-8"}
	if err := decoder(t).Process(d); err != nil || d.Text != "已解码" {
		t.Fatalf("Process: %v, text %q", err, d.Text)
	}
	d = &entopic.Doc{Raw: []byte{0xff, 0xff, 0xff, 0x81}}
	if err := decoder(t).Process(d); !errors.Is(err, ErrUndecodable) {
		t.Fatalf("Process of garbage: %v, want ErrUndecodable", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("网络"), false)
	f.Add([]byte{0xff, 0xfe, 'a', 0}, false)
	f.Add([]byte(`<meta charset="big5">`), true)
	dec := decoder(f)
	f.Fuzz(func(t *testing.T, raw []byte, html bool) {
		text, name, err := dec.Decode(raw, html)
		if err != nil {
			return
		}
		if name == "" {
			t.Fatal("decoded without naming the encoding")
		}
		if !strings.Contains(text, "\uFFFD") && strings.ToValidUTF8(text, "") != text {
			t.Fatal("invalid UTF-8 out")
		}
	})
}
