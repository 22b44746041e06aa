package job

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/models"
	"github.com/entopic/entopic/pipeline"
	"github.com/entopic/entopic/stages/read"
	"github.com/entopic/entopic/stages/segment"
)

// Manifest describes a finished run; it is written as OUTDIR/manifest.json.
type Manifest struct {
	Entopic  string        `json:"entopic_version"`
	Command  []string      `json:"command"`
	Started  time.Time     `json:"started"`
	Finished time.Time     `json:"finished"`
	Workers  int           `json:"workers"`
	Models   ModelVersions `json:"models"`
	Inputs   []read.Input  `json:"inputs"`
	Counts   Counts        `json:"counts"`
	// Rows is the number of rows written to each table.
	Rows   map[string]int64 `json:"rows"`
	Stages []StageReport    `json:"stages"`
}

// ModelVersions names the libraries and embedded resources a run used.
type ModelVersions struct {
	GSE       string        `json:"gse"`
	Prose     string        `json:"prose"`
	Resources []models.Info `json:"resources"`
}

// Counts account for every input record: InputsSeen = Documents + Errors.
type Counts struct {
	InputsSeen int64 `json:"inputs_seen"`
	Documents  int64 `json:"documents"`
	Errors     int64 `json:"errors"`
	// SkippedFiles are files in walked directories that are not articles
	// (by extension); they hold no input record.
	SkippedFiles int64 `json:"skipped_files"`
	// SkippedRecords are the records of WARC files that are no HTML page
	// (requests, metadata, images, redirects …): not articles, not errors.
	SkippedRecords int64 `json:"skipped_warc_records"`
}

// StageReport is one stage's share of the run.
type StageReport struct {
	Name        string  `json:"name"`
	Workers     int     `json:"workers"`
	Documents   int64   `json:"documents"`
	Bytes       int64   `json:"bytes"`
	Errors      int64   `json:"errors"`
	BusySeconds float64 `json:"busy_seconds"`
	// DocsPerSecond and MBPerSecond are per second of busy time, summed
	// over workers: the stage's cost, whatever the parallelism.
	DocsPerSecond float64 `json:"docs_per_busy_second"`
	MBPerSecond   float64 `json:"mb_per_busy_second"`
}

func newManifest(cfg Config, res *Resources, workers int, reader *read.Reader, rows map[string]int64,
	stats pipeline.Stats, started time.Time) *Manifest {
	m := &Manifest{
		Entopic: entopic.Version, Command: cfg.Command, Started: started.UTC(), Finished: time.Now().UTC(),
		Workers: workers,
		Models:  ModelVersions{GSE: gse.Version, Prose: "v2.0.0 (" + segment.ProseModel + ")", Resources: res.Files},
		Inputs:  reader.Inputs(), Rows: rows,
	}
	m.Counts.Documents = rows["documents"]
	m.Counts.Errors = rows["errors"]
	if len(stats.Stages) > 0 {
		m.Counts.InputsSeen = stats.Stages[0].Items // counted by the source, independently of the writer
	}
	m.Counts.SkippedFiles = reader.Skipped()
	m.Counts.SkippedRecords = reader.SkippedRecords()
	for _, s := range stats.Stages {
		r := StageReport{Name: s.Name, Workers: s.Workers, Documents: s.Items, Bytes: s.Bytes, Errors: s.Errors,
			BusySeconds: s.Busy.Seconds()}
		if b := s.Busy.Seconds(); b > 0 {
			r.DocsPerSecond = float64(s.Items) / b
			r.MBPerSecond = float64(s.Bytes) / 1e6 / b
		}
		m.Stages = append(m.Stages, r)
	}
	return m
}

// fileInfo describes a resource the user gave in place of an embedded one.
func fileInfo(name string, b []byte) models.Info {
	sum := sha256.Sum256(b)
	return models.Info{Name: name, Bytes: len(b), SHA256: hex.EncodeToString(sum[:])}
}
