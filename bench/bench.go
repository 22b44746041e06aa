// Package bench measures what entopic's work costs on a corpus, in one
// process and on the same texts: the floor of raw gse segmentation (Cut
// with HMM, the least any Chinese pipeline does), each stage of the job
// alone, and the whole job writing its Parquet tables.
//
// In: JSON lines corpora (entopic's input format) and the loaded
// Resources. Out: a Report with, for each of those, the input bytes and
// documents, wall and CPU seconds, allocations and peak resident memory,
// and the ratio of the floor's CPU time to the whole job's.
//
// The corpora are repeated, with fresh ids, until they reach the size
// asked for, and written once to a temporary file that every measure
// reads, so that all of them see the same bytes. CPU time is the
// process's (getrusage), so the garbage collector's work counts where it
// is caused; peak memory is measured per measure on Linux (the kernel's
// high-water mark is reset before each) and left out elsewhere.
package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/read"
)

// Options describe a benchmark.
type Options struct {
	// Inputs are JSON lines corpora.
	Inputs []string
	// Size is how many bytes of input to measure: the inputs are repeated
	// until they reach it. Zero means the inputs once.
	Size int64
	// Workers is the number of workers per stage of the whole job; less
	// than 1 means 1.
	Workers int
	// TempDir holds the corpus and the job's output while the benchmark
	// runs; "" means the system's.
	TempDir string
	// Stages measures each stage alone, besides the floor and the job.
	Stages bool
}

// Figure is what one measure cost.
type Figure struct {
	Name         string        `json:"name"`
	Bytes        int64         `json:"bytes"`
	Docs         int           `json:"docs"`
	Wall         time.Duration `json:"wall_ns"`
	CPU          time.Duration `json:"cpu_ns"`
	AllocBytes   uint64        `json:"alloc_bytes"`
	AllocObjects uint64        `json:"alloc_objects"`
	// PeakRSS is the highest resident memory of the process while the
	// measure ran, in bytes; 0 when the system does not tell.
	PeakRSS int64 `json:"peak_rss_bytes"`
}

// MBPerSecond is the input throughput against wall time.
func (f Figure) MBPerSecond() float64 { return float64(f.Bytes) / 1e6 / max(f.Wall.Seconds(), 1e-9) }

// DocsPerSecond is the document throughput against wall time.
func (f Figure) DocsPerSecond() float64 { return float64(f.Docs) / max(f.Wall.Seconds(), 1e-9) }

// Report is the result of a benchmark.
type Report struct {
	Corpus     string   `json:"corpus"`
	Bytes      int64    `json:"bytes"`
	Docs       int      `json:"docs"`
	Workers    int      `json:"workers"`
	GOMAXPROCS int      `json:"gomaxprocs"`
	Floor      Figure   `json:"floor"`
	Stages     []Figure `json:"stages,omitempty"`
	Pipeline   Figure   `json:"pipeline"`
	// Ratio is the floor's CPU time over the job's: 1 would be a job that
	// costs no more than segmenting the text once.
	Ratio float64 `json:"ratio"`
}

// Run measures the floor, each stage alone (with Options.Stages) and the
// whole job over the corpus the options describe.
func Run(ctx context.Context, res *job.Resources, opts Options) (*Report, error) {
	dir, err := os.MkdirTemp(opts.TempDir, "entopic-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	corpus := filepath.Join(dir, "corpus.jsonl")
	texts, bytes, err := buildCorpus(opts.Inputs, opts.Size, corpus)
	if err != nil {
		return nil, err
	}
	workers := max(opts.Workers, 1)
	r := &Report{Corpus: corpus, Bytes: bytes, Docs: len(texts), Workers: workers, GOMAXPROCS: runtime.GOMAXPROCS(0)}

	seg := res.Segmenter.Chinese()
	r.Floor = measure("gse Cut (floor)", func(f *Figure) error {
		for _, t := range texts {
			if err := ctx.Err(); err != nil {
				return err
			}
			seg.Cut(t, true)
			f.Bytes += int64(len(t))
			f.Docs++
		}
		return nil
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if opts.Stages {
		if r.Stages, err = stagesAlone(ctx, res, corpus); err != nil {
			return nil, err
		}
	}
	var runErr error
	r.Pipeline = measure(fmt.Sprintf("entopic run (%d workers)", workers), func(f *Figure) error {
		m, err := job.Run(ctx, job.Config{Inputs: []string{corpus}, Out: filepath.Join(dir, "out"), Workers: workers}, res)
		if err != nil {
			runErr = err
			return err
		}
		f.Bytes, f.Docs = bytes, int(m.Counts.Documents+m.Counts.Errors)
		return nil
	})
	if runErr != nil {
		return nil, runErr
	}
	if r.Pipeline.CPU > 0 {
		r.Ratio = r.Floor.CPU.Seconds() / r.Pipeline.CPU.Seconds()
	}
	return r, nil
}

// stagesAlone reads the corpus as the job does and runs each document
// through the job's stages one after the other in this goroutine,
// timing each stage.
func stagesAlone(ctx context.Context, res *job.Resources, corpus string) ([]Figure, error) {
	reader, err := read.New([]string{corpus}, read.Options{})
	if err != nil {
		return nil, err
	}
	stages := res.Stages(1)
	figs := make([]Figure, len(stages))
	for i, s := range stages {
		figs[i].Name = s.Name
	}
	resetPeak()
	samples := allocSamples()
	for d, err := range reader.Docs(ctx) {
		if err != nil {
			continue // an unreadable record: the job makes it an error row
		}
		size := int64(len(d.Raw))
		for i, s := range stages {
			before, cpu0, t0 := readAllocs(samples), cpuTime(), time.Now()
			err := s.Process(ctx, d)
			after, cpu1, t1 := readAllocs(samples), cpuTime(), time.Now()
			f := &figs[i]
			f.Wall += t1.Sub(t0)
			f.CPU += cpu1 - cpu0
			f.AllocBytes += after[0] - before[0]
			f.AllocObjects += after[1] - before[1]
			f.Bytes += size
			f.Docs++
			if err != nil {
				break
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	peak := PeakRSS()
	for i := range figs {
		figs[i].PeakRSS = peak // of all the stages together: they share the documents
	}
	return figs, nil
}

// measure runs work and fills its figure with what it cost.
func measure(name string, work func(f *Figure) error) Figure {
	f := Figure{Name: name}
	runtime.GC()
	resetPeak()
	samples := allocSamples()
	before, cpu0, t0 := readAllocs(samples), cpuTime(), time.Now()
	if err := work(&f); err != nil {
		return f
	}
	after, cpu1, t1 := readAllocs(samples), cpuTime(), time.Now()
	f.Wall, f.CPU = t1.Sub(t0), cpu1-cpu0
	f.AllocBytes, f.AllocObjects = after[0]-before[0], after[1]-before[1]
	f.PeakRSS = PeakRSS()
	return f
}

// buildCorpus writes the JSON lines of inputs to path, repeated with
// fresh ids until size bytes, and returns the texts the floor segments
// (each record's text, or its html) and the bytes written.
func buildCorpus(inputs []string, size int64, path string) ([]string, int64, error) {
	if len(inputs) == 0 {
		return nil, 0, errors.New("no input corpus")
	}
	out, err := os.Create(path)
	if err != nil {
		return nil, 0, err
	}
	w := bufio.NewWriter(out)
	var texts []string
	var written int64
	for round := 0; round == 0 || written < size; round++ {
		before := written
		for _, in := range inputs {
			if err := appendRound(in, round, w, &texts, size, &written); err != nil {
				out.Close()
				return nil, 0, fmt.Errorf("%s: %w", in, err)
			}
			if size > 0 && written >= size {
				break
			}
		}
		if written == before {
			out.Close()
			return nil, 0, errors.New("the input corpora hold no records")
		}
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return nil, 0, err
	}
	return texts, written, out.Close()
}

// appendRound copies one input's records to w with ids made fresh for the
// round, stopping once written reaches size (when size > 0).
func appendRound(path string, round int, w io.Writer, texts *[]string, size int64, written *int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		id, _ := rec["id"].(string)
		if id == "" {
			id = strconv.Itoa(line)
		}
		rec["id"] = id + "-r" + strconv.Itoa(round)
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
		*written += int64(len(b))
		text, _ := rec["text"].(string)
		if text == "" {
			text, _ = rec["html"].(string)
		}
		*texts = append(*texts, text)
		if size > 0 && *written >= size {
			break
		}
	}
	return sc.Err()
}

// cpuTime is the CPU time the process has used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// allocSamples are the runtime metrics of allocation, bytes and objects.
func allocSamples() []metrics.Sample {
	return []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/allocs:objects"}}
}

func readAllocs(s []metrics.Sample) [2]uint64 {
	metrics.Read(s)
	var out [2]uint64
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			out[i] = s[i].Value.Uint64()
		}
	}
	return out
}

// resetPeak resets the kernel's high-water mark of the process's resident
// memory (Linux: /proc/self/clear_refs), so that PeakRSS reports the peak
// from now on.
func resetPeak() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// PeakRSS returns the process's peak resident memory in bytes since the
// last resetPeak (VmHWM of /proc/self/status), or 0 when unknown.
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v)
			if len(f) >= 1 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}
