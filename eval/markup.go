package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseMarkup reads a gold document annotated in place, the form gold sets
// are written and reviewed in by hand (testdata/gold/): a header of
// "key: value" lines (id, lang, published), a line "---", then the text
// with every entity written where it stands as
//
//	[[TYPE/subtype surface | key=value; key=value]]
//
// Entities nest: [[POLICY/charter 《[[ORG 联合国]]宪章》]]. The subtype
// and the attributes are optional; participants are comma-separated, an
// ordinal is a number, every other value a string. Attributes a type has
// and the markup leaves out are stated empty (a POLICY without date= must
// have no date), so that the gold scores wrong attributes as well as
// missing ones: POLICY subtype, date and issuer; DIALOGUE subtype,
// participants, ordinal and date; PERSON role and affiliation.
func ParseMarkup(src string) (Doc, error) {
	var d Doc
	head, body, ok := strings.Cut(src, "\n---\n")
	if !ok {
		return d, fmt.Errorf("markup: no --- line between the header and the text")
	}
	for n, line := range strings.Split(head, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return d, fmt.Errorf("markup: header line %d: want key: value", n+1)
		}
		switch v = strings.TrimSpace(v); strings.TrimSpace(k) {
		case "id":
			d.ID = v
		case "lang":
			d.Lang = v
		case "published":
			d.Published = v
		default:
			return d, fmt.Errorf("markup: header line %d: unknown key %q", n+1, k)
		}
	}
	body = strings.TrimSuffix(body, "\n")

	type open struct {
		start  int // code point offset into the text
		header string
		attrs  *strings.Builder // set once " | " was read
		inHead bool             // reading TYPE/subtype
		line   int
	}
	var (
		text  strings.Builder
		n     int // code points written to text
		stack []*open
		line  = 1
	)
	for i := 0; i < len(body); {
		switch {
		case strings.HasPrefix(body[i:], "[["):
			stack = append(stack, &open{start: n, inHead: true, line: line})
			i += 2
			continue
		case strings.HasPrefix(body[i:], "]]") && len(stack) > 0:
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			e, err := markupEntity(o.header, o.attrs, o.start, n)
			if err != nil {
				return d, fmt.Errorf("markup: line %d: %w", o.line, err)
			}
			d.Entities = append(d.Entities, e)
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(body[i:])
		i += size
		if r == '\n' {
			line++
		}
		if len(stack) > 0 {
			o := stack[len(stack)-1]
			switch {
			case o.inHead && r == ' ':
				o.inHead = false
				continue
			case o.inHead:
				o.header += string(r)
				continue
			case o.attrs != nil:
				o.attrs.WriteRune(r)
				continue
			case r == '|' && strings.HasSuffix(text.String(), " "):
				// " | " starts the attributes; the space before it is
				// not text.
				t := strings.TrimSuffix(text.String(), " ")
				text.Reset()
				text.WriteString(t)
				n--
				o.attrs = &strings.Builder{}
				continue
			}
		}
		text.WriteRune(r)
		n++
	}
	if len(stack) > 0 {
		return d, fmt.Errorf("markup: line %d: [[ is not closed", stack[len(stack)-1].line)
	}
	d.Text = text.String()
	// Entities in order of position, outer before inner, as mentions are.
	sortEntities(d.Entities)
	return d, nil
}

// markupEntity builds the entity of one [[…]].
func markupEntity(header string, attrs *strings.Builder, start, end int) (Entity, error) {
	typ, sub, _ := strings.Cut(header, "/")
	if typ == "" || start >= end {
		return Entity{}, fmt.Errorf("entity %q has no type or no text", header)
	}
	e := Entity{Type: canonical(typ), Start: start, End: end, Attributes: map[string]any{}}
	switch e.Type {
	case "POLICY":
		e.Attributes["subtype"], e.Attributes["date"], e.Attributes["issuer"] = sub, "", ""
	case "DIALOGUE":
		e.Attributes["subtype"], e.Attributes["participants"], e.Attributes["ordinal"], e.Attributes["date"] = sub, []any{}, float64(0), ""
	case "PERSON":
		e.Attributes["role"], e.Attributes["affiliation"] = "", ""
	}
	if sub != "" {
		e.Attributes["subtype"] = sub
	}
	if attrs != nil {
		for _, kv := range strings.Split(attrs.String(), ";") {
			if strings.TrimSpace(kv) == "" {
				continue
			}
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return e, fmt.Errorf("attribute %q: want key=value", kv)
			}
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch k {
			case "participants":
				list := []any{}
				for _, p := range strings.Split(v, ",") {
					if p = strings.TrimSpace(p); p != "" {
						list = append(list, p)
					}
				}
				e.Attributes[k] = list
			case "ordinal":
				o, err := strconv.Atoi(v)
				if err != nil {
					return e, fmt.Errorf("ordinal %q is not a number", v)
				}
				e.Attributes[k] = float64(o)
			case "subtype", "normalized", "role", "affiliation", "date", "issuer":
				e.Attributes[k] = v
			default:
				return e, fmt.Errorf("unknown attribute %q", k)
			}
		}
	}
	return e, nil
}

func sortEntities(es []Entity) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && (es[j].Start < es[j-1].Start || es[j].Start == es[j-1].Start && es[j].End > es[j-1].End); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// WriteGold writes documents in entopic's gold JSON lines format, which
// ReadGold reads: one document per line, entities with their attributes.
func WriteGold(w io.Writer, docs []Doc) error {
	bw := bufio.NewWriter(w)
	for _, d := range docs {
		rec := map[string]any{"id": d.ID, "text": d.Text, "lang": d.Lang}
		if d.Published != "" {
			rec["published"] = d.Published
		}
		ents := make([]map[string]any, 0, len(d.Entities))
		for _, e := range d.Entities {
			m := map[string]any{"type": e.Type, "start": e.Start, "end": e.End, "text": string([]rune(d.Text)[e.Start:e.End])}
			for k, v := range e.Attributes {
				m[k] = v
			}
			ents = append(ents, m)
		}
		rec["entities"] = ents
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
