package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entopic/entopic/job"
)

var (
	loadMu sync.Mutex
	loaded *job.Resources
)

// load loads the default resources once for all tests; other options load
// afresh.
func load(opts job.ResourceOptions) (*job.Resources, error) {
	if opts.Taxonomy != "" || len(opts.NERModels) > 0 || len(opts.Gazetteers) > 0 {
		return job.LoadResources(opts)
	}
	loadMu.Lock()
	defer loadMu.Unlock()
	if loaded == nil {
		r, err := job.LoadResources(opts)
		if err != nil {
			return nil, err
		}
		loaded = r
	}
	return loaded, nil
}

func TestExitCodes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	full := filepath.Join(t.TempDir(), "full")
	os.MkdirAll(full, 0o755)
	os.WriteFile(filepath.Join(full, "x"), nil, 0o644)
	badTax := filepath.Join(t.TempDir(), "tax.yaml")
	os.WriteFile(badTax, []byte("topics:\n  - id: x\n    label_zh: 甲\n"), 0o644)
	badGaz := filepath.Join(t.TempDir(), "gaz.tsv")
	os.WriteFile(badGaz, []byte("ORG\t华为\n"), 0o644)

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
		stdout string
	}{
		{"no command", nil, 2, "", "Commands:"},
		{"help", []string{"help"}, 0, "", "run "},
		{"unknown command", []string{"frobnicate"}, 2, "unknown command", ""},
		{"run help", []string{"run", "--help"}, 0, "", "--overwrite"},
		{"missing -o", []string{"run", "../../testdata/articles"}, 2, "missing -o", ""},
		{"missing input", []string{"run", "-o", out}, 2, "missing INPUT", ""},
		{"bad flag", []string{"run", "--frob", "x", "-o", out}, 2, "unknown flag", ""},
		{"no such input", []string{"run", "nowhere.txt", "-o", out}, 2, "nowhere.txt", ""},
		{"bad log format", []string{"run", "x", "-o", out, "--log-format", "xml"}, 2, "text or json", ""},
		{"output not empty", []string{"run", "../../testdata/articles", "-o", full}, 2, "not empty", ""},
		{"bad taxonomy", []string{"run", "../../testdata/articles", "-o", out, "--taxonomy", badTax}, 2, "label_en", ""},
		{"bad gazetteer", []string{"run", "../../testdata/articles", "-o", out, "--gazetteer", badGaz}, 2, "line 1", ""},
		{"run", []string{"run", "../../testdata/articles", "-o", out}, 0, "1 documents, 0 errors", ""},
		{"flags after inputs", []string{"run", "../../testdata/articles", "-o", out, "--overwrite", "--workers", "1", "--tokens"}, 0, "1 documents", ""},
		{"version", []string{"version"}, 0, "", "entopic "},
		{"version verbose", []string{"version", "--verbose"}, 0, "", "entity model (models/data/ner-zh.model)"},
		{"topics without a run", []string{"topics", full}, 2, "no finished run", ""},
		{"topics without a directory", []string{"topics"}, 2, "want one OUTDIR", ""},
		{"topics on the run", []string{"topics", out, "--k", "2"}, 0, "2 topics over 1 documents", "topic  0"},
		{"topics refuses to replace", []string{"topics", out, "--k", "2"}, 2, "--overwrite", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := dispatch(tt.args, &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, load: load})
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) || !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q\nstderr %q\nwant %q and %q", stdout.String(), stderr.String(), tt.stdout, tt.stderr)
			}
		})
	}
}

func TestFormatProgress(t *testing.T) {
	got := formatProgress(jobProgress(500, 2, 5e6, 10e6, 10))
	for _, want := range []string{"500 docs", "(2 errors)", "50.0 docs/s", "0.50 MB/s", "50%", "ETA 10s"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if got := formatProgress(jobProgress(5, 0, 100, -1, 1)); strings.Contains(got, "ETA") || strings.Contains(got, "%") {
		t.Errorf("progress with unknown size shows an estimate: %q", got)
	}
}

func jobProgress(docs, errs int64, read, total int64, secs float64) job.Progress {
	return job.Progress{Documents: docs, Errors: errs, BytesRead: read, TotalBytes: total,
		Elapsed: time.Duration(secs * float64(time.Second))}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"20MB": 20e6, "500kb": 500e3, "1.5GB": 1.5e9, "1048576": 1048576, " 2 MB ": 2e6, "16MiB": 16 << 20} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "twenty"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) accepted", in)
		}
	}
}
