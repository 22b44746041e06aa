// Package meta finds a document's metadata: title, publication time,
// authors, editor, outlet, original source and the page's own keywords.
//
// In: Doc.Text (clean) and Doc.Hint (fields of structured input). Out: the
// metadata fields of the Doc.
package meta

import (
	"strings"
	"time"

	"github.com/entopic/entopic"
)

// Process fills the metadata of d from its hints.
func Process(d *entopic.Doc) error {
	if d.Title == "" {
		d.Title = strings.TrimSpace(d.Hint.Title)
	}
	if d.Outlet == "" {
		d.Outlet = strings.TrimSpace(d.Hint.Source)
	}
	if d.PublishedText == "" && d.Hint.Published != "" {
		d.PublishedText = strings.TrimSpace(d.Hint.Published)
		if t, ok := ParseTime(d.PublishedText, nil); ok {
			d.Published = t
		}
	}
	return nil
}

// ParseTime reads a publication time written in one of the usual forms
// (RFC 3339, "2006-01-02 15:04:05", "2006-01-02", "2006/01/02 15:04",
// "2006年1月2日 15:04" …). A time written without a zone is taken in loc
// (nil means UTC). The result is in UTC.
func ParseTime(s string, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	s = strings.NewReplacer("年", "-", "月", "-", "日", " ", "/", "-", "T", " ").Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	if t, err := time.Parse(time.RFC3339, strings.Replace(s, " ", "T", 1)); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{
		"2006-1-2 15:04:05", "2006-1-2 15:04", "2006-1-2", "2006-1-2 15:04:05Z07:00", "2006-1-2 15:04:05 -0700",
		"2006-1-2 15:04:05 MST", "2006-1",
	} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
