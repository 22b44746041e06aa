package main

import (
	"os"
	"runtime/debug"

	"github.com/spf13/pflag"
)

// defaultMaxMemory is the soft memory limit of run and bench. The loaded
// models are about 330 MB of live heap; the garbage collector's default
// pacing lets the heap grow to twice what is live, so a run would sit near
// 1 GB whatever its corpus. Under this limit it collects sooner: a run
// takes about 700 MB, for some 3% more CPU time spent collecting.
const defaultMaxMemory = "640MiB"

// memoryLimit is the --max-memory flag: the soft limit of the Go runtime's
// memory (as GOMEMLIMIT sets it). It is soft: a run whose documents need
// more goes on, the collector working harder (at most half the CPU time).
type memoryLimit struct {
	value string
	flag  *pflag.Flag
	limit int64 // in force, once applied; 0 for none
}

// inFlightBytes is how many bytes of input a run under the limit lets in
// at once: what the limit leaves beside the models (about 384 MiB), at
// about 100 bytes of working memory per byte of Chinese text, and at
// least 1 MiB (a larger record still passes, alone). 0 means no bound.
func (m *memoryLimit) inFlightBytes() int64 {
	if m.limit <= 0 {
		return 0
	}
	return max(1<<20, (m.limit-384<<20)/100)
}

func (m *memoryLimit) flags(fs *pflag.FlagSet) {
	fs.StringVar(&m.value, "max-memory", defaultMaxMemory,
		"soft limit of the memory the run takes, as GOMEMLIMIT sets it (GOMEMLIMIT, when set, is the default); 0 for none")
	m.flag = fs.Lookup("max-memory")
}

// apply sets the limit and returns the function that restores the one
// before. A limit in GOMEMLIMIT wins over the default, not over the flag.
func (m *memoryLimit) apply() (restore func(), err error) {
	if !m.flag.Changed && os.Getenv("GOMEMLIMIT") != "" {
		if l := debug.SetMemoryLimit(-1); l < 1<<62 {
			m.limit = l
		}
		return func() {}, nil
	}
	n, err := parseSize(m.value)
	if err != nil || n < 0 {
		return nil, usagef("--max-memory: %v", err)
	}
	m.limit = n
	if n == 0 {
		n = 1<<63 - 1 // math.MaxInt64: no limit
	}
	before := debug.SetMemoryLimit(n)
	return func() { debug.SetMemoryLimit(before) }, nil
}
