package meta

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Shanghai and other zones on machines without a zone database
)

// dateMatch is a date (and perhaps a time) found in a line.
type dateMatch struct {
	start, end int    // byte offsets in the line
	text       string // as written
	year       int
	month      time.Month
	day        int
	hour, min  int
	sec        int
	hasTime    bool
	zone       *time.Location // nil when the text gives no zone

	// A date written without its year has year 0 and its month and day;
	// one relative to the day has year 0, month 0 and how long before
	// the day it was seen (ago, in days or as a duration).
	agoDays int
	ago     time.Duration
}

var (
	numericDate = regexp.MustCompile(`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(?:星期|周)[一二三四五六日天])?`)
	monthDate   = regexp.MustCompile(`(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	dayMonth    = regexp.MustCompile(`(?i)(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})`)
	clock       = regexp.MustCompile(`(?i)^[\sT,]*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([ap]\.?m\.?)?\s*(z\b|[+-]\d{2}:?\d{2}\b|(?:utc|gmt)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?\b|[a-z]{2,5}\b)?`)
	clockBefore = regexp.MustCompile(`(?i)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*([a-z]{2,5})?\s*,?\s*$`)
)

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April, "may": time.May,
	"jun": time.June, "jul": time.July, "aug": time.August, "sep": time.September, "sept": time.September,
	"oct": time.October, "nov": time.November, "dec": time.December,
}

// zoneAbbrev are time zone abbreviations of news sites; CST is resolved by
// the page's region (China Standard Time on Chinese pages).
var zoneAbbrev = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
	"IST": 5*60 + 30, "SGT": 8 * 60, "HKT": 8 * 60, "JST": 9 * 60, "KST": 9 * 60, "AEST": 10 * 60,
	"AEDT": 11 * 60, "EST": -5 * 60, "EDT": -4 * 60, "CDT": -5 * 60, "MST": -7 * 60, "MDT": -6 * 60,
	"PST": -8 * 60, "PDT": -7 * 60, "ET": -5 * 60, "PT": -8 * 60,
}

// findDates returns the dates written in s, in order. chinese says how to
// read the ambiguous zone CST.
func findDates(s string, chinese bool) []dateMatch {
	var out []dateMatch
	add := func(start, end, y int, mo time.Month, d int) {
		if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
			return
		}
		for _, o := range out {
			if start < o.end && end > o.start {
				return
			}
		}
		m := dateMatch{start: start, end: end, year: y, month: mo, day: d}
		m.attachTime(s, chinese)
		m.text = strings.TrimSpace(s[m.start:m.end])
		out = append(out, m)
	}
	for _, g := range numericDate.FindAllStringSubmatchIndex(s, -1) {
		add(g[0], g[1], atoi(s[g[2]:g[3]]), time.Month(atoi(s[g[4]:g[5]])), atoi(s[g[6]:g[7]]))
	}
	for _, g := range monthDate.FindAllStringSubmatchIndex(s, -1) {
		add(g[0], g[1], atoi(s[g[6]:g[7]]), months[strings.ToLower(s[g[2]:g[3]])], atoi(s[g[4]:g[5]]))
	}
	for _, g := range dayMonth.FindAllStringSubmatchIndex(s, -1) {
		add(g[0], g[1], atoi(s[g[6]:g[7]]), months[strings.ToLower(s[g[4]:g[5]])], atoi(s[g[2]:g[3]]))
	}
	// Order by position.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// attachTime extends a date over the clock time written right after it
// (2017-11-07 17:29:11, 2023-06-20T09:15:00+02:00) or right before it
// (3:45 PM EST, Tue March 14, 2023).
func (m *dateMatch) attachTime(s string, chinese bool) {
	if g := clock.FindStringSubmatchIndex(s[m.end:]); g != nil {
		if m.setClock(s[m.end:], g, chinese) {
			m.end += g[1]
			return
		}
	}
	if g := clockBefore.FindStringSubmatchIndex(s[:m.start]); g != nil {
		if m.setClock(s[:m.start], g, chinese) {
			m.start = g[0]
		}
	}
}

// setClock reads hour, minute, second, am/pm and zone from a clock match;
// it returns false when they make no time.
func (m *dateMatch) setClock(s string, g []int, chinese bool) bool {
	group := func(i int) string {
		if g[2*i] < 0 {
			return ""
		}
		return s[g[2*i]:g[2*i+1]]
	}
	h, mi, sec := atoi(group(1)), atoi(group(2)), atoi(group(3))
	switch ampm := strings.ToLower(strings.ReplaceAll(group(4), ".", "")); {
	case ampm == "pm" && h < 12:
		h += 12
	case ampm == "am" && h == 12:
		h = 0
	}
	if h > 23 || mi > 59 || sec > 60 {
		return false
	}
	m.hour, m.min, m.sec, m.hasTime = h, mi, sec, true
	if z := group(5); z != "" {
		m.zone = parseZone(z, chinese)
		if m.zone == nil && g[2*5] >= 0 {
			// A word after the time that is no zone: leave it out.
			g[1] = g[2*5]
		}
	}
	return true
}

// parseZone reads a zone written as Z, +08:00, +0800, GMT+8 or an
// abbreviation.
func parseZone(z string, chinese bool) *time.Location {
	u := strings.ToUpper(strings.TrimSpace(z))
	if u == "CST" {
		if chinese {
			return time.FixedZone("CST", 8*3600)
		}
		return time.FixedZone("CST", -6*3600)
	}
	if off, ok := zoneAbbrev[u]; ok {
		return time.FixedZone(u, off*60)
	}
	for _, p := range []string{"UTC", "GMT"} {
		if strings.HasPrefix(u, p) && len(u) > len(p) {
			u = u[len(p):]
		}
	}
	if len(u) >= 2 && (u[0] == '+' || u[0] == '-') {
		digits := strings.ReplaceAll(u[1:], ":", "")
		var h, mi int
		switch len(digits) {
		case 1, 2:
			h = atoi(digits)
		case 3, 4:
			h, mi = atoi(digits[:len(digits)-2]), atoi(digits[len(digits)-2:])
		default:
			return nil
		}
		off := h*3600 + mi*60
		if u[0] == '-' {
			off = -off
		}
		return time.FixedZone("", off)
	}
	return nil
}

// time returns the moment in UTC, reading a time without zone in loc.
func (m dateMatch) time(loc *time.Location) time.Time {
	if m.zone != nil {
		loc = m.zone
	}
	return time.Date(m.year, m.month, m.day, m.hour, m.min, m.sec, 0, loc).UTC()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// ParseTime reads a publication time written in one of the usual forms
// (RFC 3339, "2006-01-02 15:04:05", "2006年1月2日 15:04", "March 14, 2023
// 3:45 PM EST" …). A time written without a zone is taken in loc (nil means
// UTC). The result is in UTC.
func ParseTime(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s)); err == nil {
		return t.UTC(), true
	}
	ds := findDates(s, loc.String() == "Asia/Shanghai")
	if len(ds) == 0 {
		return time.Time{}, false
	}
	return ds[0].time(loc), true
}

var (
	yearlessDate = regexp.MustCompile(`(?:^|[^\d])((\d{1,2})\s*[-/]\s*(\d{1,2})\s*(\d{1,2}):(\d{2}))`)
	yearlessCN   = regexp.MustCompile(`(?:^|[^\d])((\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2}):(\d{2}))?)`)
	relativeCN   = regexp.MustCompile(`(今天|昨天|前天)(?:\s*(\d{1,2}):(\d{2}))?|(\d+)\s*(分钟|小时|天)前`)
	relativeEN   = regexp.MustCompile(`(?i)\b(?:(\d+)\s+(minute|hour|day)s?\s+ago|(yesterday|today))\b`)
)

// findPartialDates returns the dates of s written without their year
// (09-30 22:46, 09-3022:46, 9月30日 22:46) or relative to the day (昨天
// 12:30, 3小时前, 2 days ago), for resolve to read against a date the page
// gives elsewhere.
func findPartialDates(s string) []dateMatch {
	group := func(g []int, i int) string {
		if g[2*i] < 0 {
			return ""
		}
		return s[g[2*i]:g[2*i+1]]
	}
	for _, re := range []*regexp.Regexp{yearlessDate, yearlessCN} {
		if g := re.FindStringSubmatchIndex(s); g != nil {
			m := dateMatch{start: g[2], end: g[3], text: s[g[2]:g[3]], month: time.Month(atoi(group(g, 2))), day: atoi(group(g, 3))}
			if group(g, 4) != "" {
				m.hour, m.min, m.hasTime = atoi(group(g, 4)), atoi(group(g, 5)), true
			}
			if m.month >= 1 && m.month <= 12 && m.day >= 1 && m.day <= 31 && m.hour <= 23 && m.min <= 59 {
				return []dateMatch{m}
			}
		}
	}
	if g := relativeCN.FindStringSubmatchIndex(s); g != nil {
		m := dateMatch{start: g[0], end: g[1], text: s[g[0]:g[1]]}
		switch w := group(g, 1); {
		case w != "":
			m.agoDays = map[string]int{"今天": 0, "昨天": 1, "前天": 2}[w]
			if group(g, 2) != "" {
				m.hour, m.min, m.hasTime = atoi(group(g, 2)), atoi(group(g, 3)), true
			}
		default:
			n := atoi(group(g, 4))
			switch group(g, 5) {
			case "分钟":
				m.ago = time.Duration(n) * time.Minute
			case "小时":
				m.ago = time.Duration(n) * time.Hour
			default:
				m.agoDays = n
			}
		}
		return []dateMatch{m}
	}
	if g := relativeEN.FindStringSubmatchIndex(s); g != nil {
		m := dateMatch{start: g[0], end: g[1], text: s[g[0]:g[1]]}
		switch strings.ToLower(group(g, 3)) {
		case "yesterday":
			m.agoDays = 1
		case "today":
		default:
			n := atoi(group(g, 1))
			switch strings.ToLower(group(g, 2)) {
			case "minute":
				m.ago = time.Duration(n) * time.Minute
			case "hour":
				m.ago = time.Duration(n) * time.Hour
			default:
				m.agoDays = n
			}
		}
		return []dateMatch{m}
	}
	return nil
}

// resolve reads a date without its year, or relative to the day, against
// anchor, a date the page gives elsewhere, in loc: the year is the
// anchor's, or the one before when that would put the date after the
// anchor; a relative date counts back from the anchor. It reports false
// when there is no anchor.
func (m *dateMatch) resolve(anchor time.Time, loc *time.Location) bool {
	if m.year > 0 {
		return true
	}
	if anchor.IsZero() {
		return false
	}
	a := anchor.In(loc)
	switch {
	case m.month > 0:
		m.year = a.Year()
		if time.Date(m.year, m.month, m.day, m.hour, m.min, 0, 0, loc).After(a.Add(24 * time.Hour)) {
			m.year--
		}
	case m.ago > 0:
		t := a.Add(-m.ago)
		m.year, m.month, m.day, m.hour, m.min, m.sec, m.hasTime = t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, true
	default:
		t := a.AddDate(0, 0, -m.agoDays)
		m.year, m.month, m.day = t.Year(), t.Month(), t.Day()
	}
	return true
}
