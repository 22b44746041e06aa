package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
)

// The charts are SVG drawn here, not by a script library: the page needs
// no script to show them, prints as it shows, and the binary embeds no
// third-party code.

// palette colours series and types, distinguishable and colour-blind safe
// (Okabe–Ito, then greys).
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#666666"}

// typeColor colours mentions by type, as the highlights of the browser do.
var typeColor = map[string]string{
	"PERSON": "#0072B2", "ORG": "#E69F00", "LOC": "#009E73", "POLICY": "#CC79A7", "DIALOGUE": "#D55E00", "MISC": "#999999",
}

func esc(s string) string { return html.EscapeString(s) }

// stackedBars draws documents per month, one stacked bar per month, one
// colour per series (the top series by total, the rest as "other").
func stackedBars(months []string, series map[string][]int64, order []string, maxSeries int) template.HTML {
	if len(months) == 0 || len(order) == 0 {
		return `<p class="empty">No dated documents with topics.</p>`
	}
	names := order
	other := make([]int64, len(months))
	if len(names) > maxSeries {
		for _, n := range names[maxSeries:] {
			for i, v := range series[n] {
				other[i] += v
			}
		}
		names = append(names[:maxSeries:maxSeries], "other")
	}
	get := func(n string, i int) int64 {
		if n == "other" {
			return other[i]
		}
		if s := series[n]; i < len(s) {
			return s[i]
		}
		return 0
	}
	var peak int64 = 1
	for i := range months {
		var t int64
		for _, n := range names {
			t += get(n, i)
		}
		peak = max(peak, t)
	}
	const w, h, left, bottom, top = 760, 260, 44, 40, 10
	bw := float64(w-left-10) / float64(len(months))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="documents per month by topic">`, w, h+60)
	// Axis and grid.
	for k := 0; k <= 4; k++ {
		y := top + float64(h-top-bottom)*(1-float64(k)/4)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/><text x="%d" y="%.1f" class="tick" text-anchor="end">%d</text>`,
			left, w-10, y, y, left-4, y+4, int64(math.Round(float64(peak)*float64(k)/4)))
	}
	for i, m := range months {
		x := float64(left) + float64(i)*bw
		y := float64(h - bottom)
		for j, n := range names {
			v := get(n, i)
			if v == 0 {
				continue
			}
			bh := float64(v) / float64(peak) * float64(h-top-bottom)
			y -= bh
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %d</title></rect>`,
				x+bw*0.1, y, bw*0.8, bh, palette[j%len(palette)], esc(m), esc(n), v)
		}
		if len(months) <= 24 || i%int(math.Ceil(float64(len(months))/24)) == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="tick" text-anchor="end" transform="rotate(-45 %.1f %d)">%s</text>`,
				x+bw/2, h-bottom+14, x+bw/2, h-bottom+14, esc(m))
		}
	}
	// Legend.
	for j, n := range names {
		x := left + (j%4)*180
		y := h + 10 + (j/4)*16
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" class="legend">%s</text>`,
			x, y, palette[j%len(palette)], x+14, y+9, esc(n))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// sparkline draws a small line of values per month.
func sparkline(values []int64, color string) template.HTML {
	const w, h = 120, 24
	if len(values) == 0 {
		return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 %d %d"><line x1="0" x2="%d" y1="%d" y2="%d" class="grid"/></svg>`, w, h, w, h-2, h-2))
	}
	var peak int64 = 1
	for _, v := range values {
		peak = max(peak, v)
	}
	var pts []string
	for i, v := range values {
		x := 2.0
		if len(values) > 1 {
			x = 2 + float64(i)*float64(w-4)/float64(len(values)-1)
		}
		y := float64(h-2) - float64(v)/float64(peak)*float64(h-4)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	if len(pts) == 1 {
		pts = append(pts, strings.Replace(pts[0], "2.0,", fmt.Sprintf("%d.0,", w-2), 1))
	}
	return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 %d %d"><polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"/></svg>`,
		w, h, strings.Join(pts, " "), color))
}

// timeline draws dated events on a time axis, one row per event.
func timeline(events []Event) template.HTML {
	if len(events) == 0 {
		return `<p class="empty">No policy document or dialogue of the listed ones carries a date.</p>`
	}
	if len(events) > 40 {
		events = events[len(events)-40:]
	}
	first, last := dayNumber(events[0].Date), dayNumber(events[len(events)-1].Date)
	if last <= first {
		last = first + 1
	}
	const w, left, rowH = 760, 300, 18
	h := len(events)*rowH + 30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="timeline of policy documents and dialogues">`, w, h)
	fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%d" y2="%d" class="grid"/>`, left, w-20, h-24, h-24)
	fmt.Fprintf(&b, `<text x="%d" y="%d" class="tick">%s</text><text x="%d" y="%d" class="tick" text-anchor="end">%s</text>`,
		left, h-8, esc(events[0].Date), w-20, h-8, esc(events[len(events)-1].Date))
	for i, ev := range events {
		y := 14 + i*rowH
		x := float64(left) + float64(dayNumber(ev.Date)-first)/float64(last-first)*float64(w-20-left)
		label := ev.Name
		if ev.Round > 0 {
			label += fmt.Sprintf(" (round %d)", ev.Round)
		}
		detail := ev.Date
		if ev.Issuer != "" {
			detail += " · " + ev.Issuer
		}
		if len(ev.Participants) > 0 {
			detail += " · " + strings.Join(ev.Participants, "、")
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="label" text-anchor="end">%s</text>`, left-8, y+4, esc(clip(label, 28)))
		fmt.Fprintf(&b, `<line x1="%d" x2="%.1f" y1="%d" y2="%d" class="guide"/>`, left, x, y, y)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%d" r="5" fill="%s"><title>%s — %s, %d documents</title></circle>`,
			x, y, typeColor[ev.Type], esc(label), esc(detail), ev.Docs)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// dayNumber reads a date of the form 2017, 2017-11 or 2017-11-07 as a
// count of days (months and years start on their first day).
func dayNumber(s string) int {
	var y, m, d int
	n, _ := fmt.Sscanf(s, "%d-%d-%d", &y, &m, &d)
	if n < 2 {
		m = 1
	}
	if n < 3 {
		d = 1
	}
	return y*372 + (m-1)*31 + (d - 1)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// network draws the co-occurrence graph: nodes placed by a force-directed
// layout (deterministic: it starts from a circle), edges as wide as the
// documents they share.
func network(n Network) template.HTML {
	if len(n.Nodes) == 0 || len(n.Edges) == 0 {
		return `<p class="empty">No two of the most mentioned people, organizations and dialogues share a document.</p>`
	}
	used := map[int]bool{}
	for _, e := range n.Edges {
		used[e.A], used[e.B] = true, true
	}
	// Only nodes with an edge are drawn, and laid out.
	var ids []int
	at := map[int]int{}
	for i := range n.Nodes {
		if used[i] {
			at[i] = len(ids)
			ids = append(ids, i)
		}
	}
	local := make([]Edge, len(n.Edges))
	for i, e := range n.Edges {
		local[i] = Edge{A: at[e.A], B: at[e.B], Docs: e.Docs}
	}
	placed := layout(len(ids), local)
	pos := make([][2]float64, len(n.Nodes))
	for i, id := range ids {
		pos[id] = placed[i]
	}
	const w, h = 760, 520
	var peak int64 = 1
	for _, e := range n.Edges {
		peak = max(peak, e.Docs)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="who appears with whom">`, w, h)
	px := func(i int) (float64, float64) { return 60 + pos[i][0]*(w-120), 30 + pos[i][1]*(h-60) }
	for _, e := range n.Edges {
		x1, y1 := px(e.A)
		x2, y2 := px(e.B)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="edge" stroke-width="%.1f"><title>%s — %s: %d documents</title></line>`,
			x1, y1, x2, y2, 0.8+4*float64(e.Docs)/float64(peak), esc(n.Nodes[e.A].Normalized), esc(n.Nodes[e.B].Normalized), e.Docs)
	}
	for i, nm := range n.Nodes {
		if !used[i] {
			continue
		}
		x, y := px(i)
		r := 4 + 8*math.Sqrt(float64(nm.Docs))/math.Sqrt(float64(maxDocs(n.Nodes)))
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"><title>%s (%s): %d documents</title></circle><text x="%.1f" y="%.1f" class="label">%s</text>`,
			x, y, r, typeColor[nm.Type], esc(nm.Normalized), nm.Type, nm.Docs, x+r+2, y+4, esc(clip(nm.Normalized, 16)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func maxDocs(ns []*Name) int64 {
	var m int64 = 1
	for _, n := range ns {
		m = max(m, n.Docs)
	}
	return m
}

// layout places nodes in the unit square by a Fruchterman–Reingold
// force-directed layout started from a circle.
func layout(n int, edges []Edge) [][2]float64 {
	pos := make([][2]float64, n)
	for i := range pos {
		a := 2 * math.Pi * float64(i) / float64(n)
		pos[i] = [2]float64{0.5 + 0.4*math.Cos(a), 0.5 + 0.4*math.Sin(a)}
	}
	k := 0.6 * math.Sqrt(1/float64(n))
	temp := 0.1
	for range 300 {
		disp := make([][2]float64, n)
		for i := range n {
			for j := i + 1; j < n; j++ {
				dx, dy := pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]
				d := math.Max(math.Hypot(dx, dy), 0.01)
				f := k * k / d
				disp[i][0] += dx / d * f
				disp[i][1] += dy / d * f
				disp[j][0] -= dx / d * f
				disp[j][1] -= dy / d * f
			}
		}
		for _, e := range edges {
			dx, dy := pos[e.A][0]-pos[e.B][0], pos[e.A][1]-pos[e.B][1]
			d := math.Max(math.Hypot(dx, dy), 0.01)
			f := d * d / k
			disp[e.A][0] -= dx / d * f
			disp[e.A][1] -= dy / d * f
			disp[e.B][0] += dx / d * f
			disp[e.B][1] += dy / d * f
		}
		for i := range n {
			d := math.Max(math.Hypot(disp[i][0], disp[i][1]), 1e-9)
			step := math.Min(d, temp)
			// A pull to the centre keeps loose parts from the edges.
			pos[i][0] = math.Min(1, math.Max(0, pos[i][0]+disp[i][0]/d*step+0.01*(0.5-pos[i][0])))
			pos[i][1] = math.Min(1, math.Max(0, pos[i][1]+disp[i][1]/d*step+0.01*(0.5-pos[i][1])))
		}
		temp *= 0.985
	}
	return pos
}
