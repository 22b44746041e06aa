package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed page.html
var pageHTML string

// page is parsed once; it only reads the Report it is given.
var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"spark": func(n *Name) template.HTML { return sparkline(n.Monthly, typeColor[n.Type]) },
	"color": func(t string) string { return typeColor[t] },
	"counts": func(cs []Count) string {
		var parts []string
		for _, c := range cs {
			parts = append(parts, fmt.Sprintf("%s (%d)", c.Value, c.N))
		}
		return strings.Join(parts, ", ")
	},
	"date": func(r *Report) string {
		if r.First.IsZero() {
			return "no dates"
		}
		return r.First.Format("2006-01-02") + " to " + r.Last.Format("2006-01-02")
	},
	"typeName": func(t string) string { return typeNames[t] },
}).Parse(pageHTML))

// typeNames head the lists of names.
var typeNames = map[string]string{
	"PERSON": "People", "ORG": "Organizations", "LOC": "Places", "POLICY": "Policy documents", "DIALOGUE": "Dialogues and mechanisms",
}

// view is what the template reads: the report and its charts.
type view struct {
	*Report
	Types         []string
	TopicChart    template.HTML
	TimelineChart template.HTML
	NetworkChart  template.HTML
	Docs          template.JS
	Colors        template.JS
}

// Render writes the report as one HTML page.
func (r *Report) Render(w io.Writer) error {
	docs, err := json.Marshal(r.Sample)
	if err != nil {
		return err
	}
	colors, err := json.Marshal(typeColor)
	if err != nil {
		return err
	}
	v := view{Report: r, Types: listedTypes,
		TopicChart:    stackedBars(r.Months, r.TopicMonth, r.TopicOrder, 8),
		TimelineChart: timeline(r.Timeline),
		NetworkChart:  network(r.Network),
		// JSON inside a script element: "</" must not close it.
		Docs:   template.JS(strings.ReplaceAll(string(docs), "</", `<\/`)),
		Colors: template.JS(colors),
	}
	return page.Execute(w, v)
}
