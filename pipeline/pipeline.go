// Package pipeline moves items through a chain of named stages, each run by
// its own pool of workers, and hands the results to a sink in input order.
//
// In: an iterator of items (the source) and a list of stages. Out: every item,
// exactly once and in the order the source yielded it, as a Result that says
// whether it went through every stage or which stage failed it and why.
//
// Guarantees:
//   - Order: the sink sees items in source order, whatever the worker counts
//     and however long each item takes. A bounded reorder buffer holds items
//     that finish early.
//   - Bounded memory: at most Config.InFlight items exist between the moment
//     the source is asked for one and the moment the sink has returned from
//     it. A slow stage therefore holds back the source instead of letting
//     items pile up in memory.
//   - Failure is per item: when a stage returns an error or panics, that item
//     skips the remaining stages and reaches the sink with the stage's name
//     and the error; the run goes on. Only a failing sink, a panicking source
//     or a cancelled context stops the run.
//   - Prompt cancellation: when the context is cancelled, every goroutine the
//     run started has returned by the time Run returns.
//
// Cost: each item crosses one channel per stage and takes one map insert in
// the reorder buffer, about two microseconds for three stages
// (BenchmarkOverhead); the engine is meant for items that take far longer
// than that (documents, not words).
//
// The package knows nothing of what the items are: entopic runs it over
// *entopic.Doc, its tests over plain structs.
package pipeline

import (
	"context"
	"fmt"
	"iter"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Stage is one named step of a pipeline.
type Stage[T any] struct {
	// Name identifies the stage in results, errors and statistics.
	Name string
	// Workers is the number of goroutines running Process; less than 1
	// means 1.
	Workers int
	// Process does the stage's work on one item. It must be safe to call
	// from several goroutines at once, each with its own item. A non-nil
	// error sends the item to the sink as failed at this stage.
	Process func(ctx context.Context, item T) error
}

// Config describes a pipeline run.
type Config[T any] struct {
	// Stages are run in order on every item.
	Stages []Stage[T]
	// InFlight bounds the number of items between source and sink. Zero
	// means four per worker of the busiest stage, at least 16.
	InFlight int
	// Size reports an item's size in bytes for the statistics and the
	// byte bound; nil counts zero bytes.
	Size func(item T) int64
	// InFlightBytes bounds the bytes (by Size) of the items between
	// source and sink; zero means no bound but InFlight. An item larger
	// than the bound is let in alone. The source has read an item before
	// it waits for room: the bound holds back the items after it.
	InFlightBytes int64
	// SourceName is the stage name given to items the source yields with an
	// error; "" means "read".
	SourceName string
}

// Result is what the sink receives for each item.
type Result[T any] struct {
	Item T
	// Seq is the item's position in the source, from 0.
	Seq int64
	// Stage names the stage that failed the item; "" when every stage
	// succeeded.
	Stage string
	// Err is why the item failed; nil when it did not.
	Err error
}

// Stats are the counters of a run, one entry per stage, source first.
type Stats struct {
	Stages []StageStats
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
}

// StageStats are the counters of one stage.
type StageStats struct {
	Name    string
	Workers int
	// Items is the number of items the stage processed (items that had
	// failed earlier pass through without being counted).
	Items int64
	// Bytes is the total Size of the items the stage processed.
	Bytes int64
	// Errors is the number of items the stage failed.
	Errors int64
	// Busy is the time spent in Process, summed over workers.
	Busy time.Duration
}

// PanicError is the error recorded for an item whose stage panicked.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// counters are updated by workers while the run goes on.
type counters struct {
	items, bytes, errors, busy atomic.Int64
}

func (c *counters) stats(name string, workers int) StageStats {
	return StageStats{
		Name: name, Workers: workers,
		Items: c.items.Load(), Bytes: c.bytes.Load(), Errors: c.errors.Load(),
		Busy: time.Duration(c.busy.Load()),
	}
}

// envelope carries an item and its bookkeeping between stages.
type envelope[T any] struct {
	seq    int64
	item   T
	stage  string
	err    error
	weight int64 // bytes taken from the budget
}

// budget bounds the bytes in flight: a weighted semaphore that lets in an
// item larger than its capacity when nothing else is in flight. A nil
// budget bounds nothing.
type budget struct {
	limit int64
	mu    sync.Mutex
	used  int64
	freed chan struct{} // closed, and replaced, whenever bytes are released
}

func newBudget(limit int64) *budget {
	if limit <= 0 {
		return nil
	}
	return &budget{limit: limit, freed: make(chan struct{})}
}

// acquire takes n bytes, waiting for room; it returns false when ctx ends
// first.
func (b *budget) acquire(ctx context.Context, n int64) bool {
	if b == nil {
		return true
	}
	n = min(n, b.limit)
	for {
		b.mu.Lock()
		if b.used == 0 || b.used+n <= b.limit {
			b.used += n
			b.mu.Unlock()
			return true
		}
		freed := b.freed
		b.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return false
		}
	}
}

func (b *budget) release(n int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.used -= min(n, b.limit)
	close(b.freed)
	b.freed = make(chan struct{})
	b.mu.Unlock()
}

// Run pulls items from src, runs them through cfg.Stages, and calls sink once
// per item in source order, always from the goroutine that called Run.
//
// Run returns when the source is exhausted and every item has reached the
// sink, or earlier with an error when ctx is cancelled, sink returns an error,
// or the source panics. The Stats are valid in every case. Once ctx ends no
// further item reaches the sink, so a stage's ctx.Err() never arrives there
// as an item's failure.
//
// The source yields (item, nil) for an item to process, or (item, err) for an
// item it could not read, which goes straight to the sink as failed at
// cfg.SourceName. The source must stop when yield returns false.
func Run[T any](ctx context.Context, cfg Config[T], src iter.Seq2[T, error], sink func(Result[T]) error) (Stats, error) {
	start := time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	sourceName := cfg.SourceName
	if sourceName == "" {
		sourceName = "read"
	}
	inFlight := cfg.InFlight
	if inFlight <= 0 {
		inFlight = 16
		for _, s := range cfg.Stages {
			inFlight = max(inFlight, 4*workers(s))
		}
	}
	size := cfg.Size
	if size == nil {
		size = func(T) int64 { return 0 }
	}

	// tokens is the in-flight semaphore: taken before the source is asked
	// for an item, given back after the sink has returned from it.
	tokens := make(chan struct{}, inFlight)
	space := newBudget(cfg.InFlightBytes)
	var wg sync.WaitGroup

	srcCounters := new(counters)
	first := make(chan envelope[T], 1)
	wg.Go(func() {
		defer close(first)
		if err := pull(ctx, src, tokens, space, first, sourceName, size, srcCounters); err != nil {
			cancel(err)
		}
	})
	out := first

	stageCounters := make([]*counters, len(cfg.Stages))
	for i, s := range cfg.Stages {
		stageCounters[i] = new(counters)
		out = startStage(ctx, &wg, s, out, size, stageCounters[i])
	}

	runErr := deliver(ctx, out, tokens, space, sink)
	if runErr != nil {
		cancel(runErr)
	}
	wg.Wait()
	if runErr == nil {
		runErr = context.Cause(ctx)
		if runErr == nil {
			runErr = ctx.Err()
		}
	}

	stats := Stats{Elapsed: time.Since(start)}
	stats.Stages = append(stats.Stages, srcCounters.stats(sourceName, 1))
	for i, s := range cfg.Stages {
		stats.Stages = append(stats.Stages, stageCounters[i].stats(s.Name, workers(s)))
	}
	return stats, runErr
}

func workers[T any](s Stage[T]) int { return max(1, s.Workers) }

// pull feeds the first stage from the source, taking a token before each
// item so that at most cap(tokens) items are in flight.
func pull[T any](ctx context.Context, src iter.Seq2[T, error], tokens chan struct{}, space *budget, out chan<- envelope[T],
	sourceName string, size func(T) int64, c *counters) (err error) {
	next, stop := iter.Pull2(src)
	defer stop()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("source: %w", &PanicError{Value: r, Stack: debug.Stack()})
		}
	}()
	for seq := int64(0); ; seq++ {
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		item, readErr, ok := next()
		if !ok {
			return nil
		}
		n := size(item)
		e := envelope[T]{seq: seq, item: item, weight: n}
		c.items.Add(1)
		c.bytes.Add(n)
		if !space.acquire(ctx, n) {
			return nil
		}
		if readErr != nil {
			e.stage, e.err = sourceName, readErr
			c.errors.Add(1)
		}
		select {
		case out <- e:
		case <-ctx.Done():
			return nil
		}
	}
}

// startStage starts the workers of one stage and returns the channel they
// send to; it is closed when every worker has returned.
func startStage[T any](ctx context.Context, wg *sync.WaitGroup, s Stage[T], in <-chan envelope[T],
	size func(T) int64, c *counters) chan envelope[T] {
	n := workers(s)
	out := make(chan envelope[T], n)
	var stageWG sync.WaitGroup
	for range n {
		stageWG.Go(func() {
			for {
				var e envelope[T]
				var ok bool
				select {
				case e, ok = <-in:
				case <-ctx.Done():
					return
				}
				if !ok {
					return
				}
				if e.err == nil {
					e.err = process(ctx, s, e.item, size, c)
					if e.err != nil {
						e.stage = s.Name
						c.errors.Add(1)
					}
				}
				select {
				case out <- e:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	wg.Go(func() {
		stageWG.Wait()
		close(out)
	})
	return out
}

// process runs one item through one stage, turning a panic into an error.
func process[T any](ctx context.Context, s Stage[T], item T, size func(T) int64, c *counters) (err error) {
	c.items.Add(1)
	c.bytes.Add(size(item))
	begin := time.Now()
	defer func() {
		c.busy.Add(int64(time.Since(begin)))
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return s.Process(ctx, item)
}

// deliver reorders finished items and hands them to the sink in source
// order, until ctx ends.
func deliver[T any](ctx context.Context, in <-chan envelope[T], tokens <-chan struct{}, space *budget, sink func(Result[T]) error) error {
	pending := make(map[int64]envelope[T])
	var next int64
	for {
		var e envelope[T]
		var ok bool
		select {
		case e, ok = <-in:
		case <-ctx.Done():
			return nil
		}
		if !ok {
			return nil
		}
		pending[e.seq] = e
		for {
			p, found := pending[next]
			if !found {
				break
			}
			// Nothing reaches the sink once ctx ends: an item may carry
			// the error of a stage that gave up on it because of the
			// cancellation, which is no failure of the item, and the
			// sink would record it as one (a resumed run would then
			// never process it again).
			if ctx.Err() != nil {
				return nil
			}
			delete(pending, next)
			next++
			err := sink(Result[T]{Item: p.item, Seq: p.seq, Stage: p.stage, Err: p.err})
			space.release(p.weight)
			<-tokens
			if err != nil {
				return fmt.Errorf("sink: %w", err)
			}
		}
	}
}
