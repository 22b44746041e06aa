package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entopic/entopic/bench"
	"github.com/entopic/entopic/job"
)

const benchAbout = `Measures what entopic's work costs, in one process and on the same texts: raw gse
segmentation (Cut with HMM, the floor any Chinese pipeline starts from), each stage of the
job alone, and the whole job writing its Parquet tables. For each it prints MB/s of input,
documents/s, CPU seconds, allocations per document and peak resident memory, then the ratio
of the floor's CPU time to the job's. The INPUTs (JSON lines; default the benchmark corpora
of ../shared/data/bench/) are repeated with fresh ids until --size.

Run it on one core to compare CPU cost without the help of parallelism:
  GOMAXPROCS=1 entopic bench --size 21MB ../shared/data/bench/zh-news.jsonl`

func benchCmd(args []string, e *env) (err error) {
	fs := newFlags(e, "bench", "bench [flags] [INPUT...]", benchAbout)
	sizeFlag := fs.String("size", "20MB", "bytes of input to measure (the inputs repeated): 500KB, 20MB, 1GB")
	workers := fs.Int("workers", 1, "workers per stage of the whole job")
	stages := fs.Bool("stages", true, "also measure each stage alone")
	asJSON := fs.Bool("json", false, "print the report as JSON on stdout")
	var prof profiles
	prof.flags(fs)
	var mem memoryLimit
	mem.flags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	size, err := parseSize(*sizeFlag)
	if err != nil {
		return usageError{err}
	}
	inputs := fs.Args()
	if len(inputs) == 0 {
		inputs, _ = filepath.Glob(filepath.Join("..", "shared", "data", "bench", "*.jsonl"))
		if len(inputs) == 0 {
			return usagef("no INPUT given and no corpus in ../shared/data/bench/")
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	restoreLimit, err := mem.apply()
	if err != nil {
		return err
	}
	defer restoreLimit()
	if err := prof.start(); err != nil {
		return err
	}
	defer func() {
		if perr := prof.stop(); perr != nil && err == nil {
			err = perr
		}
	}()
	t0 := time.Now()
	res, err := e.load(job.ResourceOptions{})
	if err != nil {
		return err
	}
	load := time.Since(t0)
	r, err := bench.Run(ctx, res, bench.Options{Inputs: inputs, Size: size, Workers: *workers, Stages: *stages})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(e.stdout, "input: %s of %s, %d documents (%.1f MB); GOMAXPROCS=%d; models loaded in %.2fs\n\n",
		strings.Join(inputs, ", "), "JSON lines", r.Docs, float64(r.Bytes)/1e6, r.GOMAXPROCS, load.Seconds())
	fmt.Fprintf(e.stdout, "%-26s %8s %9s %8s %8s %11s %10s %9s\n", "", "MB/s", "docs/s", "wall s", "CPU s", "allocs/doc", "KB/doc", "peak MB")
	row := func(f bench.Figure) {
		docs := max(f.Docs, 1)
		fmt.Fprintf(e.stdout, "%-26s %8.2f %9.1f %8.2f %8.2f %11.0f %10.1f %9.0f\n", f.Name, f.MBPerSecond(), f.DocsPerSecond(),
			f.Wall.Seconds(), f.CPU.Seconds(), float64(f.AllocObjects)/float64(docs), float64(f.AllocBytes)/1024/float64(docs),
			float64(f.PeakRSS)/1e6)
	}
	row(r.Floor)
	for _, s := range r.Stages {
		s.Name = "  " + s.Name
		row(s)
	}
	row(r.Pipeline)
	fmt.Fprintf(e.stdout, "\nratio of the floor's CPU time to the whole job's: %.2f\n", r.Ratio)
	return nil
}

// parseSize reads a size such as 20MB, 500KB, 1GB, 16MiB or 1048576.
func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, suf := range []struct {
		s string
		m int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(u, suf.s) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, suf.s)), suf.m
			break
		}
	}
	v, err := strconv.ParseFloat(u, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("size %q: want a number of bytes, KB, MB, GB, KiB, MiB or GiB", s)
	}
	return int64(v * float64(mult)), nil
}
