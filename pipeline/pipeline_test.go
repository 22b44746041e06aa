package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

type item struct {
	n     int
	trail []string // stages that processed the item, in order
}

// numbers yields n items numbered from 0.
func numbers(n int) iter.Seq2[*item, error] {
	return func(yield func(*item, error) bool) {
		for i := range n {
			if !yield(&item{n: i}, nil) {
				return
			}
		}
	}
}

// jitter returns a stage that sleeps a random short time per item.
func jitter(name string, workers int, seed uint64) Stage[*item] {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, seed))
	return Stage[*item]{Name: name, Workers: workers, Process: func(ctx context.Context, it *item) error {
		mu.Lock()
		d := time.Duration(rng.IntN(300)) * time.Microsecond
		mu.Unlock()
		time.Sleep(d)
		it.trail = append(it.trail, name)
		return nil
	}}
}

func collect(t *testing.T, cfg Config[*item], src iter.Seq2[*item, error]) ([]Result[*item], Stats) {
	t.Helper()
	var got []Result[*item]
	stats, err := Run(context.Background(), cfg, src, func(r Result[*item]) error {
		got = append(got, r)
		return nil
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return got, stats
}

func TestOrderKeptUnderRandomDelays(t *testing.T) {
	tests := []struct {
		name     string
		workers  []int
		inFlight int
		n        int
	}{
		{"one stage one worker", []int{1}, 0, 50},
		{"one stage many workers", []int{8}, 0, 300},
		{"three stages mixed", []int{4, 1, 6}, 0, 300},
		{"tight bound", []int{3, 5}, 2, 200},
		{"bound of one", []int{4, 4}, 1, 50},
		{"no stages", nil, 0, 20},
	}
	for ti, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cfg Config[*item]
			cfg.InFlight = tt.inFlight
			for i, w := range tt.workers {
				cfg.Stages = append(cfg.Stages, jitter(fmt.Sprintf("s%d", i), w, uint64(ti*10+i)))
			}
			got, _ := collect(t, cfg, numbers(tt.n))
			if len(got) != tt.n {
				t.Fatalf("got %d results, want %d", len(got), tt.n)
			}
			for i, r := range got {
				if r.Item.n != i || r.Seq != int64(i) {
					t.Fatalf("result %d holds item %d (seq %d)", i, r.Item.n, r.Seq)
				}
				if r.Err != nil || len(r.Item.trail) != len(tt.workers) {
					t.Fatalf("item %d: err %v, trail %v", i, r.Err, r.Item.trail)
				}
				for j, name := range r.Item.trail {
					if want := fmt.Sprintf("s%d", j); name != want {
						t.Fatalf("item %d went through %v, stages out of order", i, r.Item.trail)
					}
				}
			}
		})
	}
}

var errOdd = errors.New("odd item")

func TestFailuresAreRoutedPerItem(t *testing.T) {
	var after atomic.Int64
	failOdd := Stage[*item]{Name: "check", Workers: 3, Process: func(ctx context.Context, it *item) error {
		if it.n%2 == 1 {
			return fmt.Errorf("item %d: %w", it.n, errOdd)
		}
		return nil
	}}
	panicOnFive := Stage[*item]{Name: "fragile", Workers: 2, Process: func(ctx context.Context, it *item) error {
		if it.n%5 == 0 {
			var m map[string]int
			m["boom"]++ // a real runtime panic, not a staged one
		}
		return nil
	}}
	count := Stage[*item]{Name: "count", Process: func(ctx context.Context, it *item) error {
		after.Add(1)
		return nil
	}}
	readFails := func(yield func(*item, error) bool) {
		for i := range 30 {
			var err error
			if i == 7 {
				err = errors.New("unreadable")
			}
			if !yield(&item{n: i}, err) {
				return
			}
		}
	}

	got, stats := collect(t, Config[*item]{Stages: []Stage[*item]{failOdd, panicOnFive, count}}, readFails)

	tests := []struct {
		n     int
		stage string
		check func(error) bool
	}{
		{0, "fragile", func(err error) bool { var p *PanicError; return errors.As(err, &p) }},
		{1, "check", func(err error) bool { return errors.Is(err, errOdd) }},
		{2, "", func(err error) bool { return err == nil }},
		{7, "read", func(err error) bool { return err != nil && err.Error() == "unreadable" }},
		{10, "fragile", func(err error) bool { return err != nil }},
		{15, "check", func(err error) bool { return errors.Is(err, errOdd) }},
		{28, "", func(err error) bool { return err == nil }},
	}
	for _, tt := range tests {
		r := got[tt.n]
		if r.Item.n != tt.n || r.Stage != tt.stage || !tt.check(r.Err) {
			t.Errorf("item %d: stage %q err %v; want stage %q", r.Item.n, r.Stage, r.Err, tt.stage)
		}
	}
	// Items 0..29: 15 odd fail at check (7 among them at read), evens
	// divisible by 5 (0, 10, 20) panic: 30 - 15 - 3 = 12 reach count.
	if after.Load() != 12 {
		t.Errorf("count stage saw %d items, want 12", after.Load())
	}
	want := map[string][2]int64{"read": {30, 1}, "check": {29, 14}, "fragile": {15, 3}, "count": {12, 0}}
	for _, s := range stats.Stages {
		if w := want[s.Name]; s.Items != w[0] || s.Errors != w[1] {
			t.Errorf("stage %s: items %d errors %d, want %v", s.Name, s.Items, s.Errors, w)
		}
	}
}

func TestPanicKeepsStack(t *testing.T) {
	st := Stage[*item]{Name: "p", Process: func(ctx context.Context, it *item) error { panic("deliberate") }}
	got, _ := collect(t, Config[*item]{Stages: []Stage[*item]{st}}, numbers(1))
	var p *PanicError
	if !errors.As(got[0].Err, &p) || p.Value != "deliberate" || len(p.Stack) == 0 {
		t.Fatalf("err = %#v, want a PanicError with its stack", got[0].Err)
	}
}

func TestInFlightNeverExceedsBound(t *testing.T) {
	for _, bound := range []int{1, 3, 8, 32} {
		t.Run(fmt.Sprint(bound), func(t *testing.T) {
			var created, delivered, worst atomic.Int64
			src := func(yield func(*item, error) bool) {
				for i := range 400 {
					c := created.Add(1)
					if d := c - delivered.Load(); d > worst.Load() {
						worst.Store(d)
					}
					if !yield(&item{n: i}, nil) {
						return
					}
				}
			}
			cfg := Config[*item]{InFlight: bound, Stages: []Stage[*item]{
				jitter("a", 6, 1), jitter("b", 2, 2), jitter("c", 6, 3),
			}}
			_, err := Run(context.Background(), cfg, src, func(r Result[*item]) error {
				delivered.Add(1)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if worst.Load() > int64(bound) {
				t.Fatalf("%d items in flight, bound %d", worst.Load(), bound)
			}
		})
	}
}

// The bytes in flight stay within InFlightBytes, except for an item larger
// than the bound, which passes alone.
func TestInFlightBytesNeverExceedBound(t *testing.T) {
	const bound = 1000
	sizes := make([]int64, 300)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range sizes {
		sizes[i] = 1 + r.Int64N(400)
		if i%50 == 7 {
			sizes[i] = 5000 // larger than the bound
		}
	}
	var mu sync.Mutex
	var inFlight, worst int64
	alone := true
	src := func(yield func(*item, error) bool) {
		for i := range sizes {
			if !yield(&item{n: i}, nil) {
				return
			}
		}
	}
	size := func(it *item) int64 { return sizes[it.n] }
	enter := Stage[*item]{Name: "enter", Workers: 4, Process: func(_ context.Context, it *item) error {
		mu.Lock()
		inFlight += size(it)
		if size(it) > bound && inFlight != size(it) {
			alone = false
		}
		if size(it) <= bound {
			worst = max(worst, inFlight)
		}
		mu.Unlock()
		time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
		return nil
	}}
	cfg := Config[*item]{InFlight: 64, InFlightBytes: bound, Size: size, Stages: []Stage[*item]{enter, jitter("b", 3, 2)}}
	_, err := Run(context.Background(), cfg, src, func(r Result[*item]) error {
		mu.Lock()
		inFlight -= size(r.Item)
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if worst > bound {
		t.Errorf("%d bytes in flight, bound %d", worst, bound)
	}
	if !alone {
		t.Error("an item larger than the bound was in flight with others")
	}
}

func TestCancellationStopsPromptly(t *testing.T) {
	tests := []struct {
		name   string
		cancel func(cancel context.CancelFunc, seen int) // called by the sink
	}{
		{"cancel from sink", func(cancel context.CancelFunc, seen int) {
			if seen == 10 {
				cancel()
			}
		}},
		{"cancel before start", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel == nil {
				cancel()
			}
			slow := Stage[*item]{Name: "slow", Workers: 4, Process: func(ctx context.Context, it *item) error {
				select {
				case <-time.After(time.Millisecond):
				case <-ctx.Done():
				}
				return nil
			}}
			endless := func(yield func(*item, error) bool) {
				for i := 0; ; i++ {
					if !yield(&item{n: i}, nil) {
						return
					}
				}
			}
			seen := 0
			done := make(chan error, 1)
			go func() {
				_, err := Run(ctx, Config[*item]{Stages: []Stage[*item]{slow, jitter("j", 3, 9)}}, endless,
					func(r Result[*item]) error {
						seen++
						if tt.cancel != nil {
							tt.cancel(cancel, seen)
						}
						return nil
					})
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("Run returned %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after cancellation")
			}
			// goleak.VerifyTestMain checks that no goroutine outlives Run;
			// check here too so that the failing case is named.
			if err := goleak.Find(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Once ctx is cancelled no result reaches the sink: an item whose stage
// gave up because of the cancellation (returning ctx.Err()) is no failure
// of the item, and a caller that commits what it is handed (a resumable
// run's journal) must not record it as one.
func TestNothingReachesTheSinkAfterCancellation(t *testing.T) {
	for round := range 20 {
		ctx, cancel := context.WithCancel(context.Background())
		// A stage that gives up when ctx ends, as long stages do.
		wait := Stage[*item]{Name: "wait", Workers: 4, Process: func(ctx context.Context, it *item) error {
			select {
			case <-time.After(time.Duration(it.n%7) * 100 * time.Microsecond):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}}
		endless := func(yield func(*item, error) bool) {
			for i := 0; ; i++ {
				if !yield(&item{n: i}, nil) {
					return
				}
			}
		}
		cancelled := false
		_, err := Run(ctx, Config[*item]{Stages: []Stage[*item]{wait, jitter("j", 2, uint64(round))}}, endless,
			func(r Result[*item]) error {
				if cancelled {
					t.Errorf("round %d: item %d reached the sink after cancellation (err %v)", round, r.Item.n, r.Err)
				}
				if r.Item.n == 50 {
					cancel()
					cancelled = true
				}
				return nil
			})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v, want context.Canceled", err)
		}
	}
}

func TestSinkErrorStopsRun(t *testing.T) {
	stop := errors.New("disk full")
	n := 0
	_, err := Run(context.Background(), Config[*item]{Stages: []Stage[*item]{jitter("a", 4, 5)}}, numbers(1000),
		func(r Result[*item]) error {
			n++
			if n == 5 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want %v", err, stop)
	}
	if n != 5 {
		t.Fatalf("sink called %d times after failing, want it to stop at 5", n)
	}
}

func TestSourcePanicStopsRun(t *testing.T) {
	src := func(yield func(*item, error) bool) {
		yield(&item{}, nil)
		panic("broken reader")
	}
	_, err := Run(context.Background(), Config[*item]{}, src, func(Result[*item]) error { return nil })
	var p *PanicError
	if !errors.As(err, &p) {
		t.Fatalf("err = %v, want a PanicError", err)
	}
}

func TestStatsCountBytesAndBusyTime(t *testing.T) {
	sleepy := Stage[*item]{Name: "sleepy", Workers: 2, Process: func(ctx context.Context, it *item) error {
		time.Sleep(2 * time.Millisecond)
		return nil
	}}
	cfg := Config[*item]{Stages: []Stage[*item]{sleepy}, Size: func(it *item) int64 { return int64(it.n) }}
	_, stats := collect(t, cfg, numbers(10))
	s := stats.Stages[1]
	if s.Name != "sleepy" || s.Workers != 2 || s.Items != 10 || s.Bytes != 45 {
		t.Fatalf("stats = %+v", s)
	}
	if s.Busy < 20*time.Millisecond {
		t.Fatalf("busy %v, want at least 10 × 2ms", s.Busy)
	}
	if stats.Stages[0].Name != "read" || stats.Stages[0].Items != 10 {
		t.Fatalf("source stats = %+v", stats.Stages[0])
	}
}

func BenchmarkOverhead(b *testing.B) {
	pass := Stage[*item]{Name: "pass", Workers: 2, Process: func(context.Context, *item) error { return nil }}
	cfg := Config[*item]{Stages: []Stage[*item]{pass, pass, pass}}
	b.ReportAllocs()
	_, err := Run(context.Background(), cfg, numbers(b.N), func(Result[*item]) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
}
