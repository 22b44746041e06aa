package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/entopic/entopic/stages/write"
)

// TestMain lets a test run this package's main as a real process: the
// kill-and-resume test starts the test binary with ENTOPIC_RUN_MAIN set.
func TestMain(m *testing.M) {
	if os.Getenv("ENTOPIC_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestKillAndResume kills a real `entopic run` at random moments, with
// SIGKILL and with SIGINT, and resumes it each time until it finishes: the
// tables then equal an uninterrupted run's byte for byte.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entopic several times")
	}
	if raceEnabled {
		t.Skip("times its signals against runs the race detector slows tenfold: .ci/run runs it without -race")
	}
	corpus := killCorpus(t)
	dir := t.TempDir()
	flags := []string{"--workers", "2", "--part-rows", "150", "--progress=false"}

	want := filepath.Join(dir, "uninterrupted")
	start := time.Now()
	if out, err := entopicCmd(append([]string{"run", corpus, "-o", want}, flags...)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	whole := time.Since(start) // loading and work: kills fall within it

	got := filepath.Join(dir, "resumed")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	kills, resumedAfterWork, restarts := 0, 0, 0
	for attempt := 0; ; attempt++ {
		runStart := time.Now()
		args := append([]string{"run", corpus, "-o", got}, flags...)
		if _, err := os.Stat(filepath.Join(got, write.JournalName)); err == nil {
			args = append(args, "--resume")
		}
		cmd := entopicCmd(args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if attempt >= 6 {
			// Enough kills: let it finish.
			if err := <-done; err != nil {
				t.Fatalf("final run: %v\n%s", err, stderr.String())
			}
			break
		}
		// Somewhere between the end of loading (about half the whole
		// run on this corpus) and the end.
		delay := whole*4/10 + time.Duration(rng.Int64N(int64(whole*5/10)))
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d: %v\n%s", attempt, err, stderr.String())
			}
			if resumedAfterWork == 0 && restarts < 5 {
				// The run finished before its signal: the machine got
				// faster than when the whole run was timed (other tests
				// had finished). Start again, timed on this run.
				restarts++
				whole = time.Since(runStart)
				if err := os.RemoveAll(got); err != nil {
					t.Fatal(err)
				}
				t.Logf("run %d finished before its signal; starting again with runs of %v", attempt, whole)
				attempt = -1
				continue
			}
		case <-time.After(delay):
			sig := syscall.SIGKILL
			if attempt%2 == 1 {
				sig = syscall.SIGINT
			}
			cmd.Process.Signal(sig)
			if err := <-done; err == nil {
				break // it had finished as the signal came
			}
			kills++
			committed := journalRecords(got)
			if committed > 0 {
				resumedAfterWork++
			}
			t.Logf("run %d: %v after %v, %d records committed", attempt, sig, delay, committed)
			continue
		}
		break
	}
	if kills == 0 || resumedAfterWork == 0 {
		t.Fatalf("%d runs interrupted, %d after committing records: the test proves nothing", kills, resumedAfterWork)
	}
	for _, table := range []string{write.Documents, write.Mentions, write.Entities, write.Topics, write.Keywords, write.Errors} {
		a, b := partFiles(t, filepath.Join(want, table)), partFiles(t, filepath.Join(got, table))
		if !slices.Equal(a, b) {
			t.Errorf("%s: parts %v, want %v", table, b, a)
			continue
		}
		for _, name := range a {
			x, _ := os.ReadFile(filepath.Join(want, table, name))
			y, _ := os.ReadFile(filepath.Join(got, table, name))
			if !bytes.Equal(x, y) {
				t.Errorf("%s/%s differs from the uninterrupted run's", table, name)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(got, write.JournalName)); err == nil {
		t.Error("the finished run kept its journal")
	}
}

// journalRecords reads how many records the journal in out says are
// committed (0 when there is none).
func journalRecords(out string) int64 {
	b, err := os.ReadFile(filepath.Join(out, write.JournalName))
	if err != nil {
		return 0
	}
	var j struct{ Records int64 }
	json.Unmarshal(b, &j)
	return j.Records
}

// entopicCmd returns the command that runs this package's main.
func entopicCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "ENTOPIC_RUN_MAIN=1")
	return cmd
}

func partFiles(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// killCorpus writes the first 600 records of the Chinese benchmark corpus
// and a few broken lines.
func killCorpus(t *testing.T) string {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "bench", "zh-news.jsonl"))
	if err != nil {
		t.Skipf("the benchmark corpus is not here (%v): the test needs ../shared/data/bench", err)
	}
	defer f.Close()
	var b bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for i := 0; i < 600 && sc.Scan(); i++ {
		b.Write(sc.Bytes())
		b.WriteByte('\n')
		if i%50 == 0 {
			fmt.Fprintf(&b, "{\"id\": \"broken-%d\", \n", i)
		}
	}
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
